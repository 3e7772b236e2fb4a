package io.vaultlet.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultlet.auth.AuthToken;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /agent/v1/health}: healthy only when auto-auth holds an unexpired token, every template has rendered,
 * none has been failing (to render, or its new render failing {@code verify}) for longer than
 * {@code render_error_budget}, and no lease has expired or will expire before its next planned fetch or renewal.
 * Otherwise each failing part is named with the reason. A pure function of a status snapshot (its time is "now"):
 * the budget counts from the run whose render or verification first failed, which the template runtime records
 * ({@link TemplateStatus#failingSince()}).
 */
final class Health {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The verdict and its JSON body. */
  record Report(boolean healthy, String json) {}

  private Health() {}

  static Report evaluate(RuntimeStatus status, boolean autoAuth, Optional<AuthToken> token, Duration budget) {
    Instant now = status.at();
    ObjectNode root = JSON.createObjectNode();
    boolean healthy = true;
    ObjectNode auth = root.putObject("auth");
    if (autoAuth) {
      if (token.isEmpty()) {
        healthy = false;
        auth.put("ok", false).put("reason", "no token yet: auto-auth has not logged in");
      } else if (token.get().expiresAt().map(x -> !x.isAfter(now)).orElse(false)) {
        healthy = false;
        auth.put("ok", false).put("reason", "the token expired at " + token.get().expiresAt().get());
      } else {
        auth.put("ok", true);
        auth.put("accessor", token.get().accessor());
        token.get().expiresAt().ifPresent(x -> auth.put("expires", x.toString()));
      }
    } else {
      auth.put("ok", true).put("reason", "no auto_auth configured");
    }
    ArrayNode failing = root.putArray("failing");
    for (TemplateStatus t : status.templates()) {
      Optional<String> why = templateProblem(t, now, budget);
      if (why.isPresent()) {
        healthy = false;
        failing.addObject().put("template", t.destination()).put("reason", why.get());
      }
    }
    for (LeaseStatus l : status.leases()) {
      Optional<String> why = leaseProblem(l, now);
      if (why.isPresent()) {
        healthy = false;
        failing.addObject().put("lease", l.dependency()).put("reason", why.get());
      }
    }
    root.put("healthy", healthy);
    root.put("templates", status.templates().size());
    root.put("at", now.toString());
    return new Report(healthy, root.toString());
  }

  private static Optional<String> templateProblem(TemplateStatus t, Instant now, Duration budget) {
    if (t.lastRender().isEmpty()) {
      return Optional.of(t.failing() ? "has never rendered: " + t.lastError()
          : "has not rendered yet (waiting for " + t.missing() + " dependencies)");
    }
    Instant since = t.failingSince().orElse(null);
    if (t.failing() && since != null && !since.plus(budget).isAfter(now)) {
      return Optional.of((t.state().equals("error") ? "failing to render" : "its new render failing verification")
          + " since " + since + " (longer than the " + budget.toSeconds() + "s budget): " + t.lastError());
    }
    if (t.leaseExpiry().isPresent() && !t.leaseExpiry().get().isAfter(now)) {
      return Optional.of("a secret it uses expired at " + t.leaseExpiry().get());
    }
    return Optional.empty();
  }

  private static Optional<String> leaseProblem(LeaseStatus l, Instant now) {
    if (l.expiry().isEmpty()) {
      return Optional.empty();
    }
    Instant expiry = l.expiry().get();
    if (!expiry.isAfter(now)) {
      return Optional.of("expired at " + expiry + (l.lastError().isEmpty() ? "" : ": " + l.lastError()));
    }
    if (l.nextActionAt().isPresent() && l.nextActionAt().get().isAfter(expiry)) {
      return Optional.of("expires at " + expiry + ", before its next " + l.nextAction() + " at "
          + l.nextActionAt().get() + (l.lastError().isEmpty() ? "" : " (last error: " + l.lastError() + ")"));
    }
    return Optional.empty();
  }
}
