package io.vaultlet.dev.auth;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Go's renderings that Vault's error texts contain: {@code %q} and {@code %v} of a string slice, a Duration. */
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

  /** Go's {@code time.Duration.String()}, fractional seconds included: {@code 1h5m0.25s}, {@code -3m2s}, {@code 0s}. */
  static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    int nanos = d.toNanosPart();
    if (hours == 0 && minutes == 0 && seconds == 0) {
      return sb.append(subSecond(nanos)).toString();
    }
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    sb.append(seconds);
    if (nanos > 0) {
      sb.append('.').append(String.format("%09d", nanos).replaceAll("0+$", ""));
    }
    return sb.append('s').toString();
  }

  private static String subSecond(int nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    return nanos < 1_000_000 ? fraction(nanos, 1_000, 3) + "µs" : fraction(nanos, 1_000_000, 6) + "ms";
  }

  private static String fraction(long value, long unit, int digits) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return String.valueOf(whole);
    }
    return whole + "." + String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
  }
}
