package io.vaultlet.template.gotmpl;

/**
 * Go's {@code strconv} quoting ({@code Quote}, {@code QuoteToASCII}, {@code QuoteRune}, {@code CanBackquote},
 * {@code IsPrint}) over Java strings.
 *
 * <p>Go quotes UTF-8 bytes; Java strings are UTF-16. A well-formed string is the same sequence of code points in
 * both. A lone surrogate has no UTF-8 form: it is treated as the three bytes Go would see for it in WTF-8 (each an
 * invalid byte, so {@code "\ud800"} quotes as {@code "\xed\xa0\x80"}) and makes {@link #canBackquote} false.
 *
 * <p>{@link #isPrint} uses Java's general categories (letters, marks, numbers, punctuation, symbols and U+0020),
 * which is Go's definition; Java 17 and Go 1.19 both use Unicode 13, and a golden test checks every code point.
 */
final class GoQuote {

  static final int MAX_RUNE = 0x10FFFF;
  static final int RUNE_ERROR = 0xFFFD;

  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

  /** Bit set of the {@link Character#getType} categories Go counts as printable (L, M, N, P, S). */
  private static final int PRINTABLE_TYPES =
      1 << Character.UPPERCASE_LETTER
          | 1 << Character.LOWERCASE_LETTER
          | 1 << Character.TITLECASE_LETTER
          | 1 << Character.MODIFIER_LETTER
          | 1 << Character.OTHER_LETTER
          | 1 << Character.NON_SPACING_MARK
          | 1 << Character.ENCLOSING_MARK
          | 1 << Character.COMBINING_SPACING_MARK
          | 1 << Character.DECIMAL_DIGIT_NUMBER
          | 1 << Character.LETTER_NUMBER
          | 1 << Character.OTHER_NUMBER
          | 1 << Character.CONNECTOR_PUNCTUATION
          | 1 << Character.DASH_PUNCTUATION
          | 1 << Character.START_PUNCTUATION
          | 1 << Character.END_PUNCTUATION
          | 1 << Character.INITIAL_QUOTE_PUNCTUATION
          | 1 << Character.FINAL_QUOTE_PUNCTUATION
          | 1 << Character.OTHER_PUNCTUATION
          | 1 << Character.MATH_SYMBOL
          | 1 << Character.CURRENCY_SYMBOL
          | 1 << Character.MODIFIER_SYMBOL
          | 1 << Character.OTHER_SYMBOL;

  private GoQuote() {}

