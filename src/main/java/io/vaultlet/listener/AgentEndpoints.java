package io.vaultlet.listener;

import io.vaultlet.support.JsonQuote;
import io.vaultlet.listener.http.Headers;
import io.vaultlet.listener.http.HttpRequest;
import io.vaultlet.listener.http.HttpResponder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.cache.LeaseCache;
import io.vaultlet.config.ListenerConfig;
import io.vaultlet.config.ListenerSettings;
import io.vaultlet.proxy.ApiProxy;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.support.Log;
import io.vaultlet.telemetry.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one listener answers. Vault Agent's paths: {@code /agent/v1/metrics} (every listener), and on a default
 * listener {@code /agent/v1/cache-clear}, {@code /agent/v1/quit} and everything else to the {@link ApiProxy}.
 * vaultlet's: {@code /agent/v1/health}, {@code /live}, {@code /ready}, {@code /status} and {@code /rotate} (only with
 * {@code agent_api { enable_rotate = true }}, and only with {@code X-Vault-Request: true}). {@code
 * require_request_header} guards the proxy and every endpoint that acts (cache-clear, quit, status, rotate), not the
 * read-only probes and metrics.
 */
final class AgentEndpoints implements HttpConnection.Handler {

  private static final Log LOG = Log.named("listener");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ListenerConfig listener;
  private final ApiProxy proxy;
  private final LeaseCache cache;
  private final Metrics metrics;
  private final AgentView agent;

  AgentEndpoints(ListenerConfig listener, ApiProxy proxy, LeaseCache cache, Metrics metrics, AgentView agent) {
    this.listener = listener;
    this.proxy = proxy;
    this.cache = cache;
    this.metrics = metrics;
    this.agent = agent;
  }

  @Override
  public void handle(HttpRequest r, HttpResponder out) throws IOException {
    String path = r.path();
    if (path.equals("/agent/v1/metrics")) {
      metrics(r, out);
      return;
    }
    if (listener.metricsOnly()) {
      out.text(404, "404 page not found\n");
      return;
    }
    switch (path) {
      case "/agent/v1/health" -> health(out);
      case "/agent/v1/live" -> out.json(200, "{\"live\":true}");
      case "/agent/v1/ready" -> ready(out);
      default -> {
        if (!requestHeaderPresent(r)) {
          out.errors(412, List.of("missing \"X-Vault-Request\" header"));
          return;
        }
        switch (path) {
          case "/agent/v1/cache-clear" -> cacheClear(r, out);
          case "/agent/v1/quit" -> quit(r, out);
          case "/agent/v1/status" -> status(r, out);
          case "/agent/v1/rotate" -> rotate(r, out);
          default -> proxy.handle(r, out);
        }
      }
    }
  }

  /** Vault's {@code verifyRequestHeader}: exactly one {@code X-Vault-Request} field, {@code true}. */
  private boolean requestHeaderPresent(HttpRequest r) {
    if (!listener.options().requireRequestHeader()) {
      return true;
    }
    List<String> v = r.headerValues("X-Vault-Request");
    return v.size() == 1 && v.get(0).equals("true");
  }

