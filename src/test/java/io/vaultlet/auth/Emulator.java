package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.ManualScheduler;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
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

/**
 * The in-process emulator with a frozen clock, kept in step with a {@link ManualScheduler}: {@link #advance} moves
 * both, task by task, so a renewal scheduled for t+20s reaches Vault when Vault's clock also says t+20s.
 */
final class Emulator implements AutoCloseable {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  final ManualScheduler scheduler = new ManualScheduler(START);
  final DevServer vault;
  final VaultHttp root;
  final VaultClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  Emulator() throws IOException {
    vault = DevServer.start(DevOptions.builder().clockStart(START).clockSpeed(0).noPostgres(true).build());
    root = new VaultHttp(vault.address(), vault.rootToken());
    client = VaultClient.create(VaultClient.Settings.builder(vault.address()).build());
  }

  /** Moves the scheduler and the emulator clock forward together, running due tasks at their own times. */
  void advance(Duration by) {
    Instant target = scheduler.now().plus(by);
    for (int guard = 0; ; guard++) {
      if (guard > 100_000) {
        throw new AssertionError("more than 100000 scheduled steps: a tight loop");
      }
      List<Instant> pending = scheduler.pending();
      Instant next = pending.isEmpty() ? null : pending.get(0);
      if (next == null || next.isAfter(target)) {
        break;
      }
      step(Duration.between(scheduler.now(), next));
    }
    step(Duration.between(scheduler.now(), target));
  }

  private void step(Duration d) {
    if (!d.isNegative() && !d.isZero()) {
      vault.advanceClock(d);
    }
    scheduler.advance(d.isNegative() ? Duration.ZERO : d);
  }

  Duration elapsed() {
    return Duration.between(START, scheduler.now());
  }

  /** An approle role whose role and secret IDs are written to files in {@code dir}. */
  Path[] approle(Path dir, String role, String ttl, String maxTtl) throws IOException {
    root.write("sys/auth/approle", Map.of("type", "approle"));
    root.write("auth/approle/role/" + role, Map.of("token_ttl", ttl, "token_max_ttl", maxTtl,
        "token_policies", "app"));
    String roleId = root.get("auth/approle/role/" + role + "/role-id").string("role_id");
    String secretId = root.write("auth/approle/role/" + role + "/secret-id", Map.of()).string("secret_id");
    Path roleFile = dir.resolve("role-id");
    Path secretFile = dir.resolve("secret-id");
    Files.writeString(roleFile, roleId + "\n");
    Files.writeString(secretFile, secretId);
    return new Path[] {roleFile, secretFile};
  }

  AppRoleMethod approleMethod(Path[] files) {
    return new AppRoleMethod("auth/approle", files[0], java.util.Optional.of(files[1]), false,
        java.util.Optional.empty());
  }

  void fault(Map<String, Object> spec) {
    dev("POST", "/_dev/faults", spec);
  }

  void clearFaults() {
    dev("DELETE", "/_dev/faults", null);
  }

  void resetStats() {
    dev("DELETE", "/_dev/stats", null);
  }

  /** How many requests reached {@code key} ("POST auth/token/renew-self"); null key: all requests. */
  int requests(String key) {
    JsonNode stats = dev("GET", "/_dev/stats", null);
    if (key == null) {
      return stats.path("total").asInt();
    }
    return stats.path("requests").path(key).asInt(0);
  }

  /** Requests per path, all methods. */
  int requestsTo(String path) {
    return dev("GET", "/_dev/stats", null).path("paths").path(path).asInt(0);
  }

  private JsonNode dev(String method, String path, Object body) {
    try {
      HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(vault.address() + path))
          .method(method, p).build(), HttpResponse.BodyHandlers.ofString());
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vault.close();
  }
}
