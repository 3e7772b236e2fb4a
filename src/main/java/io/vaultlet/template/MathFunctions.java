package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.Map;

/**
 * consul-template's math: {@code {{ a | op b }}} computes {@code a op b}. int with int (or uint) gives int, uint with
 * uint gives uint, anything with a float gives float64; {@code modulo} is integers only.
 */
final class MathFunctions {

  private static final BigInteger UINT64_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private enum Kind { INT, UINT, FLOAT }

  private enum Op { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO, MINIMUM, MAXIMUM }

  private MathFunctions() {}

  static void register(Map<String, TemplateFunction> fns) {
    for (Op op : Op.values()) {
      String name = op.name().toLowerCase(java.util.Locale.ROOT);
      fns.put(name, args -> {
        Args.count(name, args, 2);
        return apply(name, op, args.get(1), args.get(0));
      });
    }
  }

  private static Kind kind(String name, Object v) {
    if (GoTypes.isInteger(v)) {
      return Kind.INT;
    }
    if (v instanceof BigInteger) {
      return Kind.UINT;
    }
    if (GoTypes.isFloat(v)) {
      return Kind.FLOAT;
    }
    throw new IllegalArgumentException(name + ": unknown type for " + GoFormat.quote(String.valueOf(v)) + " ("
        + GoTypes.typeName(v) + ")");
  }

  static Object apply(String name, Op op, Object a, Object b) {
    Kind ka = kind(name, a);
    Kind kb = kind(name, b);
    if (op == Op.MODULO && (ka == Kind.FLOAT || kb == Kind.FLOAT)) {
      Object bad = ka == Kind.FLOAT ? a : b;
      throw new IllegalArgumentException(name + ": unknown type for " + GoFormat.quote(String.valueOf(bad)) + " ("
          + GoTypes.typeName(bad) + ")");
    }
    if (op == Op.MINIMUM || op == Op.MAXIMUM) {
      boolean aLess = compare(a, ka, b, kb) < 0;
      boolean pickA = op == Op.MINIMUM ? aLess : !aLess && compare(a, ka, b, kb) > 0;
      return pickA ? a : b;
    }
    if (ka == Kind.FLOAT || kb == Kind.FLOAT) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      switch (op) {
        case ADD: return x + y;
        case SUBTRACT: return x - y;
        case MULTIPLY: return x * y;
        default: return x / y;
      }
    }
    if (ka == Kind.UINT && kb == Kind.UINT) {
      BigInteger x = (BigInteger) a;
      BigInteger y = (BigInteger) b;
      BigInteger r;
      switch (op) {
        case ADD: r = x.add(y); break;
        case SUBTRACT: r = x.subtract(y); break;
        case MULTIPLY: r = x.multiply(y); break;
        case DIVIDE: r = divideCheck(y) ? x.divide(y) : null; break;
        default: r = divideCheck(y) ? x.mod(y) : null; break;
      }
      r = r.and(UINT64_MASK);
      return r.bitLength() < 64 ? (Object) r.longValue() : r;
    }
    long x = ((Number) a).longValue();
    long y = ((Number) b).longValue();
    switch (op) {
      case ADD: return x + y;
      case SUBTRACT: return x - y;
      case MULTIPLY: return x * y;
      case DIVIDE:
        if (y == 0) {
          throw new ArithmeticException("runtime error: integer divide by zero");
        }
        return x / y;
      default:
        if (y == 0) {
          throw new ArithmeticException("runtime error: integer divide by zero");
        }
        return x % y;
    }
  }

  private static boolean divideCheck(BigInteger y) {
    if (y.signum() == 0) {
      throw new ArithmeticException("runtime error: integer divide by zero");
    }
    return true;
  }

  private static int compare(Object a, Kind ka, Object b, Kind kb) {
    if (ka == Kind.FLOAT || kb == Kind.FLOAT) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    BigInteger x = a instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) a).longValue());
    BigInteger y = b instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) b).longValue());
    return x.compareTo(y);
  }
}
