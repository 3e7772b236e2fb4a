package io.vaultlet.dev.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's request-field conversions ({@code framework.FieldData}): strings, bools, comma-separated or JSON lists, and
 * durations given as integer seconds or Go duration strings ({@code "90s"}, {@code "1h30m"}).
 */
public final class Fields {

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

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
    Object v = data.get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        if (o != null && !o.toString().isBlank()) {
          out.add(o.toString().trim());
        }
      }
      return out;
    }
    for (String part : v.toString().split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
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

  /** Integer seconds, or a Go duration string. */
  public static Duration parseDuration(Object v) {
    if (v instanceof Number n) {
      return Duration.ofSeconds(n.longValue());
    }
    String s = v.toString().trim();
    if (s.matches("-?\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = GO_DURATION.matcher(s);
    long nanos = 0;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      long unit;
      switch (m.group(2)) {
        case "ns": unit = 1L; break;
        case "us": case "µs": unit = 1_000L; break;
        case "ms": unit = 1_000_000L; break;
        case "s": unit = 1_000_000_000L; break;
        case "m": unit = 60_000_000_000L; break;
        case "h": unit = 3_600_000_000_000L; break;
        default: unit = 86_400_000_000_000L; break;
      }
      nanos += (long) (n * unit);
      pos = m.end();
    }
    if (pos != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }
    return Duration.ofNanos(nanos).withNanos(0);
  }
}
