package io.vaultlet.template.gotmpl;

/**
 * The raw formatter under {@link GoFormatPrinter}, as the {@code fmt} struct in Go's fmt/format.go: the flags,
 * width and precision of the current verb, and padding, integers, floats, strings and quoting into one buffer.
 */
final class GoFormatWriter {

  private static final String LOWER_DIGITS = "0123456789abcdefx";
  private static final String UPPER_DIGITS = "0123456789ABCDEFX";

  final StringBuilder buf;
  /** Scratch space for one integer: 64 binary digits, sign and prefix; bigger widths allocate their own. */
  private final char[] intBuf = new char[68];

  boolean widPresent;
  boolean precPresent;
  boolean minus;
  boolean plus;
  boolean sharp;
  boolean space;
  boolean zero;
  /** {@code %+v}: struct field names; {@link #plus} is cleared. */
  boolean plusV;
  /** {@code %#v}: Go syntax; {@link #sharp} is cleared. */
  boolean sharpV;
  int wid;
  int prec;

  GoFormatWriter(StringBuilder buf) {
    this.buf = buf;
  }

  void clearFlags() {
    widPresent = false;
    precPresent = false;
    minus = false;
    plus = false;
    sharp = false;
    space = false;
    zero = false;
    plusV = false;
    sharpV = false;
    wid = 0;
    prec = 0;
  }

  // ---- padding

  void writePadding(int n) {
    char padChar = zero ? '0' : ' ';
    for (int i = 0; i < n; i++) {
      buf.append(padChar);
    }
  }

  /** Appends {@code s} padded to the width (counted in code points), left or right as {@link #minus} says. */
  void pad(CharSequence s) {
    if (!widPresent || wid == 0) {
      buf.append(s);
      return;
    }
    int width = wid - codePoints(s);
    if (!minus) {
      writePadding(width);
      buf.append(s);
    } else {
      buf.append(s);
      writePadding(width);
    }
  }