  /** {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int r) {
    if (r < 0x80) {
      return r >= 0x20 && r < 0x7F;
    }
    if (r > MAX_RUNE) {
      return false;
    }
    return (PRINTABLE_TYPES & (1 << Character.getType(r))) != 0;
  }

  /** {@code strconv.Quote} ({@code asciiOnly} false) or {@code strconv.QuoteToASCII} (true). */
  static void appendQuoted(StringBuilder sb, CharSequence s, boolean asciiOnly) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; ) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        sb.append(c);
        i++;
        continue;
      }
      int r = c;
      int width = 1;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        r = Character.toCodePoint(c, s.charAt(i + 1));
        width = 2;
      } else if (Character.isSurrogate(c)) {
        appendInvalidBytes(sb, c);
        i++;
        continue;
      }
      appendEscapedRune(sb, r, '"', asciiOnly);
      i += width;
    }
    sb.append('"');
  }

  /** {@code strconv.QuoteRune} / {@code QuoteRuneToASCII}: invalid runes (and surrogates) become U+FFFD. */
  static void appendQuotedRune(StringBuilder sb, int r, boolean asciiOnly) {
    sb.append('\'');
    if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) {
      r = RUNE_ERROR;
    }
    appendEscapedRune(sb, r, '\'', asciiOnly);
    sb.append('\'');
  }

  /** {@code strconv.CanBackquote}: no control characters but tab, no backquote, no BOM, well-formed. */
  static boolean canBackquote(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if ((c < ' ' && c != '\t') || c == '`' || c == 0x7F) {
          return false;
        }
      } else if (c == '\uFEFF') {
        return false;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void appendEscapedRune(StringBuilder sb, int r, char quote, boolean asciiOnly) {
    if (r == quote || r == '\\') {
      sb.append('\\').append((char) r);
      return;
    }
    if (asciiOnly) {
      if (r < 0x80 && isPrint(r)) {
        sb.append((char) r);
        return;
      }
    } else if (isPrint(r)) {
      sb.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7F) {
          sb.append("\\x").append(LOWER_HEX[r >> 4]).append(LOWER_HEX[r & 0xF]);
        } else if (r < 0x10000) {
          sb.append("\\u");
          appendHex(sb, r, 4);
        } else {
          sb.append("\\U");
          appendHex(sb, r, 8);
        }
      }
    }
  }

  /** A lone surrogate, escaped as the three invalid bytes of its WTF-8 encoding. */
  private static void appendInvalidBytes(StringBuilder sb, char c) {
    int b0 = 0xE0 | (c >> 12);
    int b1 = 0x80 | ((c >> 6) & 0x3F);
    int b2 = 0x80 | (c & 0x3F);
    for (int b : new int[] {b0, b1, b2}) {
      sb.append("\\x").append(LOWER_HEX[b >> 4]).append(LOWER_HEX[b & 0xF]);
    }
  }

  private static void appendHex(StringBuilder sb, int r, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(LOWER_HEX[(r >> shift) & 0xF]);
    }
  }

  /**
   * The UTF-8 bytes Go would hold for {@code s} (lone surrogates in their WTF-8 form), for {@code %x} of strings.
   */
  static byte[] utf8(CharSequence s) {
    int n = s.length();
    byte[] out = new byte[n * 3];
    int o = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xC0 | (c >> 6));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[o++] = (byte) (0xF0 | (cp >> 18));
        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[o++] = (byte) (0xE0 | (c >> 12));
        out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return o == out.length ? out : java.util.Arrays.copyOf(out, o);
  }

  /**
   * Decodes one rune of {@code b} at {@code i} as Go's {@code utf8.DecodeRune}: the result packs the rune in the
   * low 32 bits and the width in the high bits; an invalid or short sequence is U+FFFD of width 1.
   */
  static long decodeRune(byte[] b, int i) {
    int b0 = b[i] & 0xFF;
    if (b0 < 0x80) {
      return pack(b0, 1);
    }
    int n = b.length - i;
    if (b0 >= 0xC2 && b0 <= 0xDF && n >= 2 && isCont(b[i + 1])) {
      return pack((b0 & 0x1F) << 6 | (b[i + 1] & 0x3F), 2);
    }
    if (b0 >= 0xE0 && b0 <= 0xEF && n >= 3) {
      int b1 = b[i + 1] & 0xFF;
      int lo = b0 == 0xE0 ? 0xA0 : 0x80;
      int hi = b0 == 0xED ? 0x9F : 0xBF;
      if (b1 >= lo && b1 <= hi && isCont(b[i + 2])) {
        return pack((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b[i + 2] & 0x3F), 3);
      }
    }
    if (b0 >= 0xF0 && b0 <= 0xF4 && n >= 4) {
      int b1 = b[i + 1] & 0xFF;
      int lo = b0 == 0xF0 ? 0x90 : 0x80;
      int hi = b0 == 0xF4 ? 0x8F : 0xBF;
      if (b1 >= lo && b1 <= hi && isCont(b[i + 2]) && isCont(b[i + 3])) {
        return pack((b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F), 4);
      }
    }
    return pack(RUNE_ERROR, 1);
  }

  private static boolean isCont(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static long pack(int rune, int width) {
    return (long) width << 32 | rune;
  }

  /** Go's {@code string(b)} seen as runes: each invalid byte becomes U+FFFD, as Go's printing would show it. */
  static String decodeUtf8(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    for (int i = 0; i < b.length; ) {
      long d = decodeRune(b, i);
      sb.appendCodePoint((int) d);
      i += (int) (d >>> 32);
    }
    return sb.toString();
  }

  /** {@code strconv.Quote} of the Go string holding bytes {@code b}; invalid bytes are escaped as {@code \xNN}. */
  static void appendQuotedBytes(StringBuilder sb, byte[] b, boolean asciiOnly) {
    sb.append('"');
    for (int i = 0; i < b.length; ) {
      long d = decodeRune(b, i);
      int r = (int) d;
      int width = (int) (d >>> 32);
      if (width == 1 && r == RUNE_ERROR) {
        int x = b[i] & 0xFF;
        sb.append("\\x").append(LOWER_HEX[x >> 4]).append(LOWER_HEX[x & 0xF]);
      } else {
        appendEscapedRune(sb, r, '"', asciiOnly);
      }
      i += width;
    }
    sb.append('"');
  }

  /** {@link #canBackquote} for the Go string holding bytes {@code b}. */
  static boolean canBackquote(byte[] b) {
    for (int i = 0; i < b.length; ) {
      long d = decodeRune(b, i);
      int r = (int) d;
      int width = (int) (d >>> 32);
      if (width > 1) {
        if (r == 0xFEFF) {
          return false;
        }
      } else if (r == RUNE_ERROR || (r < ' ' && r != '\t') || r == '`' || r == 0x7F) {
        return false;
      }
      i += width;
    }
    return true;
  }
}
