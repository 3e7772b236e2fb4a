package io.vaultlet.dev.auth;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Go's renderings that Vault's error texts contain: {@code %q} and {@code %v} of a string slice (a Duration:
 * {@link io.vaultlet.support.GoDurations#format}).
 */
final class GoText {

  private GoText() {}

  /** {@code fmt.Sprintf("%q", []string{"a", "b"})}: {@code ["a" "b"]}. */
  static String quoted(List<String> values) {
    return values.stream().map(GoText::quoted).collect(Collectors.joining(" ", "[", "]"));
  }

  /** {@code %q} of a string (the characters Vault's values hold: no control characters). */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code fmt.Sprintf("%v", []string{"a", "b"})}: {@code [a b]}. */
  static String plain(List<String> values) {
    return String.join(" ", values).transform(s -> "[" + s + "]");
  }
}
