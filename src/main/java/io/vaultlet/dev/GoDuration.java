package io.vaultlet.dev;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration handling: {@code parseutil.ParseDurationSecond} for request fields and Vault's
 * {@code humanDuration} (Go's {@code Duration.String()} with zero units trimmed) for warning texts.
 */
public final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");

  private GoDuration() {}

  /**
   * Parses an integer number of seconds ({@code 30}, {@code "30"}) or a Go duration string ({@code "1h30m"},
   * {@code "1.5h"}, {@code "7d"}); null or blank is zero. Throws {@link IllegalArgumentException} for anything else.
   */
  public static Duration parse(Object value) {
    if (value == null) {
      return Duration.ZERO;
    }
    if (value instanceof Number n) {
      return Duration.ofSeconds(n.longValue());
    }
    String s = value.toString().trim();
    if (s.isEmpty()) {
      return Duration.ZERO;
    }
    if (s.matches("-?\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    boolean negative = s.startsWith("-");
    String rest = negative || s.startsWith("+") ? s.substring(1) : s;
    Matcher m = PART.matcher(rest);
    long nanos = 0;
    int at = 0;
    while (at < rest.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
      }
      BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      nanos += amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))).longValue();
      at = m.end();
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }
    Duration d = Duration.ofNanos(nanos);
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns": return 1L;
      case "us": case "µs": return 1_000L;
      case "ms": return 1_000_000L;
      case "s": return 1_000_000_000L;
      case "m": return 60_000_000_000L;
      case "h": return 3_600_000_000_000L;
      default: return 86_400_000_000_000L;
    }
  }

  /** Go's {@code time.Duration.String()} for whole seconds: {@code 1h0m0s}, {@code 1m40s}, {@code 0s}. */
  public static String goString(Duration d) {
    long secs = d.getSeconds();
    if (secs == 0) {
      return "0s";
    }
    String sign = secs < 0 ? "-" : "";
    secs = Math.abs(secs);
    long h = secs / 3600;
    long m = (secs % 3600) / 60;
    long s = secs % 60;
    if (h > 0) {
      return sign + h + "h" + m + "m" + s + "s";
    }
    if (m > 0) {
      return sign + m + "m" + s + "s";
    }
    return sign + s + "s";
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
