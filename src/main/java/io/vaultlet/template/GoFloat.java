package io.vaultlet.template;

import java.math.BigDecimal;

/** Go's {@code strconv.FormatFloat(f, 'g' or 'f', -1, 64)}: shortest decimal digits that read back as the same value. */
final class GoFloat {

  private GoFloat() {}

  /** {@code 'g'} with shortest precision: exponent form when the exponent is below -4 or at least 6. */
  static String formatG(double d) {
    return format(d, 6);
  }

  /** {@code %v} (fmt): as {@code 'g'}, but the exponent form starts at 21. */
  static String formatV(double d) {
    return format(d, 21);
  }

  /** {@code 'f'} with shortest precision. */
  static String formatF(double d) {
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private static String format(double d, int eprec) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = b.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - b.scale();
    if (exp < -4 || exp >= eprec) {
      StringBuilder sb = new StringBuilder();
      if (d < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      if (e < 10) {
        sb.append('0');
      }
      return sb.append(e).toString();
    }
    return b.toPlainString();
  }
}
