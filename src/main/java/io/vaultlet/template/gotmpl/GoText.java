package io.vaultlet.template.gotmpl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's strconv quoting and unquoting, and the few unicode predicates the template engine needs. */
final class GoText {

  private GoText() {}

  /** Thrown by {@link #unquote}; Go's {@code strconv.ErrSyntax} prints as "invalid syntax". */
  static final class SyntaxException extends Exception {
    SyntaxException() {
      super("invalid syntax", null, false, false);
    }
  }

  /** {@code strconv.Quote} (shared with fmt's {@code %q}). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    GoQuote.appendQuoted(sb, s, false);
    return sb.toString();
  }

  /** Go's {@code %#U}: {@code U+0023 '#'}, or just {@code U+0007} for a non-printable rune. */
  static String unicodeVerb(int r) {
    if (r < 0) {
      return "U+FFFFFFFFFFFFFFFF";
    }
    StringBuilder sb = new StringBuilder("U+");
    String hex = Integer.toHexString(r).toUpperCase();
    for (int i = hex.length(); i < 4; i++) {
      sb.append('0');
    }
    sb.append(hex);
    if (isPrint(r)) {
      sb.append(" '").appendCodePoint(r).append('\'');
    }
    return sb.toString();
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int r) {
    return GoQuote.isPrint(r);
  }

  /**
   * {@code strconv.Unquote} for a Go string literal ({@code "..."} or a raw {@code `...`} string). Escapes that
   * produce bytes ({@code \xHH}, octal) are assembled as UTF-8 and decoded at the end.
   */
  static String unquote(String lit) throws SyntaxException {
    int n = lit.length();
    if (n < 2) {
      throw new SyntaxException();
    }
    char q = lit.charAt(0);
    if (q != lit.charAt(n - 1)) {
      throw new SyntaxException();
    }
    String body = lit.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new SyntaxException();
      }
      return body.indexOf('\r') >= 0 ? body.replace("\r", "") : body;
    }
    if (q != '"') {
      throw new SyntaxException();
    }
    if (body.indexOf('\n') >= 0) {
      throw new SyntaxException();
    }
    if (body.indexOf('\\') < 0 && body.indexOf('"') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int[] cursor = {0};
    while (cursor[0] < body.length()) {
      unquoteChar(body, cursor, '"', out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * {@code strconv.UnquoteChar}: decodes one (possibly escaped) character of {@code s} at {@code cursor[0]} into
   * {@code out} as UTF-8, advancing the cursor. Returns the rune value (a byte value for {@code \x}/octal).
   */
  static int unquoteChar(String s, int[] cursor, char quote, ByteArrayOutputStream out) throws SyntaxException {
    int i = cursor[0];
    int c = s.codePointAt(i);
    if (c == quote && (quote == '\'' || quote == '"')) {
      throw new SyntaxException();
    }
    if (c != '\\') {
      cursor[0] = i + Character.charCount(c);
      writeRune(out, c);
      return c;
    }
    if (i + 1 >= s.length()) {
      throw new SyntaxException();
    }
    char e = s.charAt(i + 1);
    i += 2;
    int value;
    switch (e) {
      case 'a' -> value = 7;
      case 'b' -> value = '\b';
      case 'f' -> value = '\f';
      case 'n' -> value = '\n';
      case 'r' -> value = '\r';
      case 't' -> value = '\t';
      case 'v' -> value = 11;
      case 'x', 'u', 'U' -> {
        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + len > s.length()) {
          throw new SyntaxException();
        }
        long v = 0;
        for (int j = 0; j < len; j++) {
          int d = Character.digit(s.charAt(i + j), 16);
          if (d < 0) {
            throw new SyntaxException();
          }
          v = (v << 4) | d;
        }
        i += len;
        if (e == 'x') {
          cursor[0] = i;
          out.write((int) v);
          return (int) v;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
          throw new SyntaxException();
        }
        value = (int) v;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int v = e - '0';
        if (i + 2 > s.length()) {
          throw new SyntaxException();
        }
        for (int j = 0; j < 2; j++) {
          int d = s.charAt(i + j) - '0';
          if (d < 0 || d > 7) {
            throw new SyntaxException();
          }
          v = (v << 3) | d;
        }
        i += 2;
        if (v > 255) {
          throw new SyntaxException();
        }
        cursor[0] = i;
        out.write(v);
        return v;
      }
      case '\\' -> value = '\\';
      case '\'', '"' -> {
        if (e != quote) {
          throw new SyntaxException();
        }
        value = e;
      }
      default -> throw new SyntaxException();
    }
    cursor[0] = i;
    writeRune(out, value);
    return value;
  }

  private static void writeRune(ByteArrayOutputStream out, int r) {
    if (r < 0x80) {
      out.write(r);
    } else {
      byte[] b = new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
  }

  /** Number of UTF-8 bytes of {@code s} (Go's {@code len(s)}). */
  static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Compares strings by Unicode code point, which is Go's byte-wise order of their UTF-8 forms. */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs != ys) {
          return xs ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
