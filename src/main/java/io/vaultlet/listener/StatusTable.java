package io.vaultlet.listener;

import io.vaultlet.config.Durations;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import io.vaultlet.rotation.awskey.AccessKeyStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The compact live status the {@code vaultlet dev} demo prints and {@code vaultlet status} shows from a running agent:
 * one line per template (times relative to now), the recent rotation steps, and one line per {@code aws_access_key}
 * block. ({@link RuntimeStatus#toTable} is the wide form, with the leases.)
 *
 * <pre>
 * TEMPLATE                     STATE      RENDERED       LEASE EXPIRES    NEXT ACTION
 * db.env → blue                rendered   12s ago        in 47s           renew in 19s
 * </pre>
 */
public final class StatusTable {

  /** How many of the most recent rotation steps the table lists. */
  public static final int ROTATION_LINES = 6;
  private static final String FORMAT = "%-28s %-10s %-14s %-16s %s%n";

  private StatusTable() {}

  /**
   * Everything one print shows, as the demo prints it: the templates table and a blank line, then, when there are
   * {@code aws_access_key} blocks, their table and a blank line.
   */
  public static String screen(RuntimeStatus status, List<AccessKeyStatus> keys, Map<String, String> missing,
      Instant now) {
    String nl = System.lineSeparator();
    String out = render(status, missing, now) + nl;
    return keys.isEmpty() ? out : out + accessKeys(keys, now) + nl;
  }

  /** The templates table for {@code status} at {@code now}. */
  public static String render(RuntimeStatus status, Instant now) {
    return render(status, Map.of(), now);
  }

  /** The templates table, with one row per part that could not start ({@code missing}: template name → why). */
  public static String render(RuntimeStatus status, Map<String, String> missing, Instant now) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(FORMAT, "TEMPLATE", "STATE", "RENDERED", "LEASE EXPIRES", "NEXT ACTION"));
    for (TemplateStatus t : status.templates()) {
      Path file = Path.of(t.destination()).getFileName();
      String name = (file == null ? t.destination() : file.toString()) + (t.slot().isEmpty() ? "" : " → " + t.slot());
      sb.append(String.format(FORMAT, name, t.state(),
          t.lastRender().map(i -> ago(i, now)).orElse("-"),
          t.leaseExpiry().map(i -> in(i, now)).orElse("-"),
          t.nextActionAt().map(i -> t.nextAction() + " " + in(i, now)).orElse("-")
              + (t.lastError().isEmpty() ? "" : "  error: " + t.lastError())));
    }
    missing.forEach((template, why) -> sb.append(String.format(FORMAT, template, "missing", "-", "-",
        "not started: " + shortReason(why))));
    List<RotationEvent> recent = status.rotations();
    if (!recent.isEmpty()) {
      sb.append("recent rotation steps:").append(System.lineSeparator());
      for (RotationEvent e : recent.subList(Math.max(0, recent.size() - ROTATION_LINES), recent.size())) {
        sb.append(String.format("  %-9s %-28s %-8s %-10s %s%n", ago(e.at(), now),
            Path.of(e.target().split(",")[0]).getFileName(), e.step(), e.result().label(), shortMessage(e)));
      }
    }
    return sb.toString();
  }

  /** One line per {@code aws_access_key} block: the key in KV, the rotation's phase and state, what is next. */
  public static String accessKeys(List<AccessKeyStatus> keys, Instant now) {
    StringBuilder sb = new StringBuilder();
    String format = "%-28s %-22s %-12s %-9s %s%n";
    sb.append(String.format(format, "AWS ACCESS KEY", "KEY IN KV", "PHASE", "STATE", "NEXT ACTION"));
    for (AccessKeyStatus k : keys) {
      sb.append(String.format(format, k.name(), k.accessKeyId().isEmpty() ? "-" : k.accessKeyId(),
          k.phase().isEmpty() ? "-" : k.phase(), k.state(),
          k.nextActionAt().map(i -> k.nextAction() + " " + in(i, now)).orElse(k.nextAction())
              + (k.lastError().isEmpty() ? "" : "  error: " + k.lastError())));
    }
    return sb.toString();
  }

  /** The event's message on one line, shortened for the table. */
  private static String shortMessage(RotationEvent e) {
    String m = e.message().isEmpty() ? (e.verifiedBy().isEmpty() ? "" : "verified by " + e.verifiedBy())
        : e.message().replaceAll("\\s+", " ");
    return m.length() > 90 ? m.substring(0, 89) + "…" : m;
  }

  /** The first clause of a reason, for the table (the whole line was printed at start). */
  private static String shortReason(String why) {
    int cut = why.indexOf(';');
    String first = cut < 0 ? why : why.substring(0, cut);
    return first.length() > 60 ? first.substring(0, 59) + "…" : first;
  }

  private static String ago(Instant then, Instant now) {
    return Durations.format(Duration.between(then, now).withNanos(0)) + " ago";
  }

  private static String in(Instant when, Instant now) {
    Duration d = Duration.between(now, when).withNanos(0);
    return d.isNegative() ? "now" : "in " + Durations.format(d);
  }
}
