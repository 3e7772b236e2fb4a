package io.vaultlet.render;

import io.vaultlet.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The compact live status table the {@code vaultlet dev} demo prints and {@code vaultlet status} shows from a running
 * agent: one line per template, times relative to now. ({@link RuntimeStatus#toTable} is the wide form, with the
 * leases.)
 *
 * <pre>
 * TEMPLATE                     STATE      RENDERED       LEASE EXPIRES    NEXT ACTION
 * db.env                       rendered   12s ago        in 47s           renew in 19s
 * </pre>
 */
public final class StatusTable {

  private static final String FORMAT = "%-28s %-10s %-14s %-16s %s%n";

  private StatusTable() {}

  /** The table for {@code status} at {@code now}. */
  public static String render(RuntimeStatus status, Instant now) {
    return render(status, Map.of(), now);
  }

  /** The table, with one row per part that could not start ({@code missing}: template name → why). */
  public static String render(RuntimeStatus status, Map<String, String> missing, Instant now) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(FORMAT, "TEMPLATE", "STATE", "RENDERED", "LEASE EXPIRES", "NEXT ACTION"));
    for (TemplateStatus t : status.templates()) {
      Path file = Path.of(t.destination()).getFileName();
      String name = file == null ? t.destination() : file.toString();
      sb.append(String.format(FORMAT, name, t.state(),
          t.lastRender().map(i -> ago(i, now)).orElse("-"),
          t.leaseExpiry().map(i -> in(i, now)).orElse("-"),
          t.nextActionAt().map(i -> t.nextAction() + " " + in(i, now)).orElse("-")
              + (t.lastError().isEmpty() ? "" : "  error: " + t.lastError())));
    }
    missing.forEach((template, why) -> sb.append(String.format(FORMAT, template, "missing", "-", "-",
        "not started: " + shortReason(why))));
    return sb.toString();
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
