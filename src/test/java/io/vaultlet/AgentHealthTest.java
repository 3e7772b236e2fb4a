package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.lease.EmulatorHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /agent/v1/health} as time passes: a real agent (auto-auth, templates, listener) on a manual scheduler
 * whose clock moves together with the emulator's, so every flip is checked at the second it must happen, never by
 * sleeping. A template whose render fails is reported once it has failed for {@code render_error_budget}, counted
 * from the failed run itself; the emulator refusing connections makes a database lease unhealthy once its next
 * planned fetch falls after its expiry, and health is 200 again when the emulator is back.
 */
class AgentHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void renderErrorBudgetCountsFromTheFailedRunAndAnOutagePastTheLeaseMarginFlipsHealth() throws Exception {
    try (EmulatorHarness h = new EmulatorHarness()) {
      // 36 s leases: renewed 25.2–26.4 s after they were obtained (⅔ of the lease + a third of a 10–20 % grace), so an
      // outage leaves 9.6–10.8 s. The failed fetches are retried after 0.25, 0.5, 1, 2, 4, 8 s, each jittered down by
      // up to 25 %: the fifth retry comes 5.8–7.75 s after the first failure, the sixth 6–8 s later, past the expiry.
      // So for 1.85 s or more the lease works but its next fetch is due after it expires: the 1-second steps below
      // see that, whatever the random parts.
      h.database("36s", "24h");
      h.kv("app", Map.of("n", "5"));
      Files.writeString(dir.resolve("token"), h.token("24h"));
      Path db = dir.resolve("db.txt");
      Path n = dir.resolve("n.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, ""
          + "vault { address = \"" + h.vault.address() + "\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
          + "\" }\n  }\n}\n"
          + "template_config { static_secret_render_interval = \"10s\" }\n"
          + "template {\n  contents = \"{{ with secret \\\"database/creds/app\\\" }}{{ .Data.username }}{{ end }}\"\n"
          + "  destination = \"" + db + "\"\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.n | parseInt }}{{ end }}\"\n"
          + "  destination = \"" + n + "\"\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n"
          + "  agent_api { render_error_budget = \"2m\" }\n}\n");
      LoadedConfig loaded = ConfigLoader.load(List.of(config), Map.of());
      try (Agent agent = new Agent(loaded, () -> loaded, null, h.scheduler)) {
        agent.start();
        String base = agent.listenerUrls().get(0);
        stepUntil(h, base, "the first healthy answer", r -> r.statusCode() == 200);
        assertThat(n).hasContent("5");
        String firstUser = Files.readString(db);

        // ---- a render that keeps failing: reported exactly render_error_budget after the failed run ----
        Instant written = h.scheduler.now();
        h.kv("app", Map.of("n", "not-a-number"));
        stepUntil(h, base, "the template to fail", r -> template(status(base), n).path("state").asText()
            .equals("error"));
        JsonNode failing = template(status(base), n);
        Instant since = Instant.parse(failing.path("failing_since").asText());
        assertThat(since).isAfterOrEqualTo(written).isBeforeOrEqualTo(h.scheduler.now());
        assertThat(failing.path("render_errors").asLong()).isEqualTo(1);
        h.advance(Duration.between(h.scheduler.now(), since.plus(Duration.ofMinutes(2)).minusSeconds(1)));
        HttpResponse<String> before = get(base + "/agent/v1/health");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        h.advance(Duration.ofSeconds(1));
        HttpResponse<String> after = get(base + "/agent/v1/health");
        assertThat(after.statusCode()).isEqualTo(503);
        JsonNode report = JSON.readTree(after.body());
        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(report.path("failing").get(0).path("template").asText()).isEqualTo(n.toString());
        assertThat(report.path("failing").get(0).path("reason").asText())
            .contains("failing to render since " + since).contains("120s budget");
        assertThat(n).as("the last good file is kept").hasContent("5");
        assertThat(template(status(base), n).path("render_errors").asLong()).as("every failed run counts")
            .isGreaterThan(1);

        h.kv("app", Map.of("n", "7"));
        stepUntil(h, base, "health back after the fix", r -> r.statusCode() == 200);
        assertThat(n).hasContent("7");
        assertThat(template(status(base), n).path("failing_since").isNull()).isTrue();

        // ---- the emulator goes away: unhealthy once the lease expires before its next planned fetch ----
        h.vault.refuseConnections(Duration.ofMinutes(10));
        try {
          stepUntil(h, base, "the lease to be reported", r -> r.statusCode() == 503);
          String downBody = get(base + "/agent/v1/health").body();
          JsonNode lease = null;
          for (JsonNode entry : JSON.readTree(downBody).path("failing")) {
            if (entry.has("lease")) {
              lease = entry;
            }
          }
          assertThat(lease).as(downBody).isNotNull();
          assertThat(lease.path("lease").asText()).contains("database/creds/app");
          assertThat(lease.path("reason").asText()).contains("before its next fetch");
          JsonNode watched = leaseStatus(status(base), "database/creds/app");
          Instant expiry = Instant.parse(watched.path("expiry").asText());
          assertThat(h.scheduler.now()).as("reported while the credential still works").isBefore(expiry);
          assertThat(Instant.parse(watched.path("next_action_at").asText())).isAfter(expiry);
          assertThat(watched.path("failures").asInt()).isPositive();
          assertThat(db).as("the last credential stays on disk").hasContent(firstUser);
        } finally {
          h.vault.acceptConnections();
        }
        stepUntil(h, base, "health back with the emulator", r -> r.statusCode() == 200);
        assertThat(Files.readString(db)).as("a new credential was fetched").isNotEqualTo(firstUser);
        JsonNode body = JSON.readTree(get(base + "/agent/v1/health").body());
        assertThat(body.path("failing")).isEmpty();
        assertThat(body.path("auth").path("ok").asBoolean()).isTrue();
      }
    }
  }

  /** Advances the agent's and the emulator's clocks one second at a time until the health answer matches. */
  private static void stepUntil(EmulatorHarness h, String base, String what, Predicate<HttpResponse<String>> done)
      throws Exception {
    for (int i = 0; i < 600; i++) {
      h.settle();
      if (done.test(get(base + "/agent/v1/health"))) {
        return;
      }
      h.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("no " + what + " within 10 minutes of agent time: " + get(base + "/agent/v1/health")
        .body());
  }

  private static JsonNode status(String base) {
    try {
      return JSON.readTree(get(base + "/agent/v1/status").body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode template(JsonNode status, Path destination) {
    for (JsonNode t : status.path("templates")) {
      if (t.path("destination").asText().equals(destination.toString())) {
        return t;
      }
    }
    throw new AssertionError("no template " + destination + " in " + status);
  }

  private static JsonNode leaseStatus(JsonNode status, String path) {
    for (JsonNode l : status.path("leases")) {
      if (l.path("dependency").asText().contains(path)) {
        return l;
      }
    }
    throw new AssertionError("no lease " + path + " in " + status);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
