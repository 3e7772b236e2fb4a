package io.vaultlet.template;

import static io.vaultlet.template.SprigFunctions.empty;

import io.vaultlet.support.GoDurations;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sprig's defaults, JSON, reflection, date, URL and semver functions. Times are in UTC (a Vault Agent container's
 * local zone); {@code time.Time} values print as Go's {@code Time.String()}.
 */
final class SprigData {

  private SprigData() {}

  static void register(Map<String, TemplateFunction> s) {
    s.put("default", a -> {
      Args.atLeast("default", a, 1);
      return a.size() < 2 || empty(a.get(1)) ? a.get(0) : a.get(1);
    });
    s.put("empty", a -> { Args.count("empty", a, 1); return empty(a.get(0)); });
    s.put("coalesce", a -> {
      for (Object o : a) {
        if (!empty(o)) {
          return o;
        }
      }
      return null;
    });
    s.put("all", a -> a.stream().noneMatch(SprigFunctions::empty));
    s.put("any", a -> a.stream().anyMatch(o -> !empty(o)));
    s.put("ternary", a -> {
      Args.count("ternary", a, 3);
      if (!(a.get(2) instanceof Boolean b)) {
        throw Args.wrongType(a.get(2), "bool");
      }
      return b ? a.get(0) : a.get(1);
    });
    s.put("fail", a -> { Args.count("fail", a, 1); throw new IllegalStateException(Args.string(a, 0)); });
    // JSON
    s.put("fromJson", a -> {
      Args.count("fromJson", a, 1);
      try {
        return GoJson.parse(Args.string(a, 0), GoJson.Numbers.FLOAT64);
      } catch (java.io.IOException e) {
        return null;
      }
    });
    s.put("mustFromJson", a -> {
      Args.count("mustFromJson", a, 1);
      try {
        return GoJson.parse(Args.string(a, 0), GoJson.Numbers.FLOAT64);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(jsonError(Args.string(a, 0), e));
      }
    });
    s.put("toJson", a -> { Args.count("toJson", a, 1); return json(a.get(0), true, "", false); });
    s.put("mustToJson", a -> { Args.count("mustToJson", a, 1); return json(a.get(0), true, "", true); });
    s.put("toPrettyJson", a -> { Args.count("toPrettyJson", a, 1); return json(a.get(0), true, "  ", false); });
    s.put("mustToPrettyJson", a -> { Args.count("mustToPrettyJson", a, 1); return json(a.get(0), true, "  ", true); });
    s.put("toRawJson", a -> { Args.count("toRawJson", a, 1); return json(a.get(0), false, "", true); });
    s.put("mustToRawJson", a -> { Args.count("mustToRawJson", a, 1); return json(a.get(0), false, "", true); });
    // reflection
    s.put("typeOf", a -> { Args.count("typeOf", a, 1); return GoTypes.typeName(a.get(0)); });
    s.put("typeIs", a -> { Args.count("typeIs", a, 2); return Args.string(a, 0).equals(GoTypes.typeName(a.get(1))); });
    s.put("typeIsLike", a -> {
      Args.count("typeIsLike", a, 2);
      String t = GoTypes.typeName(a.get(1));
      String target = Args.string(a, 0);
      return target.equals(t) || ("*" + target).equals(t);
    });
    s.put("kindOf", a -> { Args.count("kindOf", a, 1); return SprigFunctions.kind(a.get(0)); });
    s.put("kindIs", a -> {
      Args.count("kindIs", a, 2);
      return Args.string(a, 0).equals(SprigFunctions.kind(a.get(1)));
    });
    s.put("deepEqual", a -> { Args.count("deepEqual", a, 2); return SprigCollections.deepEqual(a.get(0), a.get(1)); });
    // dates (the hermetic ones: Sprig's now/date/dateModify/… are left out by consul-template)
    s.put("ago", a -> {
      Args.count("ago", a, 1);
      Instant now = FunctionContext.current().clock.instant(); // the template's clock, as timestamp reads it
      Instant t = a.get(0) instanceof GoTimeValue v ? v.instant()
          : GoTypes.isInteger(a.get(0)) ? Instant.ofEpochSecond(((Number) a.get(0)).longValue()) : now;
      Duration d = Duration.between(t, now);
      return GoDurations.format(roundToSecond(d));
    });
    s.put("duration", a -> {
      Args.count("duration", a, 1);
      long n = 0;
      if (a.get(0) instanceof String str) {
        try {
          n = Long.parseLong(str);
        } catch (NumberFormatException e) {
          n = 0;
        }
      }
      return GoDurations.format(Duration.ofSeconds(n));
    });
    s.put("durationRound", a -> {
      Args.count("durationRound", a, 1);
      Duration d = Duration.ZERO;
      if (a.get(0) instanceof String str) {
        try {
          d = io.vaultlet.config.Durations.parseGo(str);
        } catch (IllegalArgumentException e) {
          d = Duration.ZERO;
        }
      } else if (a.get(0) instanceof GoTimeValue v) {
        d = Duration.between(v.instant(), FunctionContext.current().clock.instant());
      }
      return durationRound(d);
    });
    TemplateFunction mustDateModify = a -> {
      Args.count("mustDateModify", a, 2);
      String fmt = Args.string(a, 0);
      GoTimeValue t = time(a, 1);
      return new GoTimeValue(t.time().plus(goDuration(fmt)));
    };
    s.put("mustDateModify", mustDateModify);
    s.put("must_date_modify", mustDateModify);
    s.put("toDate", a -> {
      Args.count("toDate", a, 2);
      try {
        return new GoTimeValue(GoTimeParse.parse(Args.string(a, 0), Args.string(a, 1)));
      } catch (IllegalArgumentException e) {
        return GoTimeValue.ZERO;
      }
    });
    s.put("mustToDate", a -> {
      Args.count("mustToDate", a, 2);
      return new GoTimeValue(GoTimeParse.parse(Args.string(a, 0), Args.string(a, 1)));
    });
    s.put("unixEpoch", a -> { Args.count("unixEpoch", a, 1); return Long.toString(time(a, 0).instant().getEpochSecond()); });
    // URLs
    s.put("urlParse", a -> { Args.count("urlParse", a, 1); return GoUrl.parse(Args.string(a, 0)); });
    s.put("urlJoin", a -> { Args.count("urlJoin", a, 1); return GoUrl.join(Args.map(a, 0)); });
    // semver
    s.put("semver", a -> { Args.count("semver", a, 1); return SemVer.parse(Args.string(a, 0)); });
    s.put("semverCompare", a -> {
      Args.count("semverCompare", a, 2);
      SemVer.Constraints c = SemVer.Constraints.parse(Args.string(a, 0));
      return c.check(SemVer.parse(Args.string(a, 1)));
    });
  }

