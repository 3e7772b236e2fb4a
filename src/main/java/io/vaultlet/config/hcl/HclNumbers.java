package io.vaultlet.config.hcl;

import java.math.BigInteger;

/**
 * Number literals as Go reads them: integers with {@code strconv.ParseInt(text, 0, 64)} (base from the prefix:
 * {@code 0x} hex, a leading {@code 0} octal) and floats with {@code strconv.ParseFloat(text, 64)}.
 */
final class HclNumbers {

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private HclNumbers() {}

  static Long parseInt(String text) throws HclStrings.BadLiteral {
    String s = text;
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    int radix = 10;
    if (s.length() > 1 && s.charAt(0) == '0') {
      char p = Character.toLowerCase(s.charAt(1));
      if (p == 'x') {
        radix = 16;
        s = s.substring(2);
      } else {
        radix = 8;
        s = s.substring(1);
      }
    }
    if (!allDigits(s, radix)) {
      throw new HclStrings.BadLiteral("invalid number " + text + (radix == 8 ? " (a leading 0 means octal)" : ""));
    }
    BigInteger value = new BigInteger(s, radix);
    if (negative) {
      value = value.negate();
    }
    if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
      throw new HclStrings.BadLiteral("number " + text + " is out of the 64-bit integer range");
    }
    return value.longValue();
  }

  private static boolean allDigits(String s, int radix) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 'z' || Character.digit(c, radix) < 0) {
        return false;
      }
    }
    return true;
  }

  static Double parseFloat(String text) throws HclStrings.BadLiteral {
    if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new HclStrings.BadLiteral("invalid float " + text.strip());
    }
    double v = Double.parseDouble(text);
    if (Double.isInfinite(v)) {
      throw new HclStrings.BadLiteral("float " + text + " is out of range");
    }
    return v;
  }
}