  private void metrics(HttpRequest r, HttpResponder out) throws IOException {
    if (!r.method().equals("GET")) {
      out.errors(405, List.of());
      return;
    }
    String format = r.query("format").orElse("");
    if (format.isEmpty()) {
      List<String> accept = r.headerValues("Accept");
      if (!accept.isEmpty() && (accept.get(0).startsWith("application/openmetrics-text")
          || accept.stream().anyMatch(a -> a.contains("prometheus/telemetry")))) {
        format = "prometheus";
      }
    }
    Headers h = new Headers();
    switch (format) {
      case "prometheus" -> {
        if (!metrics.prometheusEnabled()) {
          h.add("Content-Type", "text/plain");
          out.send(400, h, "prometheus is not enabled".getBytes(StandardCharsets.UTF_8));
          return;
        }
        h.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        out.send(200, h, metrics.prometheus().getBytes(StandardCharsets.UTF_8));
      }
      case "" -> {
        h.add("Content-Type", "application/json");
        out.send(200, h, metrics.json().getBytes(StandardCharsets.UTF_8));
      }
      default -> {
        h.add("Content-Type", "text/plain");
        out.send(400, h, ("metric response format \"" + format + "\" unknown").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void cacheClear(HttpRequest r, HttpResponder out) throws IOException {
    if (cache == null || !(r.method().equals("POST") || r.method().equals("PUT"))) {
      out.empty(200); // Vault: no cache, or another method, is a plain 200
      return;
    }
    LeaseCache.ClearResult result = cache.clear(r.body());
    if (result.status() == 200) {
      out.empty(200);
    } else {
      out.errors(result.status(), result.errors());
    }
  }

  private void quit(HttpRequest r, HttpResponder out) throws IOException {
    if (!listener.options().agentApi().enableQuit()) {
      out.empty(404);
      return;
    }
    if (!r.method().equals("POST")) {
      out.empty(405);
      return;
    }
    LOG.debug("received quit request");
    out.empty(200);
    agent.quit();
  }

  private void health(HttpResponder out) throws IOException {
    ListenerSettings.AgentApi api = listener.options().agentApi();
    Health.Report report = Health.evaluate(agent.status(), agent.autoAuth(), agent.token(), api.renderErrorBudget());
    out.json(report.healthy() ? 200 : 503, report.json());
  }

  private void ready(HttpResponder out) throws IOException {
    boolean token = !agent.autoAuth() || agent.token().isPresent();
    boolean rendered = agent.rendered();
    String body = "{\"ready\":" + (token && rendered) + ",\"authenticated\":" + token + ",\"rendered\":" + rendered
        + "}";
    out.json(token && rendered ? 200 : 503, body);
  }

  private void status(HttpRequest r, HttpResponder out) throws IOException {
    if (!listener.options().agentApi().enableStatus()) {
      out.errors(404, List.of());
      return;
    }
    if (!r.method().equals("GET")) {
      out.errors(405, List.of());
      return;
    }
    RuntimeStatus s = agent.status();
    switch (r.query("format").orElse("json")) {
      case "table" -> out.text(200, io.vaultlet.listener.StatusTable.screen(s, agent.accessKeys(), java.util.Map.of(),
          s.at())); // what the demo prints
      case "wide" -> out.text(200, s.toTable()); // templates and leases in full
      case "json" -> out.json(200, s.toJson());
      default -> out.errors(400, List.of("format must be json, table or wide"));
    }
  }

  private void rotate(HttpRequest r, HttpResponder out) throws IOException {
    if (!listener.options().agentApi().enableRotate()) {
      out.errors(404, List.of());
      return;
    }
    if (!r.method().equals("POST") && !r.method().equals("PUT")) {
      out.errors(405, List.of());
      return;
    }
    List<String> v = r.headerValues("X-Vault-Request");
    if (v.size() != 1 || !v.get(0).equals("true")) {
      out.errors(412, List.of("missing \"X-Vault-Request\" header"));
      return;
    }
    JsonNode body;
    try {
      body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      out.errors(400, List.of("error parsing JSON"));
      return;
    }
    Optional<String> template = text(body, "template");
    Optional<String> lease = text(body, "lease");
    Optional<String> accessKey = text(body, "aws_access_key");
    if (Stream.of(template, lease, accessKey).filter(Optional::isPresent).count() != 1) {
      out.errors(400, List.of("give exactly one of \"template\" (a destination), \"lease\" (a path or dependency)"
          + " or \"aws_access_key\" (a block's name)"));
      return;
    }
    if (accessKey.isPresent()) {
      if (!agent.rotateAccessKey(accessKey.get())) {
        out.errors(404, List.of("nothing to rotate matches aws_access_key \"" + accessKey.get() + "\""));
        return;
      }
      LOG.info("access-key rotation requested through the listener", "aws_access_key", accessKey.get());
      out.json(202, "{\"rotating\":[" + JsonQuote.quote("aws_access_key." + accessKey.get()) + "]}");
      return;
    }
    List<String> keys = agent.rotate(template, lease);
    if (keys.isEmpty()) {
      out.errors(404, List.of("nothing to rotate matches " + (template.isPresent() ? "template \"" + template.get()
          : "lease \"" + lease.get()) + "\""));
      return;
    }
    LOG.info("rotation requested through the listener", "dependencies", keys.size());
    StringBuilder sb = new StringBuilder("{\"rotating\":[");
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(JsonQuote.quote(keys.get(i)));
    }
    out.json(202, sb.append("]}").toString());
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body.path(field);
    return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
  }
}
