package io.vaultlet.support;

/**
 * Cuts long values quoted in messages: a 1 MB key in a configuration is named by its first characters, an ellipsis
 * and its length, never echoed whole.
 */
public final class Clip {

  /** The most characters a quoted value keeps whole. */
  public static final int MAX = 80;
  private static final int KEEP = 64;

  private Clip() {}

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
