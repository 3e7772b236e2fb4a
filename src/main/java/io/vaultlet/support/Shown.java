package io.vaultlet.support;

/**
 * Text written by a user, as a message shows it: a key, a label or a value longer than {@link #MAX} characters is cut
 * with an ellipsis, so that a 1 MB key makes a one-line error, not a 1 MB one.
 */
public final class Shown {

  /** The most characters of a user's text a message repeats. */
  public static final int MAX = 64;

  private Shown() {}

  /** {@code text} itself, or its first {@link #MAX} characters (code points) followed by {@code "…"}. */
  public static String cut(String text) {
    if (text == null || text.codePointCount(0, text.length()) <= MAX) {
      return text;
    }
    int end = text.offsetByCodePoints(0, MAX);
    return text.substring(0, end) + "…";
  }
}
