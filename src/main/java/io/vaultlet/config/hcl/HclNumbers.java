package io.vaultlet.config.hcl;

import java.math.BigInteger;

/**
 * Numbers as Go reads them: integers with {@code strconv.ParseInt(text, 0, 64)} and floats with
 * {@code strconv.ParseFloat(text, 64)}. With base 0 the prefix picks the base: {@code 0x} hex, {@code 0b} binary,
 * {@code 0o} or a bare leading {@code 0} octal, otherwise decimal; {@code _} may separate digits. The HCL scanner
 * only produces decimal, octal and hex literals, but the decoder also applies {@code ParseInt} to quoted strings.
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
    boolean prefixed = false;
    if (s.length() > 1 && s.charAt(0) == '0') {
      switch (Character.toLowerCase(s.charAt(1))) {
        case 'x' -> radix = 16;
        case 'b' -> radix = 2;
        case 'o' -> radix = 8;
        default -> radix = 0;
      }
      prefixed = radix != 0;
      if (radix == 0) {
        radix = 8;
        s = s.substring(1);
      } else {
        s = s.substring(2);
      }
    }
    if (text.indexOf('_') >= 0 && !underscoresSeparateDigits(text)) {
      throw invalid(text, radix);
    }
    String digits = s.replace("_", "");
    if (!allDigits(digits, radix) || prefixed && s.isEmpty()) {
      throw invalid(text, radix);
    }
    BigInteger value = new BigInteger(digits, radix);
    if (negative) {
      value = value.negate();
    }
    if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
      throw new HclStrings.BadLiteral("number " + text + " is out of the 64-bit integer range");
    }
    return value.longValue();
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

  private static HclStrings.BadLiteral invalid(String text, int radix) {
    return new HclStrings.BadLiteral("invalid number " + text
        + (radix == 8 && !text.matches("[+-]?0[oO].*") ? " (a leading 0 means octal)" : ""));
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

  /** Go's {@code underscoreOK}: each '_' sits between digits (a base prefix counts as a digit). */
  private static boolean underscoresSeparateDigits(String text) {
    String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    char saw = '^';
    int i = 0;
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
      i = 2;
      saw = '0';
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      char lower = Character.toLowerCase(c);
      if ('0' <= c && c <= '9' || hex && 'a' <= lower && lower <= 'f') {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else {
        if (saw == '_') {
          return false;
        }
        saw = '!';
      }
    }
    return saw != '_';
  }
}
