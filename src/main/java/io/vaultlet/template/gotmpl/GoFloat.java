package io.vaultlet.template.gotmpl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.AppendFloat} for float64 and float32: formats {@code e E f g G b x X}, precision {@code -1}
 * for the shortest decimal that reads back as the same value.
 *
 * <p>Digits come from the exact binary value ({@link BigDecimal#BigDecimal(double)} is exact), rounded half to
 * even as Go rounds. The shortest form is searched for directly rather than taken from {@link Double#toString},
 * which in Java 17 sometimes yields a digit more than needed (fixed in JDK 19): among the decimals that read back
 * as the value, the one with fewest digits, then the one nearest the exact value, ties to an even last digit.
 * The interval of such decimals includes its ends when the binary mantissa is even, as in Go.
 */
final class GoFloat {

  /** Decimal digits {@code 0.d1d2...dn × 10^dp} without trailing zeros; zero has no digits and dp 0. */
  record Digits(String d, int dp) {
    int nd() {
      return d.length();
    }
  }

  private static final Digits ZERO = new Digits("", 0);
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final double TWO_53 = 9007199254740992.0;
  private static final double TWO_50 = 1125899906842624.0;
  private static final double TWO_40 = 1099511627776.0;
  /** Powers of ten that are exact doubles. */
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22
  };
  private static final float TWO_24 = 16777216.0f;

  private GoFloat() {}

  /** {@code strconv.FormatFloat(v, fmt, prec, bitSize)}. */
  static String format(double v, char fmt, int prec, int bitSize) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, v, fmt, prec, bitSize);
    return sb.toString();
  }

  /** {@code strconv.AppendFloat(dst, v, fmt, prec, bitSize)}. */
  static void append(StringBuilder dst, double v, char fmt, int prec, int bitSize) {
    boolean is32 = bitSize == 32;
    long bits;
    int mantBits;
    int expBits;
    int bias;
    if (is32) {
      bits = Float.floatToRawIntBits((float) v) & 0xFFFFFFFFL;
      mantBits = 23;
      expBits = 8;
      bias = -127;
    } else {
      bits = Double.doubleToRawLongBits(v);
      mantBits = 52;
      expBits = 11;
      bias = -1023;
    }
    boolean neg = (bits >>> (expBits + mantBits)) != 0;
    int exp = (int) (bits >>> mantBits) & ((1 << expBits) - 1);
    long mant = bits & ((1L << mantBits) - 1);
    if (exp == (1 << expBits) - 1) {
      dst.append(mant != 0 ? "NaN" : neg ? "-Inf" : "+Inf");
      return;
    }
    if (exp == 0) {
      exp++;
    } else {
      mant |= 1L << mantBits;
    }
    exp += bias;
    if (fmt == 'b') {
      appendB(dst, neg, mant, exp - mantBits);
      return;
    }
    if (fmt == 'x' || fmt == 'X') {
      appendX(dst, prec, fmt, neg, mant, exp, mantBits);
      return;
    }
    double abs = Math.abs(is32 ? (double) (float) v : v);
    if (prec < 0) {
      appendShortest(dst, neg, is32 ? shortest((float) abs) : shortest(abs), fmt);
    } else {
      appendRounded(dst, neg, abs, fmt, prec);
    }
  }

  /** Precision -1: the shortest digits, laid out with as many digits as they have. */
  private static void appendShortest(StringBuilder dst, boolean neg, Digits digs, char fmt) {
    int prec = switch (fmt) {
      case 'e', 'E' -> Math.max(digs.nd() - 1, 0);
      case 'f' -> Math.max(digs.nd() - digs.dp(), 0);
      default -> digs.nd();
    };
    formatDigits(dst, true, neg, digs, prec, fmt);
  }

  /** An explicit precision: the exact value rounded half-even to it. */
  private static void appendRounded(StringBuilder dst, boolean neg, double abs, char fmt, int prec) {
    Digits digs;
    switch (fmt) {
      case 'e', 'E' -> digs = roundSignificant(abs, prec + 1);
      case 'f' -> digs = roundFraction(abs, prec);
      case 'g', 'G' -> {
        if (prec == 0) {
          prec = 1;
        }
        digs = roundSignificant(abs, prec);
      }
      default -> digs = roundSignificant(abs, 1);
    }
    formatDigits(dst, false, neg, digs, prec, fmt);
  }

  private static void formatDigits(StringBuilder dst, boolean shortest, boolean neg, Digits digs, int prec, char fmt) {
    switch (fmt) {
      case 'e', 'E' -> appendE(dst, neg, digs, prec, fmt);
      case 'f' -> appendF(dst, neg, digs, prec);
      case 'g', 'G' -> {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp()) {
          eprec = digs.nd();
        }
        // Shortest output switches to exponent form outside [1e-4, 1e6), as %e's default precision would.
        if (shortest) {
          eprec = 6;
        }
        int exp = digs.dp() - 1;
        if (exp < -4 || exp >= eprec) {
          if (prec > digs.nd()) {
            prec = digs.nd();
          }
          appendE(dst, neg, digs, prec - 1, fmt == 'g' ? 'e' : 'E');
          return;
        }
        if (prec > digs.dp()) {
          prec = digs.nd();
        }
        appendF(dst, neg, digs, Math.max(prec - digs.dp(), 0));
      }
      default -> dst.append('%').append(fmt);
    }
  }

  // ---- digit generation

  /** The shortest digits that read back as {@code v} (v finite and non-negative). */
  static Digits shortest(double v) {
    if (v == 0) {
      return ZERO;
    }
    if (v <= TWO_53 && v == Math.rint(v)) {
      // Neighbours are at most 1 apart, so any shorter decimal (a multiple of 10) is outside the interval.
      return integerDigits((long) v);
    }
    if (v >= 1e-7 && v < TWO_50) {
      Digits fast = shortestByDivision(v);
      if (fast != null) {
        return fast;
      }
    }
    return shortestExact(v);
  }

  /** {@link #shortest(double)} by the exact search only (v finite and positive). */
  static Digits shortestExact(double v) {
    long mantissa = Double.doubleToRawLongBits(v) & ((1L << 52) - 1);
    BigDecimal exact = new BigDecimal(v);
    BigDecimal upper = exact.add(new BigDecimal(Math.ulp(v)).multiply(HALF));
    BigDecimal lower = exact.subtract(new BigDecimal(Math.ulp(Math.nextDown(v))).multiply(HALF));
    return shortestIn(exact, lower, upper, (mantissa & 1) == 0, guessDigits(Double.toString(v)), 17);
  }

  /** The shortest digits that read back as the float32 {@code v} (finite and non-negative). */
  static Digits shortest(float v) {
    if (v == 0) {
      return ZERO;
    }
    if (v <= TWO_24 && v == Math.rint(v)) {
      return integerDigits((long) v);
    }
    int mantissa = Float.floatToRawIntBits(v) & ((1 << 23) - 1);
    BigDecimal exact = new BigDecimal(v);
    BigDecimal upper = exact.add(new BigDecimal(Math.ulp(v)).multiply(HALF));
    BigDecimal lower = exact.subtract(new BigDecimal(Math.ulp(Math.nextDown(v))).multiply(HALF));
    return shortestIn(exact, lower, upper, (mantissa & 1) == 0, guessDigits(Float.toString(v)), 9);
  }

  /**
   * The fast path for values with at most about 15 significant digits (most template data): the fewest decimals
   * {@code d} for which an integer {@code c} has {@code c / 10^d == v}. Both operands are exact doubles, so IEEE
   * division rounds the decimal {@code c×10^-d} exactly as parsing it would (half to even): the test is exactly
   * "reads back as v". While {@code v×10^d < 2^50} at most one integer reads back, within one of the rounded product.
   * Returns null when unsure, and the exact search decides.
   */
  private static Digits shortestByDivision(double v) {
    for (int d = 1; d < POW10.length; d++) {
      double scale = POW10[d];
      double scaled = v * scale;
      if (scaled >= TWO_50) {
        return null;
      }
      long c = Math.round(scaled);
      boolean below = (c - 1) / scale == v;
      boolean at = c / scale == v;
      boolean above = (c + 1) / scale == v;
      if (below || at || above) {
        if ((below ? 1 : 0) + (at ? 1 : 0) + (above ? 1 : 0) > 1) {
          return null;
        }
        long digits = below ? c - 1 : at ? c : c + 1;
        Digits id = integerDigits(digits);
        return new Digits(id.d(), id.dp() - d);
      }
    }
    return null;
  }

  private static Digits shortestIn(
      BigDecimal exact, BigDecimal lower, BigDecimal upper, boolean inclusive, int guess, int max) {
    int k = Math.max(1, Math.min(guess, max));
    if (fits(exact, lower, upper, inclusive, k)) {
      while (k > 1 && fits(exact, lower, upper, inclusive, k - 1)) {
        k--;
      }
    } else {
      while (k < max && !fits(exact, lower, upper, inclusive, k)) {
        k++;
      }
    }
    BigDecimal down = exact.round(new MathContext(k, RoundingMode.FLOOR));
    BigDecimal up = exact.round(new MathContext(k, RoundingMode.CEILING));
    boolean downOk = aboveLower(down, lower, inclusive);
    boolean upOk = belowUpper(up, upper, inclusive);
    BigDecimal chosen;
    if (downOk && upOk) {
      chosen = exact.round(new MathContext(k, RoundingMode.HALF_EVEN));
    } else {
      chosen = downOk ? down : up;
    }
    return digitsOf(chosen);
  }

  /** Whether some decimal of {@code k} significant digits reads back as the value. */
  private static boolean fits(BigDecimal exact, BigDecimal lower, BigDecimal upper, boolean inclusive, int k) {
    return aboveLower(exact.round(new MathContext(k, RoundingMode.FLOOR)), lower, inclusive)
        || belowUpper(exact.round(new MathContext(k, RoundingMode.CEILING)), upper, inclusive);
  }

  private static boolean aboveLower(BigDecimal d, BigDecimal lower, boolean inclusive) {
    int c = d.compareTo(lower);
    return c > 0 || (inclusive && c == 0);
  }

  private static boolean belowUpper(BigDecimal d, BigDecimal upper, boolean inclusive) {
    int c = d.compareTo(upper);
    return c < 0 || (inclusive && c == 0);
  }

  /** Significant digits in Java's rendering, a starting point for the search (never trusted as the answer). */
  private static int guessDigits(String javaString) {
    int count = 0;
    int trailingZeros = 0;
    boolean started = false;
    for (int i = 0; i < javaString.length(); i++) {
      char c = javaString.charAt(i);
      if (c == 'E') {
        break;
      }
      if (c >= '1' && c <= '9') {
        started = true;
        count++;
        trailingZeros = 0;
      } else if (c == '0' && started) {
        count++;
        trailingZeros++;
      }
    }
    return count - trailingZeros;
  }

  private static Digits integerDigits(long n) {
    String s = Long.toString(n);
    int nd = s.length();
    while (nd > 0 && s.charAt(nd - 1) == '0') {
      nd--;
    }
    return new Digits(s.substring(0, nd), s.length());
  }

  /** {@code v} rounded half-even to {@code n} significant digits (n ≥ 1). */
  static Digits roundSignificant(double v, int n) {
    if (v == 0) {
      return ZERO;
    }
    return digitsOf(new BigDecimal(v).round(new MathContext(n, RoundingMode.HALF_EVEN)));
  }

  /** {@code v} rounded half-even to {@code n} digits after the decimal point. */
  static Digits roundFraction(double v, int n) {
    if (v == 0) {
      return ZERO;
    }
    if (n < POW10.length) {
      Digits fast = roundFractionInDoubles(v, n);
      if (fast != null) {
        return fast;
      }
    }
    return digitsOf(new BigDecimal(v).setScale(n, RoundingMode.HALF_EVEN));
  }

  /**
   * {@link #roundFraction} without BigDecimal when the answer is certain (the common {@code %.2f}): below 2^40 the
   * product {@code v×10^n} is within 2^-13 of the exact one, so unless it lies that close to a half the nearest
   * integer is the same for both. Returns null otherwise (including exact halves, which round to even).
   */
  private static Digits roundFractionInDoubles(double v, int n) {
    double scaled = v * POW10[n];
    if (scaled >= TWO_40) {
      return null;
    }
    double floor = Math.floor(scaled);
    double frac = scaled - floor;
    if (Math.abs(frac - 0.5) <= 0x1p-12) {
      return null;
    }
    long rounded = (long) floor + (frac > 0.5 ? 1 : 0);
    if (rounded == 0) {
      return ZERO;
    }
    Digits id = integerDigits(rounded);
    return new Digits(id.d(), id.dp() - n);
  }

  private static Digits digitsOf(BigDecimal d) {
    if (d.signum() == 0) {
      return ZERO;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    String s = stripped.unscaledValue().abs().toString();
    return new Digits(s, s.length() - stripped.scale());
  }

  // ---- layouts

  /** {@code %e}: -d.ddddde±dd. */
  private static void appendE(StringBuilder dst, boolean neg, Digits d, int prec, char fmt) {
    if (neg) {
      dst.append('-');
    }
    String digits = d.d();
    int nd = digits.length();
    dst.append(nd != 0 ? digits.charAt(0) : '0');
    if (prec > 0) {
      dst.append('.');
      int m = Math.min(nd, prec + 1);
      int i = 1;
      if (i < m) {
        dst.append(digits, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        dst.append('0');
      }
    }
    dst.append(fmt);
    int exp = nd == 0 ? 0 : d.dp() - 1;
    if (exp < 0) {
      dst.append('-');
      exp = -exp;
    } else {
      dst.append('+');
    }
    if (exp < 10) {
      dst.append('0').append((char) ('0' + exp));
    } else {
      dst.append(exp);
    }
  }

  /** {@code %f}: -ddddd.ddddd. */
  private static void appendF(StringBuilder dst, boolean neg, Digits d, int prec) {
    if (neg) {
      dst.append('-');
    }
    String digits = d.d();
    int nd = digits.length();
    int dp = d.dp();
    if (dp > 0) {
      int m = Math.min(nd, dp);
      dst.append(digits, 0, m);
      for (; m < dp; m++) {
        dst.append('0');
      }
    } else {
      dst.append('0');
    }
    if (prec > 0) {
      dst.append('.');
      for (int i = 0; i < prec; i++) {
        int j = dp + i;
        dst.append(j >= 0 && j < nd ? digits.charAt(j) : '0');
      }
    }
  }

  /** {@code %b}: -ddddp±ddd, the binary mantissa and exponent in decimal. */
  private static void appendB(StringBuilder dst, boolean neg, long mant, int exp) {
    if (neg) {
      dst.append('-');
    }
    dst.append(mant).append('p');
    if (exp >= 0) {
      dst.append('+');
    }
    dst.append(exp);
  }

  /** {@code %x}: -0x1.hhhhp±dd, or -0x0p+00 for zero; precision rounds the hex digits half-even. */
  private static void appendX(StringBuilder dst, int prec, char fmt, boolean neg, long mant, int exp, int mantBits) {
    if (mant == 0) {
      exp = 0;
    }
    mant <<= 60 - mantBits;
    while (mant != 0 && (mant & (1L << 60)) == 0) {
      mant <<= 1;
      exp--;
    }
    if (prec >= 0 && prec < 15) {
      int shift = prec * 4;
      long extra = (mant << shift) & ((1L << 60) - 1);
      mant >>>= 60 - shift;
      if ((extra | (mant & 1)) > 1L << 59) {
        mant++;
      }
      mant <<= 60 - shift;
      if ((mant & (1L << 61)) != 0) {
        mant >>>= 1;
        exp++;
      }
    }
    String hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    if (neg) {
      dst.append('-');
    }
    dst.append('0').append(fmt).append((char) ('0' + ((mant >>> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
      dst.append('.');
      while (mant != 0) {
        dst.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    } else if (prec > 0) {
      dst.append('.');
      for (int i = 0; i < prec; i++) {
        dst.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    }
    dst.append(fmt == 'X' ? 'P' : 'p');
    if (exp < 0) {
      dst.append('-');
      exp = -exp;
    } else {
      dst.append('+');
    }
    if (exp < 10) {
      dst.append('0');
    }
    dst.append(exp);
  }
}