  /** Go's {@code time.ParseDuration}, with its error wording. */
  private static Duration goDuration(String s) {
    try {
      return io.vaultlet.config.Durations.parseGo(s);
    } catch (IllegalArgumentException e) {
      String q = io.vaultlet.template.gotmpl.GoFormat.quote(s);
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("missing unit")) {
        throw new IllegalStateException("time: missing unit in duration " + q);
      }
      if (m.startsWith("unknown unit")) {
        throw new IllegalStateException("time: unknown unit " + m.replaceAll("^unknown unit (\"[^\"]*\").*", "$1")
            + " in duration " + q);
      }
      throw new IllegalStateException("time: invalid duration " + q);
    }
  }

  /** encoding/json's messages for the common errors. */
  private static String jsonError(String text, java.io.IOException e) {
    String m = String.valueOf(e.getMessage());
    if (text.isBlank() || m.contains("end-of-input")) {
      return "unexpected end of JSON input";
    }
    if (e instanceof com.fasterxml.jackson.core.JsonParseException p && p.getLocation() != null) {
      long at = p.getLocation().getCharOffset();
      if (at >= 0 && at < text.length()) {
        return "invalid character '" + text.charAt((int) at) + "' looking for beginning of value";
      }
    }
    return m.lines().findFirst().orElse(m);
  }

  private static GoTimeValue time(List<Object> a, int i) {
    if (a.get(i) instanceof GoTimeValue t) {
      return t;
    }
    throw Args.wrongType(a.get(i), "time.Time");
  }

  private static String json(Object v, boolean html, String indent, boolean mustSucceed) {
    try {
      return GoJson.marshal(v == Brain.NIL ? null : v, html, indent);
    } catch (IllegalArgumentException e) {
      if (mustSucceed) {
        throw e;
      }
      return "";
    }
  }

  private static Duration roundToSecond(Duration d) {
    long nanos = d.toNanos();
    long r = Math.floorMod(nanos, 1_000_000_000L);
    long down = nanos - r;
    return Duration.ofNanos(r + r < 1_000_000_000L ? down : down + 1_000_000_000L);
  }

  private static String durationRound(Duration d) {
    long u = Math.abs(d.toNanos());
    long second = 1_000_000_000L;
    long minute = 60 * second;
    long hour = 60 * minute;
    long day = 24 * hour;
    long month = 30 * day;
    long year = 365 * day;
    if (u > year) {
      return Long.toUnsignedString(u / year) + "y";
    } else if (u > month) {
      return u / month + "mo";
    } else if (u > day) {
      return u / day + "d";
    } else if (u > hour) {
      return u / hour + "h";
    } else if (u > minute) {
      return u / minute + "m";
    } else if (u > second) {
      return u / second + "s";
    }
    return "0s";
  }

  /** A Go {@code time.Time} (always UTC here): prints as {@code 2006-01-02 15:04:05 +0000 UTC}. */
  record GoTimeValue(ZonedDateTime time) implements GoStruct {

    static final GoTimeValue ZERO = new GoTimeValue(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

    Instant instant() {
      return time.toInstant();
    }

    /** Go's {@code Time.String()}: UTC says {@code +0000 UTC}, a parsed offset names itself ({@code +0200 +0200}). */
    String string() {
      String frac = time.getNano() == 0 ? "" : ("." + String.format("%09d", time.getNano())).replaceAll("0+$", "");
      int total = time.getOffset().getTotalSeconds();
      String offset = String.format("%s%02d%02d", total < 0 ? "-" : "+", Math.abs(total) / 3600, Math.abs(total) / 60 % 60);
      return String.format("%04d-%02d-%02d %02d:%02d:%02d%s %s %s", time.getYear(), time.getMonthValue(),
          time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), frac, offset,
          total == 0 ? "UTC" : offset);
    }

    @Override
    public String typeName() {
      return "time.Time";
    }

    @Override
    public boolean pointer() {
      return false;
    }

    @Override
    public TemplateFunction method(String name) {
      return switch (name) {
        case "String" -> a -> string();
        case "Unix" -> a -> time.toEpochSecond();
        case "Year" -> a -> (long) time.getYear();
        case "Format" -> a -> { Args.count("Format", a, 1); return GoTime.format(time, Args.string(a, 0)); };
        default -> null;
      };
    }
  }

  /** Go's {@code url.Parse} and {@code URL.String} for the dicts Sprig's {@code urlParse}/{@code urlJoin} use. */
  static final class GoUrl {

    private GoUrl() {}

    static Map<String, Object> parse(String v) {
      URI u;
      try {
        u = new URI(v);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException("unable to parse url: parse " + io.vaultlet.template.gotmpl.GoFormat.quote(v)
            + ": " + e.getReason());
      }
      Map<String, Object> d = new LinkedHashMap<>();
      String host = u.getRawAuthority() == null ? "" : u.getRawAuthority().replaceFirst("^.*@", "");
      d.put("scheme", u.getScheme() == null ? "" : u.getScheme());
      d.put("host", host);
      d.put("hostname", host.startsWith("[") ? host.substring(1, host.indexOf(']'))
          : host.replaceFirst(":[0-9]*$", ""));
      d.put("path", u.isOpaque() ? "" : u.getPath() == null ? "" : u.getPath());
      d.put("query", u.getRawQuery() == null ? "" : u.getRawQuery());
      d.put("opaque", u.isOpaque() ? u.getRawSchemeSpecificPart().replaceFirst("\\?.*$", "") : "");
      d.put("fragment", u.getFragment() == null ? "" : u.getFragment());
      d.put("userinfo", u.getRawUserInfo() == null ? "" : u.getRawUserInfo());
      return d;
    }

    static String join(Map<String, Object> d) {
      String scheme = field(d, "scheme");
      String host = field(d, "host");
      String path = field(d, "path");
      String query = field(d, "query");
      String opaque = field(d, "opaque");
      String fragment = field(d, "fragment");
      String user = field(d, "userinfo");
      StringBuilder sb = new StringBuilder();
      if (!scheme.isEmpty()) {
        sb.append(scheme).append(':');
      }
      if (!opaque.isEmpty()) {
        sb.append(opaque);
      } else {
        if (!scheme.isEmpty() || !host.isEmpty() || !user.isEmpty()) {
          if (!host.isEmpty() || !path.isEmpty() || !user.isEmpty()) {
            sb.append("//");
          }
          if (!user.isEmpty()) {
            sb.append(user).append('@');
          }
          sb.append(host);
        }
        if (!path.isEmpty() && !path.startsWith("/") && !host.isEmpty()) {
          sb.append('/');
        }
        sb.append(escapePath(path));
      }
      if (!query.isEmpty()) {
        sb.append('?').append(query);
      }
      if (!fragment.isEmpty()) {
        sb.append('#').append(escapeFragment(fragment));
      }
      return sb.toString();
    }

    private static String field(Map<String, Object> d, String key) {
      if (!d.containsKey(key)) {
        return "";
      }
      Object v = d.get(key);
      if (!(v instanceof String s)) {
        throw new IllegalStateException("unable to parse " + key + " key, must be of type string, but "
            + SprigFunctions.kind(v) + " found");
      }
      return s;
    }

    private static String escapePath(String p) {
      StringBuilder sb = new StringBuilder();
      for (byte b : p.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        if (Character.isLetterOrDigit(c) && c < 0x80 || "-_.~$&+,/:;=@!*'()".indexOf(c) >= 0) {
          sb.append((char) c);
        } else {
          sb.append('%').append(String.format("%02X", c));
        }
      }
      return sb.toString();
    }

    private static String escapeFragment(String p) {
      StringBuilder sb = new StringBuilder();
      for (byte b : p.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        if (Character.isLetterOrDigit(c) && c < 0x80 || "-_.~$&+,/:;=?@!()*'".indexOf(c) >= 0) {
          sb.append((char) c);
        } else {
          sb.append('%').append(String.format("%02X", c));
        }
      }
      return sb.toString();
    }
  }
}
