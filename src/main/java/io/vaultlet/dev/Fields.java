package io.vaultlet.dev;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vault's request-field conversions ({@code framework.FieldData}): strings, bools, integers, comma-separated or JSON
 * lists, and durations given as integer seconds or Go duration strings ({@code "90s"}, {@code "1h30m"}). The one place
 * they live: {@link DevRequest}'s typed getters and the engines that parse a stored data map both use it. A bad value
 * is a 400 in Vault's words ({@code Field validation failed: error converting input … for field "…"}).
 */
public final class Fields {

  private Fields() {}

  /** A string field; numbers and booleans are rendered; empty when absent. */
  public static String string(Map<String, Object> data, String key) {
    Object v = data.get(key);
    return v == null ? "" : v.toString();
  }

  /** A boolean field (true/false, "true"/"1"/"t"…); {@code dflt} when absent or blank. */
  public static boolean bool(Map<String, Object> data, String key, boolean dflt) {
    Object v = data.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "t": return true;
      case "false": case "0": case "f": return false;
      case "": return dflt;
      default: throw invalid(key, v, "cannot parse '' as bool");
    }
  }

  /** An integer field (number or numeric string); {@code dflt} when absent or blank. */
  public static long integer(Map<String, Object> data, String key, long dflt) {
    Object v = data.get(key);
    if (v == null || v.toString().isBlank()) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(key, v, "cannot parse '' as int");
    }
  }

  /** An integer field that must fit an {@code int} (Go's {@code TypeInt} on a 32-bit value). */
  public static int int32(Map<String, Object> data, String key, int dflt) {
    long v = integer(data, key, dflt);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw invalid(key, data.get(key), "value out of range");
    }
    return (int) v;
  }

  /** A comma-separated string or a JSON array; blanks dropped. */
  public static List<String> list(Map<String, Object> data, String key) {
    return DevRequest.stringList(data.get(key));
  }

  /** A duration field (Vault's {@code TypeDurationSecond}); zero when absent or empty. */
  public static Duration duration(Map<String, Object> data, String key) {
    Object v = data.get(key);
    if (v == null || "".equals(v)) {
      return Duration.ZERO;
    }
    try {
      return parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw invalid(key, v, e.getMessage());
    }
  }

  /** Integer seconds, whole days or a Go duration string, truncated to whole seconds (Vault's TypeDurationSecond). */
  public static Duration parseDuration(Object v) {
    return GoDuration.parse(v).truncatedTo(ChronoUnit.SECONDS);
  }

  static DevException invalid(String key, Object value, String reason) {
    return DevException.badRequest("Field validation failed: error converting input " + value + " for field \""
        + key + "\": " + reason);
  }
}
