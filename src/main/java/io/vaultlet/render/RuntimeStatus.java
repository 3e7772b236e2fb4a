package io.vaultlet.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.events.RotationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the runtime: every template, every watched lease and the recent rotation events. Holds no secret (lease ids are shortened, errors
 * redacted), so it can be printed, logged and served.
 */
public record RuntimeStatus(Instant at, List<TemplateStatus> templates, List<LeaseStatus> leases,
    List<RotationEvent> rotations) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public RuntimeStatus {
    templates = List.copyOf(templates);
    leases = List.copyOf(leases);
    rotations = List.copyOf(rotations);
  }

  public RuntimeStatus(Instant at, List<TemplateStatus> templates, List<LeaseStatus> leases) {
    this(at, templates, leases, List.of());
  }

  /** This snapshot with the recent rotation events (oldest first). */
  public RuntimeStatus withRotations(List<RotationEvent> events) {
    return new RuntimeStatus(at, templates, leases, events);
  }

  /** The snapshot as JSON: {@code {"at":…, "templates":[…], "leases":[…], "rotations":[…]}}, times in RFC 3339, absent ones null. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("at", at.toString());
    ArrayNode ts = root.putArray("templates");
    for (TemplateStatus t : templates) {
      ObjectNode n = ts.addObject();
      n.put("destination", t.destination());
      n.put("publish_group", t.publishGroup());
      n.put("state", t.state());
      n.put("last_render", str(t.lastRender()));
      n.put("lease_expiry", str(t.leaseExpiry()));
      n.put("next_action", t.nextAction());
      n.put("next_action_at", str(t.nextActionAt()));
      n.put("missing", t.missing());
      n.put("last_error", t.lastError());
      n.put("command_failures", t.commandFailures());
      if (!t.slot().isEmpty()) {
        n.put("slot", t.slot());
      }
      n.put("failing_since", str(t.failingSince()));
      n.put("render_errors", t.renderErrors());
    }
    ArrayNode ls = root.putArray("leases");
    for (LeaseStatus l : leases) {
      ObjectNode n = ls.addObject();
      n.put("dependency", l.dependency());
      n.put("lease_id", l.leaseId());
      n.put("kind", l.kind().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
      n.put("expiry", str(l.expiry()));
      n.put("next_action", l.nextAction());
      n.put("next_action_at", str(l.nextActionAt()));
      n.put("last_fetch", str(l.lastFetch()));
      n.put("failures", l.failures());
      n.put("last_error", l.lastError());
    }
    ArrayNode rs = root.putArray("rotations");
    for (RotationEvent e : rotations) {
      ObjectNode n = rs.addObject();
      n.put("at", e.at().toString());
      n.put("kind", e.kind());
      n.put("target", e.target());
      n.put("step", e.step());
      n.put("old", e.oldId());
      n.put("new", e.newId());
      n.put("verified_by", e.verifiedBy());
      n.put("result", e.result().label());
      n.put("duration_ms", e.duration().toMillis());
      n.put("message", e.message());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two plain-text tables (templates, then leases), columns aligned. */
  public String toTable() {
    List<List<String>> t = new ArrayList<>();
    t.add(List.of("DESTINATION", "GROUP", "STATE", "LAST RENDER", "LEASE EXPIRY", "NEXT", "ERROR"));
    for (TemplateStatus s : templates) {
      t.add(List.of(s.destination(), s.publishGroup(), s.state(), dash(s.lastRender()), dash(s.leaseExpiry()),
          s.nextActionAt().map(i -> s.nextAction() + " " + i).orElse("-"), s.lastError().isEmpty() ? "-"
              : s.lastError()));
    }
    List<List<String>> l = new ArrayList<>();
    l.add(List.of("DEPENDENCY", "LEASE", "KIND", "EXPIRY", "NEXT", "FAILURES"));
    for (LeaseStatus s : leases) {
      l.add(List.of(s.dependency(), s.leaseId().isEmpty() ? "-" : s.leaseId(),
          s.kind().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).orElse("-"), dash(s.expiry()),
          s.nextActionAt().map(i -> s.nextAction() + " " + i).orElse("-"), String.valueOf(s.failures())));
    }
    return format(t) + System.lineSeparator() + format(l);
  }

  private static String str(Optional<Instant> i) {
    return i.map(Instant::toString).orElse(null);
  }

  private static String dash(Optional<Instant> i) {
    return i.map(Instant::toString).orElse("-");
  }

  private static String format(List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] w = new int[cols];
    for (List<String> r : rows) {
      for (int i = 0; i < cols; i++) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      for (int i = 0; i < cols; i++) {
        sb.append(r.get(i));
        if (i < cols - 1) {
          sb.append(" ".repeat(w[i] - r.get(i).length() + 2));
        }
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }
}
