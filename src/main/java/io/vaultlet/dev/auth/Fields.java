package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.GoDuration;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vault's request-field conversions ({@code framework.FieldData}): strings, bools, comma-separated or JSON lists, and
 * durations given as integer seconds or Go duration strings ({@code "90s"}, {@code "1h30m"}).
 */
public final class Fields {

  private Fields() {}

  public static String string(Map<String, Object> data, String key) {
    Object v = data.get(key);
    return v == null ? "" : v.toString();
  }

  public static boolean bool(Map<String, Object> data, String key, boolean dflt) {
    Object v = data.get(key);
    if (v == null || "".equals(v)) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "true": case "1": case "t": return true;
      case "false": case "0": case "f": return false;
      default: throw AuthException.badRequest("Field validation failed: error converting input " + v + " for field \""
          + key + "\": cannot parse '' as bool");
    }
  }

  public static int integer(Map<String, Object> data, String key, int dflt) {
    Object v = data.get(key);
    if (v == null || "".equals(v)) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw AuthException.badRequest("Field validation failed: error converting input " + v + " for field \"" + key
          + "\"");
    }
  }

  /** A comma-separated string or a JSON array; blanks dropped. */
  public static List<String> list(Map<String, Object> data, String key) {
    return DevRequest.stringList(data.get(key));
  }

  public static Duration duration(Map<String, Object> data, String key) {
    Object v = data.get(key);
    if (v == null || "".equals(v)) {
      return Duration.ZERO;
    }
    try {
      return parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw AuthException.badRequest("Field validation failed: error converting input " + v + " for field \"" + key
          + "\": " + e.getMessage());
    }
  }

  /** Integer seconds, whole days or a Go duration string, truncated to whole seconds (Vault's TypeDurationSecond). */
  public static Duration parseDuration(Object v) {
    return GoDuration.parse(v).truncatedTo(ChronoUnit.SECONDS);
  }
}
