package io.vaultlet.template;

import static io.vaultlet.template.SprigFunctions.toFloat64;
import static io.vaultlet.template.SprigFunctions.toInt64;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.RenderBudget;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Sprig's conversions and arithmetic. Integers go through {@code cast.ToInt64} (a float truncates, a string parses
 * with Go's base prefixes, anything else is 0); the {@code …f} forms compute in {@code shopspring/decimal} from each
 * operand's shortest decimal form ({@code 0.1 | addf 0.2} is 0.3) and divide to 16 decimal places.
 */
final class SprigNumbers {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SprigNumbers() {}

  static void register(Map<String, TemplateFunction> s) {
    s.put("atoi", a -> {
      Args.count("atoi", a, 1);
      String str = Args.string(a, 0);
      return str.matches("[+-]?\\d+") ? SprigFunctions.parseGoInt(str.replaceFirst("^([+-]?)0+(?=\\d)", "$1")) : 0L;
    });
    s.put("int64", a -> { Args.count("int64", a, 1); return toInt64(a.get(0)); });
    s.put("int", a -> { Args.count("int", a, 1); return toInt64(a.get(0)); });
    s.put("float64", a -> { Args.count("float64", a, 1); return toFloat64(a.get(0)); });
    s.put("toDecimal", a -> {
      Args.count("toDecimal", a, 1);
      try {
        return Long.parseLong(GoFormat.formatValue(a.get(0)), 8);
      } catch (NumberFormatException e) {
        return 0L;
      }
    });
    s.put("seq", SprigNumbers::seq);
    s.put("until", a -> {
      Args.count("until", a, 1);
      long count = Args.integer(a, 0);
      return untilStep(0, count, count < 0 ? -1 : 1);
    });
    s.put("untilStep", a -> {
      Args.count("untilStep", a, 3);
      return untilStep(Args.integer(a, 0), Args.integer(a, 1), Args.integer(a, 2));
    });
    s.put("add1", a -> { Args.count("add1", a, 1); return toInt64(a.get(0)) + 1; });
    s.put("add", a -> {
      long sum = 0;
      for (Object o : a) {
        sum += toInt64(o);
      }
      return sum;
    });
    s.put("sub", a -> { Args.count("sub", a, 2); return toInt64(a.get(0)) - toInt64(a.get(1)); });
    s.put("div", a -> {
      Args.count("div", a, 2);
      long d = toInt64(a.get(1));
      if (d == 0) {
        throw new IllegalStateException("runtime error: integer divide by zero");
      }
      return toInt64(a.get(0)) / d;
    });
    s.put("mod", a -> {
      Args.count("mod", a, 2);
      long d = toInt64(a.get(1));
      if (d == 0) {
        throw new IllegalStateException("runtime error: integer divide by zero");
      }
      return toInt64(a.get(0)) % d;
    });
    s.put("mul", a -> {
      Args.atLeast("mul", a, 1);
      long p = toInt64(a.get(0));
      for (Object o : a.subList(1, a.size())) {
        p *= toInt64(o);
      }
      return p;
    });
    s.put("randInt", a -> {
      Args.count("randInt", a, 2);
      long min = Args.integer(a, 0);
      long max = Args.integer(a, 1);
      if (max - min <= 0) {
        throw new IllegalStateException("invalid argument to Intn");
      }
      return min + RANDOM.nextLong(max - min);
    });
    s.put("add1f", a -> { Args.count("add1f", a, 1); return decimalOp(a.get(0), List.of(1L), BigDecimal::add); });
    s.put("addf", a -> decimalOp(0.0, a, BigDecimal::add));
    s.put("subf", a -> { Args.atLeast("subf", a, 1); return decimalOp(a.get(0), a.subList(1, a.size()), BigDecimal::subtract); });
    s.put("mulf", a -> { Args.atLeast("mulf", a, 1); return decimalOp(a.get(0), a.subList(1, a.size()), BigDecimal::multiply); });
    s.put("divf", a -> {
      Args.atLeast("divf", a, 1);
      return decimalOp(a.get(0), a.subList(1, a.size()), (x, y) -> {
        if (y.signum() == 0) {
          throw new IllegalStateException("decimal division by 0");
        }
        return x.divide(y, 16, RoundingMode.HALF_UP);
      });
    });
    TemplateFunction max = a -> extreme("max", a, true);
    s.put("biggest", max);
    s.put("max", max);
    s.put("min", a -> extreme("min", a, false));
    s.put("maxf", a -> {
      Args.atLeast("maxf", a, 1);
      double m = toFloat64(a.get(0));
      for (Object o : a.subList(1, a.size())) {
        m = Math.max(m, toFloat64(o));
      }
      return m;
    });
    s.put("minf", a -> {
      Args.atLeast("minf", a, 1);
      double m = toFloat64(a.get(0));
      for (Object o : a.subList(1, a.size())) {
        m = Math.min(m, toFloat64(o));
      }
      return m;
    });
    s.put("ceil", a -> { Args.count("ceil", a, 1); return Math.ceil(toFloat64(a.get(0))); });
    s.put("floor", a -> { Args.count("floor", a, 1); return Math.floor(toFloat64(a.get(0))); });
    s.put("round", a -> {
      Args.atLeast("round", a, 2);
      double roundOn = a.size() > 2 ? toFloat64(a.get(2)) : .5;
      double val = toFloat64(a.get(0));
      double pow = Math.pow(10, Args.integer(a, 1));
      double digit = pow * val;
      double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
      return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
    });
  }

