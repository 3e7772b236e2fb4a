package io.vaultlet.support;

/**
 * A JSON string as Go's {@code encoding/json} writes it: {@code \n}, {@code \r}, {@code \t} and other control
 * characters escaped, U+2028/U+2029 escaped, a lone surrogate replaced by U+FFFD, and — Go's default, {@code html} —
 * {@code <}, {@code >} and {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}. The one quoting of the
 * templates' {@code toJSON}, the listener's hand-built answers and the JSON log (which has no Jackson on its path).
 */
public final class JsonQuote {

  private JsonQuote() {}

  /** {@code s} quoted with Go's HTML-safe escapes, as {@code json.Marshal} writes it. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s, true);
    return sb.toString();
  }

  /** Appends {@code s} quoted; {@code html}: escape {@code < > &} too ({@code json.Encoder.SetEscapeHTML}). */
  public static void quote(StringBuilder sb, String s, boolean html) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> {
          if (c < 0x20 || html && (c == '<' || c == '>' || c == '&')) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
            sb.append("\\ufffd");
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
