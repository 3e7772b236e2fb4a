package io.vaultlet.config.hcl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns string and heredoc token text into values the way the Go library does ({@code hcl/strconv.Unquote} and
 * {@code token.unindentHeredoc}). Both work on UTF-8 bytes, as Go strings are bytes; invalid UTF-8 produced by
 * {@code \x} or octal escapes reads back as U+FFFD per bad byte, as Go's JSON encoder shows it.
 */
final class HclStrings {

  /** A string token whose text the Go library cannot unquote (it would panic while decoding). */
  static final class BadLiteral extends Exception {
    private static final long serialVersionUID = 1L;

    BadLiteral(String message) {
      super(message, null, false, false);
    }
  }

  private HclStrings() {}

  /** Unquotes an HCL string token: escapes are processed, {@code ${…}} is copied verbatim. */
  static String unquote(String token) throws BadLiteral {
    byte[] s = token.getBytes(StandardCharsets.UTF_8);
    int n = s.length;
    if (n < 2 || s[0] != '"' || s[n - 1] != '"') {
      throw new BadLiteral("invalid string literal");
    }
    int start = 1;
    int end = n - 1;
    if (!contains(s, start, end, '$') && !contains(s, start, end, '{') && contains(s, start, end, '\n')) {
      throw new BadLiteral("newline in string");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
    int i = start;
    while (i < end) {
      if (s[i] == '$' && i + 1 < end && s[i + 1] == '{') {
        i = copyInterpolation(s, i, end, out);
        continue;
      }
      if (s[i] == '\n') {
        throw new BadLiteral("newline in string");
      }
      i = unquoteChar(s, i, end, out, false);
    }
    return decodeUtf8(out.toByteArray());
  }

  /**
   * Unquotes a JSON string token as Go's {@code strconv.Unquote} does (the library uses it for HCL1-JSON): Go
   * escapes, no special meaning for {@code ${…}}, and surrogate code points in {@code \\u} escapes are rejected.
   */
  static String unquoteGo(String token) throws BadLiteral {
    byte[] s = token.getBytes(StandardCharsets.UTF_8);
    int n = s.length;
    if (n < 2 || s[0] != '"' || s[n - 1] != '"') {
      throw new BadLiteral("invalid string literal");
    }
    if (contains(s, 1, n - 1, '\n')) {
      throw new BadLiteral("newline in string");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    int i = 1;
    while (i < n - 1) {
      i = unquoteChar(s, i, n - 1, out, true);
    }
    return decodeUtf8(out.toByteArray());
  }

  /** Copies {@code ${ … }} (balanced braces, nothing unescaped); returns the index after it. */
  private static int copyInterpolation(byte[] s, int from, int end, ByteArrayOutputStream out) throws BadLiteral {
    out.write('$');
    out.write('{');
    int i = from + 2;
    int braces = 1;
    while (i < end && braces > 0) {
      int size = validRuneLength(s, i, end);
      if (size == 0 || isReplacementChar(s, i, size)) {
        throw new BadLiteral("invalid UTF-8 inside ${...}");
      }
      out.write(s, i, size);
      if (s[i] == '{') {
        braces++;
      } else if (s[i] == '}') {
        braces--;
      }
      i += size;
    }
    if (braces != 0) {
      throw new BadLiteral("unbalanced braces in ${...}");
    }
    return i;
  }

  private static int unquoteChar(byte[] s, int i, int end, ByteArrayOutputStream out, boolean strictUnicode)
      throws BadLiteral {
    int c = s[i] & 0xFF;
    if (c == '"') {
      throw new BadLiteral("unescaped '\"' in string");
    }
    if (c >= 0x80) {
      int size = validRuneLength(s, i, end);
      if (size == 0) {
        out.write(0xEF);
        out.write(0xBF);
        out.write(0xBD);
        return i + 1;
      }
      out.write(s, i, size);
      return i + size;
    }
    if (c != '\\') {
      out.write(c);
      return i + 1;
    }
    if (i + 1 >= end) {
      throw new BadLiteral("string ends with a lone backslash");
    }
    int e = s[i + 1] & 0xFF;
    int rest = i + 2;
    switch (e) {
      case 'a' -> out.write(7);
      case 'b' -> out.write(8);
      case 'f' -> out.write(12);
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(11);
      case '\\' -> out.write('\\');
      case '"' -> out.write('"');
      case 'x', 'u', 'U' -> {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (end - rest < digits) {
          throw new BadLiteral("short \\" + (char) e + " escape");
        }
        long v = 0;
        for (int j = 0; j < digits; j++) {
          int d = Character.digit(s[rest + j], 16);
          if (d < 0) {
            throw new BadLiteral("invalid \\" + (char) e + " escape");
          }
          v = v << 4 | d;
        }
        rest += digits;
        if (e == 'x') {
          out.write((int) v);
        } else if (v > Character.MAX_CODE_POINT) {
          throw new BadLiteral("escape \\" + (char) e + " beyond U+10FFFF");
        } else {
          int cp = (int) v;
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            if (strictUnicode) {
              throw new BadLiteral("escape \\" + (char) e + " names a surrogate code point, not a character");
            }
            cp = 0xFFFD;
          }
          byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          out.write(b, 0, b.length);
        }
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int v = e - '0';
        if (end - rest < 2) {
          throw new BadLiteral("short octal escape");
        }
        for (int j = 0; j < 2; j++) {
          int x = s[rest + j] - '0';
          if (x < 0 || x > 7) {
            throw new BadLiteral("invalid octal escape");
          }
          v = v << 3 | x;
        }
        rest += 2;
        if (v > 255) {
          throw new BadLiteral("octal escape above \\377");
        }
        out.write(v);
      }
      default -> throw new BadLiteral("invalid escape \\" + (char) e);
    }
    return rest;
  }

  /**
   * The value of a heredoc token ({@code <<EOT\n…\nEOT\n}): the body with its final newline; for {@code <<-EOT},
   * every line loses the terminator line's indentation when all lines start with it.
   */
  static String heredocValue(String token) throws BadLiteral {
    byte[] h = token.getBytes(StandardCharsets.UTF_8);
    int idx = indexOf(h, (byte) '\n');
    if (idx < 0 || h.length < 3) {
      throw new BadLiteral("heredoc without a newline");
    }
    boolean unindent = h[2] == '-';
    if (!unindent) {
      return decodeUtf8(slice(h, idx + 1, h.length - idx + 1));
    }
    String body = decodeUtf8(slice(h, idx + 1, h.length - idx + 2));
    String[] lines = body.split("\n", -1);
    String prefix = lines[lines.length - 1];
    for (String l : lines) {
      if (!l.startsWith(prefix)) {
        String raw = decodeUtf8(slice(h, idx + 1, h.length - idx + 1));
        return stripTrailingBlanks(raw);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < lines.length - 1; k++) {
      out.append(lines[k].substring(prefix.length())).append('\n');
    }
    return out.toString();
  }

  private static String stripTrailingBlanks(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static byte[] slice(byte[] b, int from, int to) throws BadLiteral {
    if (from > to || to > b.length) {
      throw new BadLiteral("malformed heredoc");
    }
    byte[] out = new byte[to - from];
    System.arraycopy(b, from, out, 0, out.length);
    return out;
  }

  private static int indexOf(byte[] b, byte c) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(byte[] b, int from, int to, char c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return true;
      }
    }
    return false;
  }

  private static boolean isReplacementChar(byte[] s, int i, int size) {
    return size == 3 && (s[i] & 0xFF) == 0xEF && (s[i + 1] & 0xFF) == 0xBF && (s[i + 2] & 0xFF) == 0xBD;
  }

  /** Decodes UTF-8 as Go does when printing a string: every byte that starts no valid sequence becomes U+FFFD. */
  static String decodeUtf8(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int size = validRuneLength(b, i, b.length);
      if (size == 0) {
        sb.append('\uFFFD');
        i++;
      } else {
        sb.append(new String(b, i, size, StandardCharsets.UTF_8));
        i += size;
      }
    }
    return sb.toString();
  }

  /** Length of the valid UTF-8 sequence at {@code i} (1–4), or 0 if the bytes there are not valid UTF-8. */
  private static int validRuneLength(byte[] b, int i, int end) {
    int c0 = b[i] & 0xFF;
    if (c0 < 0x80) {
      return 1;
    }
    int size;
    int lo = 0x80;
    int hi = 0xBF;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
      size = 2;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
      size = 3;
      if (c0 == 0xE0) {
        lo = 0xA0;
      } else if (c0 == 0xED) {
        hi = 0x9F;
      }
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
      size = 4;
      if (c0 == 0xF0) {
        lo = 0x90;
      } else if (c0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return 0;
    }
    if (i + size > end) {
      return 0;
    }
    int c1 = b[i + 1] & 0xFF;
    if (c1 < lo || c1 > hi) {
      return 0;
    }
    for (int k = 2; k < size; k++) {
      int ck = b[i + k] & 0xFF;
      if (ck < 0x80 || ck > 0xBF) {
        return 0;
      }
    }
    return size;
  }
}
