package io.vaultlet.template;

/**
 * The word-casing rules of {@code huandu/xstrings} v1.5.0 that Sprig v3.3.0 uses: {@code ToPascalCase} (Sprig's
 * {@code camelcase}) and {@code ToSnakeCase}/{@code ToKebabCase} ({@code snakecase}, {@code kebabcase}), which split
 * {@code "HTTPServer2xx"} into words the way that library does.
 */
final class XStrings {

  private XStrings() {}

  static boolean isConnector(int r) {
    return r == '-' || r == '_' || GoStrings.isSpace(r);
  }

  /** {@code toCamelCase(str, isBig=true)}. */
  static String toPascalCase(String str) {
    if (str.isEmpty()) {
      return "";
    }
    int[] rs = str.codePoints().toArray();
    StringBuilder buf = new StringBuilder();
    int i = 0;
    int r0 = 0;
    boolean firstUpper = false;
    boolean found = false;
    while (i < rs.length) {
      r0 = rs[i++];
      if (!isConnector(r0)) {
        firstUpper = Character.isUpperCase(r0);
        r0 = Character.toUpperCase(r0);
        found = true;
        break;
      }
      buf.appendCodePoint(r0);
    }
    if (i >= rs.length) {
      if (found) {
        buf.appendCodePoint(r0);
      }
      return buf.toString();
    }
    while (i < rs.length) {
      int r1 = r0;
      r0 = rs[i++];
      if (isConnector(r0) && isConnector(r1)) {
        buf.appendCodePoint(r1);
        continue;
      }
      if (isConnector(r1)) {
        firstUpper = Character.isUpperCase(r0);
        r0 = Character.toUpperCase(r0);
      } else {
        if (firstUpper) {
          if (Character.isUpperCase(r0)) {
            r0 = Character.toLowerCase(r0);
          } else {
            firstUpper = false;
          }
        }
        buf.appendCodePoint(r1);
      }
    }
    buf.appendCodePoint(r0);
    return buf.toString();
  }

  private enum Kind { INVALID, NUMBER, UPPER, ALPHABET, CONNECTOR, PUNCT, OTHER }

  private record Word(Kind kind, String text, String remaining) {}

  /** {@code camelCaseToLowerCase(str, connector)}. */
  static String toLowerWords(String str, char connector) {
    if (str.isEmpty()) {
      return "";
    }
    StringBuilder buf = new StringBuilder();
    Word w = next(str);
    while (!w.remaining.isEmpty()) {
      if (w.kind != Kind.CONNECTOR) {
        lower(buf, w.kind, w.text, connector);
      }
      Kind prev = w.kind;
      String last = w.text;
      w = next(w.remaining);
      switch (prev) {
        case NUMBER -> {
          while (w.kind == Kind.ALPHABET || w.kind == Kind.NUMBER) {
            lower(buf, w.kind, w.text, connector);
            w = next(w.remaining);
          }
          if (w.kind != Kind.INVALID && w.kind != Kind.PUNCT && w.kind != Kind.CONNECTOR) {
            buf.append(connector);
          }
        }
        case CONNECTOR -> lower(buf, prev, last, connector);
        case PUNCT -> { }
        default -> {
          if (w.kind != Kind.NUMBER) {
            if (w.kind != Kind.CONNECTOR && w.kind != Kind.PUNCT) {
              buf.append(connector);
            }
            break;
          }
          if (w.remaining.isEmpty()) {
            break;
          }
          String number = w.text;
          w = next(w.remaining);
          if (w.kind != Kind.ALPHABET) {
            lower(buf, Kind.NUMBER, number, connector);
            if (w.kind != Kind.CONNECTOR && w.kind != Kind.PUNCT) {
              buf.append(connector);
            }
            break;
          }
          buf.append(connector);
          lower(buf, Kind.NUMBER, number, connector);
          while (w.kind == Kind.ALPHABET || w.kind == Kind.NUMBER) {
            lower(buf, w.kind, w.text, connector);
            w = next(w.remaining);
          }
          if (w.kind != Kind.INVALID && w.kind != Kind.CONNECTOR && w.kind != Kind.PUNCT) {
            buf.append(connector);
          }
        }
      }
    }
    lower(buf, w.kind, w.text, connector);
    return buf.toString();
  }

  private static Word next(String str) {
    if (str.isEmpty()) {
      return new Word(Kind.INVALID, "", "");
    }
    int r = str.codePointAt(0);
    int offset = Character.charCount(r);
    Kind kind;
    if (isConnector(r)) {
      kind = Kind.CONNECTOR;
      offset = skip(str, offset, XStrings::isConnector);
    } else if (isPunct(r)) {
      kind = Kind.PUNCT;
      offset = skip(str, offset, XStrings::isPunct);
    } else if (Character.isUpperCase(r)) {
      kind = Kind.UPPER;
      if (offset < str.length()) {
        int n = str.codePointAt(offset);
        if (Character.isUpperCase(n)) {
          int prevSize = Character.charCount(n);
          offset += prevSize;
          while (offset < str.length() && Character.isUpperCase(str.codePointAt(offset))) {
            prevSize = Character.charCount(str.codePointAt(offset));
            offset += prevSize;
          }
          // "HTTPStatus" is "HTTP" + "Status": the last upper-case letter starts the next word
          if (offset < str.length() && isAlphabet(str.codePointAt(offset))) {
            offset -= prevSize;
          }
        } else if (isAlphabet(n)) {
          offset = skip(str, offset, c -> isAlphabet(c) && !Character.isUpperCase(c));
        }
      }
    } else if (isAlphabet(r)) {
      kind = Kind.ALPHABET;
      offset = skip(str, offset, c -> isAlphabet(c) && !Character.isUpperCase(c));
    } else if (isNumber(r)) {
      kind = Kind.NUMBER;
      offset = skip(str, offset, XStrings::isNumber);
    } else {
      kind = Kind.OTHER;
      offset = skip(str, offset, c -> !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
    }
    return new Word(kind, str.substring(0, offset), str.substring(offset));
  }

  private static int skip(String s, int offset, java.util.function.IntPredicate p) {
    while (offset < s.length() && p.test(s.codePointAt(offset))) {
      offset += Character.charCount(s.codePointAt(offset));
    }
    return offset;
  }

  private static void lower(StringBuilder buf, Kind kind, String str, char connector) {
    if (kind != Kind.UPPER && kind != Kind.CONNECTOR) {
      buf.append(str);
      return;
    }
    str.codePoints().forEach(r -> {
      if (isConnector(r)) {
        buf.append(connector);
      } else if (Character.isUpperCase(r)) {
        buf.appendCodePoint(Character.toLowerCase(r));
      } else {
        buf.appendCodePoint(r);
      }
    });
  }

  /** A letter that is not a common CJK character (xstrings' {@code isAlphabet}). */
  static boolean isAlphabet(int r) {
    if (!Character.isLetter(r)) {
      return false;
    }
    if (r < 0x3400) {
      return true;
    }
    return !(r >= 0x4E00 && r <= 0x9FCC || r >= 0x3400 && r <= 0x4D85 || r >= 0x20000 && r <= 0x2B81D);
  }

  private static boolean isNumber(int r) {
    int t = Character.getType(r);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /** Go's {@code unicode.IsPunct} (category P). */
  private static boolean isPunct(int r) {
    return switch (Character.getType(r)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }
}
