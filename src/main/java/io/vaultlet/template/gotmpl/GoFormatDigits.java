package io.vaultlet.template.gotmpl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The decimal digits of a float for {@link GoFloat}: {@code 0.d1d2...dn × 10^dp}, no trailing zeros (zero has no
 * digits and dp 0). Either the shortest digits that read back as the value, or the value rounded to a precision.
 *
 * <p>Rounding is of the exact binary value ({@link BigDecimal#BigDecimal(double)} is exact), half to even as Go
 * rounds. Shortest means, as in Go: among the decimals that read back as the value, the fewest digits, then the
 * one nearest the exact value, ties to an even last digit; the interval of such decimals includes its ends when
 * the binary mantissa is even. Java 17's {@link Double#toString} is not trusted for this (it sometimes gives a
 * digit too many, fixed in JDK 19): fast paths answer only when provably right, and an exact search decides the
 * rest.
 */
record GoFormatDigits(String d, int dp) {

  private static final GoFormatDigits ZERO = new GoFormatDigits("", 0);
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

  /** The number of digits. */
  int nd() {
    return d.length();
  }

  /** The shortest digits that read back as {@code v} (v finite and non-negative). */
  static GoFormatDigits shortest(double v) {
    if (v == 0) {
      return ZERO;
    }
    if (v <= TWO_53 && v == Math.rint(v)) {
      // Neighbours are at most 1 apart, so any shorter decimal (a multiple of 10) is outside the interval.
      return integerDigits((long) v);
    }
    if (v >= 1e-7 && v < TWO_50) {
      GoFormatDigits fast = shortestByDivision(v);
      if (fast != null) {
        return fast;
      }
    }
    GoFormatDigits checked = shortestFromJava(v);
    return checked != null ? checked : shortestExact(v);
  }

  /**
   * The shortest digits found from Java's {@link Double#toString}, or null when the exact search must decide.
   * Java's digits {@code m×10^e} read back as {@code v} but may be one digit too many or not the nearest. If neither
   * neighbour with a digit fewer ({@code ⌊m/10⌋}, {@code ⌊m/10⌋+1}) reads back, no shorter decimal does, so Go's
   * answer has m's length: m itself when neither {@code m-1} nor {@code m+1} reads back (it is the only one), else
   * the nearest decimal of that length that reads back. Reading back is {@link Double#parseDouble}, which rounds
   * correctly (half to even, as Go's interval ends).
   */
  static GoFormatDigits shortestFromJava(double v) {
    String s = Double.toString(v);
    long m = 0;
    int e = 0;
    boolean afterPoint = false;
    int i = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'E') {
        break;
      }
      if (c == '.') {
        afterPoint = true;
        continue;
      }
      if (afterPoint) {
        e--;
      }
      m = m * 10 + (c - '0');
    }
    if (i < s.length()) {
      e += Integer.parseInt(s, i + 1, s.length(), 10);
    }
    if (m == 0) {
      return null;
    }
    while (m % 10 == 0) {
      m /= 10;
      e++;
    }
    long shorter = m / 10;
    if (readsBack(shorter, e + 1, v) || readsBack(shorter + 1, e + 1, v)) {
      return null;
    }
    GoFormatDigits id = integerDigits(m);
    if (!readsBack(m - 1, e, v) && !readsBack(m + 1, e, v)) {
      return new GoFormatDigits(id.d(), id.dp() + e);
    }
    return nearestReadingBack(v, id.nd());
  }

  /**
   * Among the decimals of {@code n} significant digits that read back as {@code v} (at least one does), the nearest:
   * {@code v} rounded half-even to n digits if that reads back, else the neighbour on the other side of v.
   */
  private static GoFormatDigits nearestReadingBack(double v, int n) {
    BigDecimal exact = new BigDecimal(v);
    BigDecimal nearest = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
    if (readsBack(nearest, v)) {
      return digitsOf(nearest);
    }
    RoundingMode otherSide = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
    BigDecimal other = exact.round(new MathContext(n, otherSide));
    return readsBack(other, v) ? digitsOf(other) : null;
  }

  private static boolean readsBack(BigDecimal d, double v) {
    return Double.parseDouble(d.toString()) == v;
  }

  private static boolean readsBack(long digits, int exp, double v) {
    return digits > 0 && Double.parseDouble(digits + "E" + exp) == v;
  }

  /** {@link #shortest(double)} by the exact search only (v finite and positive). */
  static GoFormatDigits shortestExact(double v) {
    long mantissa = Double.doubleToRawLongBits(v) & ((1L << 52) - 1);
    BigDecimal exact = new BigDecimal(v);
    BigDecimal upper = exact.add(new BigDecimal(Math.ulp(v)).multiply(HALF));
    BigDecimal lower = exact.subtract(new BigDecimal(Math.ulp(Math.nextDown(v))).multiply(HALF));
    return shortestIn(exact, lower, upper, (mantissa & 1) == 0, guessDigits(Double.toString(v)), 17);
  }

  /** The shortest digits that read back as the float32 {@code v} (finite and non-negative). */
  static GoFormatDigits shortest(float v) {
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
  private static GoFormatDigits shortestByDivision(double v) {
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
        GoFormatDigits id = integerDigits(digits);
        return new GoFormatDigits(id.d(), id.dp() - d);
      }
    }
    return null;
  }

  private static GoFormatDigits shortestIn(
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

  private static GoFormatDigits integerDigits(long n) {
    String s = Long.toString(n);
    int nd = s.length();
    while (nd > 0 && s.charAt(nd - 1) == '0') {
      nd--;
    }
    return new GoFormatDigits(s.substring(0, nd), s.length());
  }

  /** {@code v} rounded half-even to {@code n} significant digits (n ≥ 1). */
  static GoFormatDigits roundSignificant(double v, int n) {
    if (v == 0) {
      return ZERO;
    }
    return digitsOf(new BigDecimal(v).round(new MathContext(n, RoundingMode.HALF_EVEN)));
  }

  /** {@code v} rounded half-even to {@code n} digits after the decimal point. */
  static GoFormatDigits roundFraction(double v, int n) {
    if (v == 0) {
      return ZERO;
    }
    if (n < POW10.length) {
      GoFormatDigits fast = roundFractionInDoubles(v, n);
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
  private static GoFormatDigits roundFractionInDoubles(double v, int n) {
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
    GoFormatDigits id = integerDigits(rounded);
    return new GoFormatDigits(id.d(), id.dp() - n);
  }

  private static GoFormatDigits digitsOf(BigDecimal d) {
    if (d.signum() == 0) {
      return ZERO;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    String s = stripped.unscaledValue().abs().toString();
    return new GoFormatDigits(s, s.length() - stripped.scale());
  }
}
