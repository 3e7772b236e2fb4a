package io.vaultlet.config;

import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Shown;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Duration syntax of Vault Agent configuration. There are two dialects (vault-agent.md §1.2):
 *
 * <ul>
 *   <li><b>Agent-level</b> ({@link #parseSeconds(String)}): {@code wrap_ttl}, {@code min_backoff},
 *       {@code max_backoff}, {@code static_secret_render_interval}, and vaultlet's own keys. A number or a string of
 *       digits is seconds ({@code 300}, {@code "300"}), {@code "<int>d"} is days ({@code "7d"}), anything else is a Go
 *       duration ({@code "5m"}, {@code "1h30m"}, {@code "250ms"}, {@code "1.5h"}). Empty is zero.
 *   <li><b>Template-level</b> ({@link #parseGo(String)}): {@code command_timeout}, {@code exec.timeout},
 *       {@code wait.min/max}. A Go duration only: a unit is required ({@code "30s"}); only {@code "0"} may omit it.
 * </ul>
 *
 * <p>Go duration grammar: an optional sign, then one or more {@code <decimal><unit>} pairs, units {@code ns},
 * {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}. Errors are {@link IllegalArgumentException}s
 * whose message quotes the input, like Go's.
 */
public final class Durations {

  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L,
      "\u03bcs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /** Agent-level rule for a number literal: seconds (fractions allowed, as Go multiplies the float). */
  public static Duration ofSeconds(Number seconds) {
    if (seconds instanceof Double || seconds instanceof Float) {
      BigDecimal nanos = BigDecimal.valueOf(seconds.doubleValue()).multiply(BigDecimal.valueOf(1_000_000_000L));
      return Duration.ofNanos(nanos.longValue());
    }
    return Duration.ofSeconds(seconds.longValue());
  }

  /** Agent-level rule for a string: digits are seconds, {@code <int>d} is days, else a Go duration; empty is 0. */
  public static Duration parseSeconds(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      return Duration.ZERO;
    }
    if (isInteger(s)) {
      return Duration.ofSeconds(parseLong(s, text));
    }
    if (s.endsWith("d")) {
      String days = s.substring(0, s.length() - 1);
      if (!isInteger(days)) {
        throw new IllegalArgumentException(
            "invalid duration \"" + Shown.cut(text) + "\": days must be a whole number, e.g. \"7d\"");
      }
      return Duration.ofDays(parseLong(days, text));
    }
    return parseGo(s);
  }

  /** Go's {@code time.ParseDuration}: a unit is required except for {@code "0"}. */
  public static Duration parseGo(String text) {
    String s = text.trim();
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("missing unit in duration \"" + Shown.cut(text) + "\" (e.g. \"" + number + "s\")");
      }
      Long scale = UNITS.get(unit);
      if (scale == null) {
        throw new IllegalArgumentException(
            "unknown unit \"" + Shown.cut(unit) + "\" in duration \"" + Shown.cut(text) + "\" (units: ns, us, ms, s, m, h)");
      }
      String digits = number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number;
      BigDecimal value = new BigDecimal(digits);
      total = total.add(value.multiply(BigDecimal.valueOf(scale)).toBigInteger());
      if (total.compareTo(MAX_NANOS) > 0) {
        throw new IllegalArgumentException("invalid duration \"" + Shown.cut(text) + "\": out of range");
      }
    }
    long nanos = total.longValueExact();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  /** Go's {@code Duration.String()}: {@code 1h30m0s}, {@code 250ms}, {@code 0s}. Parseable by both dialects. */
  public static String format(Duration d) {
    return GoDurations.format(d);
  }

  private static boolean isInteger(String s) {
    int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static long parseLong(String digits, String original) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid duration \"" + Shown.cut(original) + "\": out of range");
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + Shown.cut(text) + "\" (expected e.g. \"30s\", \"5m\", \"1h30m\")");
  }
}
