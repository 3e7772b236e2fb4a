package io.vaultlet.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Go's {@code strings} functions where Java's differ (whitespace set, cutsets, splitting, title case). */
final class GoStrings {

  private GoStrings() {}

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int cp) {
    switch (cp) {
      case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ': case 0x85: case 0xA0:
        return true;
      default:
        return cp > 0xFF && Character.getType(cp) == Character.SPACE_SEPARATOR
            || cp == 0x2028 || cp == 0x2029;
    }
  }

  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** {@code strings.Trim(s, cutset)}. */
  static String trim(String s, String cutset) {
    if (s.isEmpty() || cutset.isEmpty()) {
      return s;
    }
    int start = 0;
    int end = s.length();
    while (start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** {@code strings.Split}: an empty separator splits after each UTF-8 sequence. */
  static List<String> split(String s, String sep) {
    List<String> out = new ArrayList<>();
    if (sep.isEmpty()) {
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
    int from = 0;
    int at;
    while ((at = s.indexOf(sep, from)) >= 0) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  /** {@code strings.ReplaceAll}; an empty {@code old} inserts {@code repl} around every rune. */
  static String replaceAll(String s, String old, String repl) {
    if (!old.isEmpty()) {
      return s.replace(old, repl);
    }
    StringBuilder sb = new StringBuilder(repl);
    s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(repl));
    return sb.toString();
  }

  static String toLower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static String toUpper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /**
   * {@code cases.Title(language.Und, cases.NoLower)}: the first letter of each word is title-cased, the rest is left
   * alone. A word starts at a letter that does not follow a letter, digit or mark (apostrophes, periods and colons
   * between letters do not break a word, as in Unicode word segmentation).
   */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int prev = -1;
    int prevPrev = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean inWord = isWordChar(prev) || isMidLetter(prev) && isWordChar(prevPrev) && Character.isLetter(cp);
      if (Character.isLetter(cp) && !inWord) {
        sb.appendCodePoint(Character.toTitleCase(cp));
      } else {
        sb.appendCodePoint(cp);
      }
      prevPrev = prev;
      prev = cp;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean isWordChar(int cp) {
    if (cp < 0) {
      return false;
    }
    int t = Character.getType(cp);
    return Character.isLetterOrDigit(cp) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  private static boolean isMidLetter(int cp) {
    return cp == '\'' || cp == '\u2019' || cp == '.' || cp == ':' || cp == '\u00B7';
  }
}
