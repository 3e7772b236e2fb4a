package io.vaultlet.listener;

import io.vaultlet.Agent;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.testing.VaultHttp;
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
import java.util.function.BooleanSupplier;

/** A real agent (in-process) with listeners, against a real emulator over real sockets, on real time. */
final class ListenerFixture implements AutoCloseable {

  final DevServer vault;
  final VaultHttp root;
  final Path dir;
  final String token;
  /** Where the agent's {@code vault { address }} points: the emulator unless a test puts something in between. */
  String vaultAddress;
  Agent agent;

  ListenerFixture(Path dir) throws Exception {
    this.dir = dir;
    vault = DevServer.start(DevOptions.builder().build());
    root = new VaultHttp(vault.address(), vault.rootToken());
    token = (String) root.write("auth/token/create", Map.of("policies", List.of("root"), "ttl", "1h")).auth()
        .get("client_token");
    Files.writeString(dir.resolve("token"), token);
    vaultAddress = vault.address();
  }

  void database(String ttl, String maxTtl) {
    root.write("sys/mounts/database", Map.of("type", "database"));
    root.write("database/roles/app", Map.of("db_name", "postgres", "creation_statements", EmulatorHarness.CREATE,
        "default_ttl", ttl, "max_ttl", maxTtl));
  }

  /** The agent's configuration: vault address and token_file auto-auth, then {@code body}. */
  Agent start(String body) throws Exception {
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, "vault { address = \"" + vaultAddress + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
        + "\" }\n  }\n}\n" + body);
    Agent.ConfigSource source = () -> ConfigLoader.load(List.of(config), Map.of());
    LoadedConfig loaded = source.load();
    agent = new Agent(loaded, source, null);
    agent.start();
    await("first token", () -> agent.listenerUrls().isEmpty() || !url().startsWith("http") || ready());
    return agent;
  }

  /** Auto-auth holds a token (templates may still be rendering, or failing). */
  private boolean ready() {
    try {
      return get("/agent/v1/health").body().contains("\"auth\":{\"ok\":true");
    } catch (Exception e) {
      return false;
    }
  }

  String url() {
    return agent.listenerUrls().get(0);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest r) throws Exception {
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    vault.close();
  }
}
