package io.vaultlet.template;

import java.nio.charset.StandardCharsets;

/**
 * The parts of {@code Masterminds/goutils} v1.1.1 that Sprig calls: {@code Abbreviate}, {@code Initials},
 * {@code SwapCase}, {@code Uncapitalize}, {@code DeleteWhiteSpace}, {@code WrapCustom}. Like the Go code, the byte
 * oriented ones ({@code Initials}, {@code DeleteWhiteSpace}, the lengths) look at UTF-8 bytes.
 */
final class GoUtils {

  private GoUtils() {}

  /** {@code AbbreviateFull}; Sprig has already checked the widths it rejects. */
  static String abbreviateFull(String str, int offset, int maxWidth) {
    byte[] b = str.getBytes(StandardCharsets.UTF_8);
    int len = b.length;
    if (len <= maxWidth) {
      return str;
    }
    if (offset > len) {
      offset = len;
    }
    if (len - offset < maxWidth - 3) {
      offset = len - (maxWidth - 3);
    }
    if (offset <= 4) {
      return text(b, 0, maxWidth - 3) + "...";
    }
    if (offset + maxWidth - 3 < len) {
      return "..." + abbreviateFull(text(b, offset, len), 0, maxWidth - 3);
    }
    return "..." + text(b, len - (maxWidth - 3), len);
  }

  static String initials(String str) {
    StringBuilder sb = new StringBuilder();
    boolean lastWasGap = true;
    for (byte x : str.getBytes(StandardCharsets.UTF_8)) {
      int ch = x & 0xFF;
      if (GoStrings.isSpace(ch)) {
        lastWasGap = true;
      } else if (lastWasGap) {
        sb.appendCodePoint(ch);
        lastWasGap = false;
      }
    }
    return sb.toString();
  }

  static String deleteWhiteSpace(String str) {
    byte[] b = str.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    int kept = 0;
    for (byte x : b) {
      int ch = x & 0xFF;
      if (!GoStrings.isSpace(ch)) {
        sb.appendCodePoint(ch);
        kept++;
      }
    }
    return kept == b.length ? str : sb.toString();
  }

  static String swapCase(String str) {
    StringBuilder sb = new StringBuilder();
    boolean whitespace = true;
    for (int i = 0; i < str.length(); ) {
      int ch = str.codePointAt(i);
      i += Character.charCount(ch);
      if (Character.isUpperCase(ch) || Character.isTitleCase(ch)) {
        sb.appendCodePoint(Character.toLowerCase(ch));
        whitespace = false;
      } else if (Character.isLowerCase(ch)) {
        sb.appendCodePoint(whitespace ? Character.toTitleCase(ch) : Character.toUpperCase(ch));
        whitespace = false;
      } else {
        sb.appendCodePoint(ch);
        whitespace = GoStrings.isSpace(ch);
      }
    }
    return sb.toString();
  }

  static String uncapitalize(String str) {
    StringBuilder sb = new StringBuilder();
    boolean next = true;
    for (int i = 0; i < str.length(); ) {
      int ch = str.codePointAt(i);
      i += Character.charCount(ch);
      if (GoStrings.isSpace(ch)) {
        next = true;
        sb.appendCodePoint(ch);
      } else if (next) {
        sb.appendCodePoint(Character.toLowerCase(ch));
        next = false;
      } else {
        sb.appendCodePoint(ch);
      }
    }
    return sb.toString();
  }

  /** {@code WrapCustom}: byte offsets, {@code ' '} separates words. */
  static String wrap(String str, int wrapLength, String newLine, boolean wrapLongWords) {
    if (str.isEmpty()) {
      return "";
    }
    String nl = newLine.isEmpty() ? "\n" : newLine;
    int width = Math.max(1, wrapLength);
    byte[] b = str.getBytes(StandardCharsets.UTF_8);
    int len = b.length;
    int offset = 0;
    StringBuilder out = new StringBuilder();
    while (len - offset > width) {
      if (b[offset] == ' ') {
        offset++;
        continue;
      }
      int end = Math.min(width + offset + 1, len);
      int space = lastSpace(b, offset, end);
      if (space >= offset) {
        out.append(text(b, offset, space)).append(nl);
        offset = space + 1;
      } else if (wrapLongWords) {
        out.append(text(b, offset, width + offset)).append(nl);
        offset += width;
      } else {
        int next = firstSpace(b, width + offset, len);
        if (next < 0) {
          out.append(text(b, offset, len));
          offset = len;
        } else {
          out.append(text(b, offset, next)).append(nl);
          offset = next + 1;
        }
      }
    }
    out.append(text(b, offset, len));
    return out.toString();
  }

  private static int lastSpace(byte[] b, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static int firstSpace(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
