package io.vaultlet.template.gotmpl;

import io.vaultlet.template.gotmpl.Lexer.Kind;
import io.vaultlet.template.gotmpl.Node.NumberNode;
import java.math.BigInteger;

/** Go's number constants in templates: parse.newNumber (syntax and kinds) and exec's idealConstant (the value). */
final class Numbers {

  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger MIN_INT64 = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);
  private static final double TWO_63 = 9.223372036854775808E18;

  private Numbers() {}

  /** Parses a number, char or complex constant; throws IllegalArgumentException with Go's message. */
  static NumberNode parse(int pos, String text, Kind kind) {
    if (kind == Kind.CHAR_CONSTANT) {
      return charConstant(pos, text);
    }
    if (kind == Kind.COMPLEX || text.endsWith("i")) {
      if (kind == Kind.COMPLEX || isFloat(text.substring(0, text.length() - 1))) {
        return new NumberNode(pos, text, false, 0, null, "complex constant " + text + " is not supported");
      }
    }
    boolean isInt = false;
    boolean isUint = false;
    boolean isFloat = false;
    long int64 = 0;
    double float64 = 0;
    BigInteger u = parseUint(text);
    if (u != null && u.compareTo(MAX_UINT64) <= 0) {
      isUint = true;
    }
    BigInteger i = parseInt(text);
    if (i != null && i.compareTo(MIN_INT64) >= 0 && i.compareTo(MAX_INT64) <= 0) {
      isInt = true;
      int64 = i.longValue();
      if (int64 == 0) {
        isUint = true;
      }
    }
    if (isInt) {
      isFloat = true;
      float64 = (double) int64;
    } else if (isUint) {
      isFloat = true;
    } else {
      Double parsed = parseFloat(text);
      double f = parsed == null ? 0 : parsed;
      if (parsed != null) {
        if (!containsAny(text, ".eEpP")) {
          throw new IllegalArgumentException("integer overflow: " + GoText.quote(text));
        }
        isFloat = true;
        float64 = f;
        if (f >= -TWO_63 && f < TWO_63 && (double) (long) f == f) {
          isInt = true;
          int64 = (long) f;
        }
        if (f >= 0 && f < 2 * TWO_63 && Math.floor(f) == f) {
          isUint = true;
        }
      }
    }
    if (!isInt && !isUint && !isFloat) {
      throw new IllegalArgumentException("illegal number syntax: " + GoText.quote(text));
    }
    Object constant;
    String error = null;
    if (isFloat && !isHexInt(text) && containsAny(text, ".eEpP")) {
      constant = float64;
    } else if (isInt) {
      constant = int64;
    } else {
      constant = null;
      error = text + " overflows int";
    }
    return new NumberNode(pos, text, isInt, int64, constant, error);
  }

  private static NumberNode charConstant(int pos, String text) {
    java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
    int[] cursor = {1};
    int rune;
    try {
      rune = GoText.unquoteChar(text, cursor, '\'', sink);
    } catch (GoText.SyntaxException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    if (!text.substring(cursor[0]).equals("'")) {
      throw new IllegalArgumentException("malformed character constant: " + text);
    }
    return new NumberNode(pos, text, true, rune, (long) rune, null);
  }

  private static boolean isHexInt(String s) {
    return s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
        && !containsAny(s, "pP");
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** strconv.ParseInt(s, 0, 64) without the range check: an optional sign, then {@link #parseUint}. */
  private static BigInteger parseInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    String rest = s;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      neg = s.charAt(0) == '-';
      rest = s.substring(1);
    }
    BigInteger u = parseUint(rest);
    if (u == null) {
      return null;
    }
    return neg ? u.negate() : u;
  }

  /** strconv.ParseUint(s, 0, 64) without the range check: base prefixes, leading-0 octal, underscores. */
  private static BigInteger parseUint(String s) {
    if (s.isEmpty()) {
      return null;
    }
    int base = 10;
    String digits = s;
    boolean prefixed = false;
    if (s.charAt(0) == '0') {
      if (s.length() >= 3 && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
        base = 16;
        digits = s.substring(2);
        prefixed = true;
      } else if (s.length() >= 3 && (s.charAt(1) == 'o' || s.charAt(1) == 'O')) {
        base = 8;
        digits = s.substring(2);
        prefixed = true;
      } else if (s.length() >= 3 && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) {
        base = 2;
        digits = s.substring(2);
        prefixed = true;
      } else {
        base = 8;
        digits = s.substring(1);
        prefixed = true;
        if (digits.isEmpty()) {
          return BigInteger.ZERO;
        }
      }
    }
    boolean underscores = digits.indexOf('_') >= 0;
    if (underscores && !underscoreOk(s)) {
      return null;
    }
    String clean = underscores ? digits.replace("_", "") : digits;
    if (clean.isEmpty()) {
      return null;
    }
    for (int i = 0; i < clean.length(); i++) {
      if (Character.digit(clean.charAt(i), base) < 0 || clean.charAt(i) > 0x7f) {
        return null;
      }
    }
    return prefixed || base == 10 ? new BigInteger(clean, base) : null;
  }

  /** Go's strconv.underscoreOK: underscores only between digits, or right after a base prefix. */
  static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      i++;
    }
    boolean hex = false;
    if (s.length() - i >= 2 && s.charAt(i) == '0') {
      char c = Character.toLowerCase(s.charAt(i + 1));
      if (c == 'b' || c == 'o' || c == 'x') {
        hex = c == 'x';
        i += 2;
        saw = '0';
      }
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (hex && Character.digit(c, 16) >= 0)) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  private static boolean isFloat(String s) {
    return parseFloat(s) != null;
  }

  /** strconv.ParseFloat(s, 64): decimal or hex (with a p exponent) mantissa, underscores; null on error. */
  private static Double parseFloat(String s) {
    if (s.isEmpty()) {
      return null;
    }
    String body = s;
    if (body.indexOf('_') >= 0) {
      if (!underscoreOk(body)) {
        return null;
      }
      body = body.replace("_", "");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E' || c == 'x'
          || c == 'X' || c == 'p' || c == 'P' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return null;
      }
    }
    String unsigned = body.startsWith("+") || body.startsWith("-") ? body.substring(1) : body;
    boolean hex = unsigned.startsWith("0x") || unsigned.startsWith("0X");
    if (hex && !containsAny(unsigned, "pP")) {
      return null;
    }
    if (!hex && containsAny(unsigned, "xXpP")) {
      return null;
    }
    if (!hex && containsAny(unsigned.replace("e", "").replace("E", ""), "abcdefABCDEF")) {
      return null;
    }
    try {
      double d = Double.parseDouble(body);
      if (Double.isInfinite(d)) {
        return null;
      }
      return d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
