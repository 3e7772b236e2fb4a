package io.vaultlet.dev;

import io.vaultlet.config.Durations;
import java.time.Duration;

/**
 * Vault's duration handling on the emulator's side: {@code parseutil.ParseDurationSecond} for request fields and
 * headers (the grammar is {@link Durations#parseSeconds}, the one Vault Agent's configuration uses too), Go's
 * {@code Duration.String()} and Vault's {@code humanDuration} (zero units trimmed) for warning texts.
 */
public final class GoDuration {

  private GoDuration() {}

  /**
   * Parses an integer number of seconds ({@code 30}, {@code "30"}), whole days ({@code "7d"}) or a Go duration string
   * ({@code "1h30m"}, {@code "1.5h"}); null or blank is zero. Throws {@link IllegalArgumentException} with Go's
   * {@code time: invalid duration "…"} for anything else.
   */
  public static Duration parse(Object value) {
    if (value == null) {
      return Duration.ZERO;
    }
    if (value instanceof Number n) {
      return Duration.ofSeconds(n.longValue());
    }
    String s = value.toString().trim();
    try {
      return Durations.parseSeconds(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("time: invalid duration \"" + s + "\"", e);
    }
  }

  /** Go's {@code time.Duration.String()} for whole seconds: {@code 1h0m0s}, {@code 1m40s}, {@code 0s}. */
  public static String goString(Duration d) {
    return Durations.format(Duration.ofSeconds(d.getSeconds()));
  }

  /** Vault's {@code humanDuration}: {@code 1h}, {@code 1h30m}, {@code 1m40s}, {@code 768h}, {@code 10m28s}. */
  public static String human(Duration d) {
    String s = goString(d);
    if (s.endsWith("m0s")) {
      s = s.substring(0, s.length() - 2);
    }
    int idx = s.indexOf("h0m");
    if (idx > 0) {
      s = s.substring(0, idx + 1) + s.substring(idx + 3);
    }
    return s;
  }
}
