package io.vaultlet.support;

/**
 * Cuts long values quoted in messages: a 1 MB key in a configuration is named by its first characters, an ellipsis
 * and its length, never echoed whole.
 */
public final class Clip {

  /** The most characters a quoted value keeps whole. */
  public static final int MAX = 80;
  private static final int KEEP = 64;

  private static final java.util.regex.Pattern LONG_QUOTED =
      java.util.regex.Pattern.compile("'([^'\\n]{" + (MAX + 1) + ",})'|\"([^\"\\n]{" + (MAX + 1) + ",})\"");

  private Clip() {}

  /** {@code message} with every quoted value ({@code '…'} or {@code "…"}) longer than {@link #MAX} cut by {@link #of}. */
  public static String quoted(String message) {
    if (message == null || message.length() <= MAX) {
      return message;
    }
    java.util.regex.Matcher m = LONG_QUOTED.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      boolean single = m.group(1) != null;
      String value = single ? m.group(1) : m.group(2);
      String q = single ? "'" : "\"";
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(q + of(value) + q));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code value} itself when short, else its first characters, "…" and how long it was. */
  public static String of(String value) {
    if (value == null || value.length() <= MAX) {
      return value;
    }
    int end = KEEP;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…(" + value.length() + " characters)";
  }
}