  /** Go's rune count of the string's UTF-8: a lone surrogate is three invalid bytes, so three runes. */
  private static int codePoints(CharSequence s) {
    int n = s.length();
    int count = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          count--;
          i++;
        } else {
          count += 2;
        }
      }
    }
    return count;
  }

  // ---- booleans and integers

  void fmtBoolean(boolean v) {
    pad(v ? "true" : "false");
  }

  /** {@code %U}: "U+0078", with {@link #sharp} "U+0078 'x'". {@code u} is an unsigned 64-bit value. */
  void fmtUnicode(long u) {
    int digits = precPresent && prec > 4 ? prec : 4;
    StringBuilder s = new StringBuilder(digits + 12);
    s.append("U+");
    String hex = Long.toHexString(u).toUpperCase(java.util.Locale.ROOT);
    for (int i = hex.length(); i < digits; i++) {
      s.append('0');
    }
    s.append(hex);
    if (sharp && Long.compareUnsigned(u, GoQuote.MAX_RUNE) <= 0 && GoQuote.isPrint((int) u)) {
      s.append(" '").appendCodePoint((int) u).append('\'');
    }
    boolean oldZero = zero;
    zero = false;
    pad(s);
    zero = oldZero;
  }

  /**
   * Formats the 64-bit integer {@code u} (two's complement when {@code signed}, unsigned otherwise) in {@code base}.
   */
  void fmtInteger(long u, int base, boolean signed, char verb, boolean upper) {
    boolean negative = signed && u < 0;
    if (negative) {
      u = -u;
    }
    if (precPresent && prec == 0 && u == 0) {
      emptyInteger();
      return;
    }
    int size = 68 + (widPresent ? wid : 0) + (precPresent ? prec : 0);
    char[] b = size <= intBuf.length ? intBuf : new char[size];
    int i = b.length;
    String digits = upper ? UPPER_DIGITS : LOWER_DIGITS;
    switch (base) {
      case 10 -> {
        if (u < 0) {
          long q = Long.divideUnsigned(u, 10);
          b[--i] = (char) ('0' + (u - q * 10));
          u = q;
        }
        while (u >= 10) {
          long q = u / 10;
          b[--i] = (char) ('0' + (u - q * 10));
          u = q;
        }
        b[--i] = (char) ('0' + u);
      }
      case 16 -> i = unsignedDigits(b, i, u, 4, digits);
      case 8 -> i = unsignedDigits(b, i, u, 3, digits);
      default -> i = unsignedDigits(b, i, u, 1, digits);
    }
    finishInteger(b, i, negative, base, verb, digits);
  }

  private void emptyInteger() {
    boolean oldZero = zero;
    zero = false;
    writePadding(wid);
    zero = oldZero;
  }

  private static int unsignedDigits(char[] b, int i, long u, int shift, String digits) {
    long mask = (1L << shift) - 1;
    do {
      b[--i] = digits.charAt((int) (u & mask));
      u >>>= shift;
    } while (u != 0);
    return i;
  }

  /** Precision or zero-padding digits, the base prefix, the sign, then padding: Go's order. */
  private void finishInteger(char[] b, int i, boolean negative, int base, char verb, String digits) {
    int minDigits = 0;
    if (precPresent) {
      minDigits = prec;
    } else if (zero && widPresent) {
      minDigits = wid;
      if (negative || plus || space) {
        minDigits--;
      }
    }
    while (i > 0 && minDigits > b.length - i) {
      b[--i] = '0';
    }
    if (sharp) {
      switch (base) {
        case 2 -> {
          b[--i] = 'b';
          b[--i] = '0';
        }
        case 8 -> {
          if (b[i] != '0') {
            b[--i] = '0';
          }
        }
        case 16 -> {
          b[--i] = digits.charAt(16);
          b[--i] = '0';
        }
        default -> {}
      }
    }
    if (verb == 'O') {
      b[--i] = 'o';
      b[--i] = '0';
    }
    if (negative) {
      b[--i] = '-';
    } else if (plus) {
      b[--i] = '+';
    } else if (space) {
      b[--i] = ' ';
    }
    boolean oldZero = zero;
    zero = false;
    if (!widPresent || wid == 0) {
      buf.append(b, i, b.length - i);
    } else {
      pad(new String(b, i, b.length - i));
    }
    zero = oldZero;
  }

  /** Hexadecimal with or without "0x", as Go prints pointers and {@code %#v} of unsigned integers. */
  void fmt0x64(long v, boolean leading0x) {
    boolean oldSharp = sharp;
    sharp = leading0x;
    fmtInteger(v, 16, false, 'v', false);
    sharp = oldSharp;
  }

  // ---- strings

  /** Keeps the first {@code prec} runes (a lone surrogate is three, and is dropped whole if it does not fit). */
  private CharSequence truncate(CharSequence s) {
    if (precPresent) {
      int n = prec;
      int len = s.length();
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        int runes = 1;
        if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
            n--;
            if (n < 0) {
              return s.subSequence(0, i);
            }
            i++;
            continue;
          }
          runes = 3;
        }
        n -= runes;
        if (n < 0) {
          return s.subSequence(0, i);
        }
      }
    }
    return s;
  }

  void fmtS(CharSequence s) {
    pad(truncate(s));
  }

  /** {@code %x}/{@code %X} of a string's (or byte slice's) bytes, honouring precision, {@code #} and space. */
  void fmtSbx(byte[] b, boolean upper) {
    String digits = upper ? UPPER_DIGITS : LOWER_DIGITS;
    int length = b.length;
    if (precPresent && prec < length) {
      length = prec;
    }
    int width = 2 * length;
    if (width > 0) {
      if (space) {
        if (sharp) {
          width *= 2;
        }
        width += length - 1;
      } else if (sharp) {
        width += 2;
      }
    } else {
      if (widPresent) {
        writePadding(wid);
      }
      return;
    }
    if (widPresent && wid > width && !minus) {
      writePadding(wid - width);
    }
    if (sharp) {
      buf.append('0').append(digits.charAt(16));
    }
    for (int i = 0; i < length; i++) {
      if (space && i > 0) {
        buf.append(' ');
        if (sharp) {
          buf.append('0').append(digits.charAt(16));
        }
      }
      int c = b[i] & 0xFF;
      buf.append(digits.charAt(c >> 4)).append(digits.charAt(c & 0xF));
    }
    if (widPresent && wid > width && minus) {
      writePadding(wid - width);
    }
  }

  /** {@code %q}: Go-quoted; {@code %#q} backquoted when possible; {@code %+q} ASCII only. */
  void fmtQ(CharSequence s) {
    s = truncate(s);
    if (sharp && GoQuote.canBackquote(s)) {
      pad("`" + s + "`");
      return;
    }
    StringBuilder q = new StringBuilder(s.length() + 2);
    GoQuote.appendQuoted(q, s, plus);
    pad(q);
  }

  /** {@code %c}: the code point, U+FFFD when not a valid rune. {@code c} is an unsigned 64-bit value. */
  void fmtC(long c) {
    int r = validRune(c);
    pad(new String(Character.toChars(r)));
  }

  /** {@code %q} of an integer: a single-quoted Go rune literal. */
  void fmtQc(long c) {
    StringBuilder q = new StringBuilder(12);
    GoQuote.appendQuotedRune(q, validRune(c), plus);
    pad(q);
  }

  private static int validRune(long c) {
    if (Long.compareUnsigned(c, GoQuote.MAX_RUNE) > 0 || (c >= 0xD800 && c <= 0xDFFF)) {
      return GoQuote.RUNE_ERROR;
    }
    return (int) c;
  }

  // ---- floats

  /**
   * Formats a float64 ({@code size} 64) or float32 (32) with strconv verb {@code verb}; {@code defaultPrec} applies
   * unless a precision was given. Handles the sign, space and {@code #} flags and zero padding after the sign.
   */
  void fmtFloat(double v, int size, char verb, int defaultPrec) {
    int p = precPresent ? prec : defaultPrec;
    StringBuilder num = new StringBuilder(24);
    num.append('+');
    GoFloat.append(num, v, verb, p, size);
    if (num.charAt(1) == '-' || num.charAt(1) == '+') {
      num.deleteCharAt(0);
    }
    if (space && num.charAt(0) == '+' && !plus) {
      num.setCharAt(0, ' ');
    }
    if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
      boolean oldZero = zero;
      zero = false;
      if (num.charAt(1) == 'N' && !space && !plus) {
        num.deleteCharAt(0);
      }
      pad(num);
      zero = oldZero;
      return;
    }
    if (sharp && verb != 'b') {
      keepDecimalPoint(num, verb, p);
    }
    if (plus || num.charAt(0) != '+') {
      if (zero && widPresent && wid > num.length()) {
        buf.append(num.charAt(0));
        writePadding(wid - num.length());
        buf.append(num, 1, num.length());
        return;
      }
      pad(num);
      return;
    }
    pad(num.subSequence(1, num.length()));
  }

  /** {@code #} on floats: always a decimal point, and %g keeps trailing zeros up to the precision. */
  private static void keepDecimalPoint(StringBuilder num, char verb, int p) {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
      digits = p == -1 ? 6 : p;
    }
    String tail = "";
    boolean hasDecimalPoint = false;
    boolean sawNonzeroDigit = false;
    for (int i = 1; i < num.length(); i++) {
      char c = num.charAt(i);
      if (c == '.') {
        hasDecimalPoint = true;
        continue;
      }
      if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tail = num.substring(i);
        num.setLength(i);
        break;
      }
      if (c != '0') {
        sawNonzeroDigit = true;
      }
      if (sawNonzeroDigit) {
        digits--;
      }
    }
    if (!hasDecimalPoint) {
      if (num.length() == 2 && num.charAt(1) == '0') {
        digits--;
      }
      num.append('.');
    }
    for (; digits > 0; digits--) {
      num.append('0');
    }
    num.append(tail);
  }
}
