package io.vaultlet.support;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * vaultlet's one logger: hclog-compatible lines (what Vault Agent prints), in {@code standard} or {@code json} format.
 *
 * <p>Every message and every key/value passes through {@link Redactor} first. Log token accessors, never tokens.
 *
 * <pre>
 * standard: 2026-11-27T16:00:00.000Z [INFO]  auth.handler: authentication successful: accessor=abc
 * json:     {"@level":"info","@message":"authentication successful","@module":"auth.handler","@timestamp":"…","accessor":"abc"}
 * </pre>
 */
public final class Log {

  /** Log levels, least to most severe. */
  public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /** Parses a level as Vault does ({@code warning} and {@code err} accepted); unknown levels are an error. */
    public static Level parse(String text) {
      String t = text == null ? "info" : text.trim().toLowerCase(Locale.ROOT);
      switch (t) {
        case "trace": return TRACE;
        case "debug": return DEBUG;
        case "info": case "": return INFO;
        case "warn": case "warning": return WARN;
        case "err": case "error": return ERROR;
        default:
          throw new IllegalArgumentException(
              "unknown log level \"" + text + "\": expected one of trace, debug, info, warn, error");
      }
    }
  }

  /** Output formats. */
  public enum Format {
    STANDARD, JSON;

    public static Format parse(String text) {
      String t = text == null ? "standard" : text.trim().toLowerCase(Locale.ROOT);
      switch (t) {
        case "standard": case "": return STANDARD;
        case "json": return JSON;
        default:
          throw new IllegalArgumentException("unknown log format \"" + text + "\": expected standard or json");
      }
    }
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private static volatile Level level = Level.INFO;
  private static volatile Format format = Format.STANDARD;
  private static volatile PrintStream out = System.err;

  private final String module;

  private Log(String module) {
    this.module = module;
  }

  /** A logger for a module name such as {@code auth.handler} or {@code template.server}. */
  public static Log named(String module) {
    return new Log(module);
  }

  /** Sets level and format for the whole process (startup and SIGHUP). */
  public static void configure(Level newLevel, Format newFormat) {
    level = newLevel;
    format = newFormat;
  }

  public static void setLevel(Level newLevel) {
    level = newLevel;
  }

  public static Level level() {
    return level;
  }

  /** Redirects output (tests). */
  public static void setOutput(PrintStream stream) {
    out = stream;
  }

  public boolean enabled(Level l) {
    return l.compareTo(level) >= 0;
  }

  public void trace(String msg, Object... kv) { log(Level.TRACE, msg, null, kv); }
  public void debug(String msg, Object... kv) { log(Level.DEBUG, msg, null, kv); }
  public void info(String msg, Object... kv) { log(Level.INFO, msg, null, kv); }
  public void warn(String msg, Object... kv) { log(Level.WARN, msg, null, kv); }
  public void error(String msg, Object... kv) { log(Level.ERROR, msg, null, kv); }

  /** Logs an error; the stack trace is printed only at debug level (a bug), never for a user error at info. */
  public void error(String msg, Throwable t, Object... kv) { log(Level.ERROR, msg, t, kv); }
  public void warn(String msg, Throwable t, Object... kv) { log(Level.WARN, msg, t, kv); }

  private void log(Level l, String msg, Throwable t, Object[] kv) {
    if (!enabled(l)) {
      return;
    }
    // Redact the parts before quoting them: once a secret's quotes or backslashes are escaped, the line no longer
    // contains the secret as registered. The whole line is redacted again below.
    String text = Redactor.redact(msg);
    Object[] pairs = new Object[kv.length];
    for (int i = 0; i < kv.length; i++) {
      pairs[i] = Redactor.redact(text(kv[i]));
    }
    String line = format == Format.JSON ? json(l, text, t, pairs) : standard(l, text, t, pairs);
    PrintStream target = out;
    synchronized (target) {
      target.println(Redactor.redact(line));
      target.flush();
    }
  }

  private String standard(Level l, String msg, Throwable t, Object[] kv) {
    StringBuilder sb = new StringBuilder(96);
    sb.append(TIME.format(Instant.now())).append(' ');
    String tag = "[" + l.name() + "]";
    sb.append(tag);
    for (int i = tag.length(); i < 7; i++) {
      sb.append(' ');
    }
    sb.append(' ').append(module).append(": ").append(msg);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(i == 0 ? ": " : " ");
      sb.append(kv[i]).append('=').append(quoteIfNeeded(String.valueOf(kv[i + 1])));
    }
    if (t != null) {
      sb.append(kv.length < 2 ? ": " : " ").append("error=").append(quoteIfNeeded(errorText(t)));
      if (level.compareTo(Level.DEBUG) <= 0) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(sw));
        sb.append(System.lineSeparator()).append(sw);
      }
    }
    return sb.toString();
  }

  private String json(Level l, String msg, Throwable t, Object[] kv) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"@level\":").append(Json.quote(l.name().toLowerCase(Locale.ROOT)));
    sb.append(",\"@message\":").append(Json.quote(msg));
    sb.append(",\"@module\":").append(Json.quote(module));
    sb.append(",\"@timestamp\":").append(Json.quote(TIME.format(Instant.now())));
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(',').append(Json.quote(String.valueOf(kv[i]))).append(':').append(Json.quote(String.valueOf(kv[i + 1])));
    }
    if (t != null) {
      sb.append(",\"error\":").append(Json.quote(errorText(t)));
    }
    return sb.append('}').toString();
  }

  private static String errorText(Throwable t) {
    return Redactor.redact(String.valueOf(t.getMessage()));
  }

  /** A value as hclog prints it: durations as Go's {@code 1m30s}, everything else by {@code toString}. */
  private static String text(Object value) {
    return value instanceof java.time.Duration d ? GoDurations.format(d) : String.valueOf(value);
  }

  private static String quoteIfNeeded(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '"' || c == '=' || c < 0x20) {
        return Json.quote(v);
      }
    }
    return v;
  }

  /** JSON string quoting for the JSON log (no Jackson on the logging path: it must work before anything else loads). */
  static final class Json {
    private Json() {}

    static String quote(String s) {
      StringBuilder sb = new StringBuilder(s.length() + 2);
      JsonQuote.quote(sb, s, false);
      return sb.toString();
    }
  }
}