  private static Object extreme(String name, List<Object> a, boolean max) {
    Args.atLeast(name, a, 1);
    long m = toInt64(a.get(0));
    for (Object o : a.subList(1, a.size())) {
      long v = toInt64(o);
      m = max ? Math.max(m, v) : Math.min(m, v);
    }
    return m;
  }

  /** {@code execDecimalOp}: each operand as {@code decimal.NewFromFloat}, folded with {@code op}, back to float64. */
  private static double decimalOp(Object first, List<Object> rest, BinaryOperator<BigDecimal> op) {
    BigDecimal acc = decimal(toFloat64(first));
    for (Object o : rest) {
      acc = op.apply(acc, decimal(toFloat64(o)));
    }
    return acc.doubleValue();
  }

  /** {@code decimal.NewFromFloat}: the shortest decimal that reads back as the same float64. */
  private static BigDecimal decimal(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new IllegalStateException("Cannot create a Decimal from " + GoFormat.formatFloat(f, 'g', -1));
    }
    return new BigDecimal(GoFormat.formatFloat(f, 'g', -1), MathContext.UNLIMITED);
  }

  static List<Object> untilStep(long start, long stop, long step) {
    LongRange r = LongRange.of(start, stop, step);
    RenderBudget.current().charge(r.size()); // every element is a step of the render's budget
    return r;
  }


  private static Object seq(List<Object> a) {
    long[] p = new long[a.size()];
    for (int i = 0; i < a.size(); i++) {
      p[i] = Args.integer(a, i);
    }
    List<Object> out;
    switch (p.length) {
      case 1 -> {
        long inc = p[0] < 1 ? -1 : 1;
        out = untilStep(1, p[0] + inc, inc);
      }
      case 2 -> {
        long step = p[1] < p[0] ? -1 : 1;
        out = untilStep(p[0], p[1] + step, step);
      }
      case 3 -> {
        long inc = 1;
        if (p[2] < p[0]) {
          inc = -1;
          if (p[1] > 0) {
            return "";
          }
        }
        out = untilStep(p[0], p[2] + inc, p[1]);
      }
      default -> {
        return "";
      }
    }
    List<String> parts = new ArrayList<>();
    out.forEach(o -> parts.add(String.valueOf(o)));
    return String.join(" ", parts);
  }
}
