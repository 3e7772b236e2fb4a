package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.ObservedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code api_proxy { enforce_consistency = "always", when_inconsistent }} against the emulator with Vault
 * Enterprise's consistency headers on ({@code /_dev/consistency}) and lagging behind its active node: the agent
 * records the {@code X-Vault-Index} of a write that went through it and requires that state on the next read.
 * {@code fail} passes Vault's 412 back, {@code retry} retries until the node caught up, {@code forward} asks the node
 * to forward; without {@code enforce_consistency} nothing is added (the read is served as the node has it). A client
 * that sends its own consistency header keeps it and is left alone.
 */
class ApiProxyConsistencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void failPassesThe412Back() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      Scenario s = scenario(f, "enforce_consistency = \"always\"\n  when_inconsistent = \"fail\"");
      HttpResponse<String> read = get(f, "/v1/secret/data/app", Map.of());
      assertThat(read.statusCode()).isEqualTo(412);
      assertThat(JSON.readTree(read.body()).path("errors").get(0).asText())
          .isEqualTo("required index state not present");
      List<ObservedRequest> gets = s.reads();
      assertThat(gets).as("not retried").hasSize(1);
      assertThat(gets.get(0).header("X-Vault-Index")).containsExactly(s.state);
      assertThat(gets.get(0).header("X-Vault-Inconsistent")).isEmpty();

      // a client managing consistency itself: its header goes as sent, the agent adds nothing
      HttpResponse<String> own = get(f, "/v1/secret/data/app", Map.of("X-Vault-Inconsistent", "forward-active-node"));
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(s.reads().get(1).header("X-Vault-Index")).isEmpty();
    }
  }

  @Test
  void forwardAsksTheNodeToForward() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      Scenario s = scenario(f, "enforce_consistency = \"always\"\n  when_inconsistent = \"forward\"");
      HttpResponse<String> read = get(f, "/v1/secret/data/app", Map.of());
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"k\":\"written-through-the-agent\"");
      ObservedRequest sent = s.reads().get(0);
      assertThat(sent.header("X-Vault-Index")).containsExactly(s.state);
      assertThat(sent.header("X-Vault-Inconsistent")).containsExactly("forward-active-node");
    }
  }

  @Test
  void retryRetriesUntilTheNodeCaughtUp() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      Scenario s = scenario(f, "enforce_consistency = \"always\"\n  when_inconsistent = \"retry\"");
      Thread catchUp = new Thread(() -> {
        try {
          ListenerFixture.await("the first refused read", () -> !s.reads().isEmpty());
          dev(f, "consistency", Map.of("lag", false));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      catchUp.start();
      HttpResponse<String> read = get(f, "/v1/secret/data/app", Map.of());
      catchUp.join();
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"k\":\"written-through-the-agent\"");
      assertThat(s.reads()).as("the 412 was retried").hasSizeGreaterThanOrEqualTo(2);
      s.reads().forEach(r -> assertThat(r.header("X-Vault-Index")).containsExactly(s.state));
    }
  }

  @Test
  void withoutEnforceConsistencyNothingIsAdded() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      Scenario s = scenario(f, "");
      HttpResponse<String> read = get(f, "/v1/secret/data/app", Map.of());
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(s.reads().get(0).header("X-Vault-Index")).isEmpty();
    }
  }

  /** What a scenario set up: the state the write answered with, and the reads the emulator received since. */
  private record Scenario(String state, List<ObservedRequest> observed) {
    List<ObservedRequest> reads() {
      return observed.stream().filter(r -> r.method().equals("GET") && r.path().equals("secret/data/app")).toList();
    }
  }

  /**
   * Starts the agent with {@code apiProxy} settings, turns the consistency headers on and lets the emulator lag, then
   * writes through the agent (the write is forwarded to the active node and answers with its state).
   */
  private static Scenario scenario(ListenerFixture f, String apiProxy) throws Exception {
    dev(f, "consistency", Map.of("enabled", true));
    f.start("api_proxy {\n  use_auto_auth_token = true\n  " + apiProxy + "\n}\n"
        + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n");
    dev(f, "consistency", Map.of("lag", true));
    HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(URI.create(f.url() + "/v1/secret/data/app"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"k\":\"written-through-the-agent\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    String state = write.headers().firstValue("X-Vault-Index").orElseThrow(
        () -> new AssertionError("the write's X-Vault-Index did not come back through the agent"));
    List<ObservedRequest> observed = new CopyOnWriteArrayList<>();
    f.vault.onRequest(observed::add);
    return new Scenario(state, observed);
  }

  private static HttpResponse<String> get(ListenerFixture f, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url() + path)).GET();
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void dev(ListenerFixture f, String control, Map<String, Object> body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(f.vault.address() + "/_dev/" + control))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
