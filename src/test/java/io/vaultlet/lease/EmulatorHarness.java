package io.vaultlet.lease;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.config.TemplateSettings;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator over real HTTP with its clock frozen, and a {@link ManualScheduler} starting at the same instant:
 * {@link #advance} moves both together, task by task, so Vault sees the time the agent acts at. The clock starts at
 * real time because PostgreSQL checks {@code VALID UNTIL} against its own clock.
 */
public final class EmulatorHarness implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The emulator; replaced by {@link #restartEmpty()}. */
  public DevServer vault;
  public final ManualScheduler scheduler;
  public VaultHttp http;
  public VaultClient client;
  public final AtomicInteger exitCode = new AtomicInteger(-1);
  /** Where the watchers built here record certificate re-issues. */
  public final io.vaultlet.events.RotationJournal journal = new io.vaultlet.events.RotationJournal();
  private final HttpClient raw = HttpClient.newHttpClient();

  public EmulatorHarness() throws IOException {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    vault = DevServer.start(DevOptions.builder().clockStart(start).clockSpeed(0).build());
    scheduler = new ManualScheduler(start);
    http = new VaultHttp(vault.address(), vault.rootToken());
    client = VaultClient.create(VaultClient.Settings.builder(vault.address()).maxRetries(0).build())
        .withToken(vault.rootToken());
  }

  /**
   * Vault restarted with empty state (issue #15): the emulator is stopped and a new, empty one listens on the same
   * address, its clock at the scheduler's time. Every token, lease and secret is gone.
   */
  public void restartEmpty() throws IOException {
    String address = vault.address().replaceFirst("^https?://", "");
    vault.close();
    vault = DevServer.start(DevOptions.builder().listenAddress(address).clockStart(scheduler.now()).clockSpeed(0)
        .build());
    http = new VaultHttp(vault.address(), vault.rootToken());
    client = VaultClient.create(VaultClient.Settings.builder(vault.address()).maxRetries(0).build())
        .withToken(vault.rootToken());
  }

  /** A watcher with the default settings, a fixed random source (0.5: no jitter) and the exit code recorded. */
  public LeaseWatcher watcher() {
    return watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
  }

  public LeaseWatcher watcher(LeaseWatcher.Options options) {
    return watcher(options, client);
  }

  public LeaseWatcher watcher(LeaseWatcher.Options options, VaultClient as) {
    return new LeaseWatcher(as, scheduler, options, journal, () -> 0.5, exitCode::set);
  }

  /** A child token of root with {@code ttl} (its leases die with it). */
  public String token(String ttl) {
    return (String) http.write("auth/token/create", Map.of("policies", List.of("root"), "ttl", ttl)).auth()
        .get("client_token");
  }

  /** Moves the agent's scheduler and the emulator's clock forward together. */
  public void advance(Duration by) {
    Instant target = scheduler.now().plus(by);
    while (true) {
      Optional<Instant> next = scheduler.pending().stream().findFirst();
      Instant stop = next.filter(n -> !n.isAfter(target)).orElse(target);
      Duration step = Duration.between(scheduler.now(), stop);
      if (!step.isNegative() && !step.isZero()) {
        vault.advanceClock(step);
      }
      scheduler.advance(step.isNegative() ? Duration.ZERO : step);
      if (next.isEmpty() || next.get().isAfter(target)) {
        return;
      }
    }
  }

  /** Runs what is due now (fetches armed with zero delay). */
  public void settle() {
    advance(Duration.ZERO);
  }

  // ---- emulator controls ----

  public void resetStats() {
    dev("DELETE", "stats", null);
  }

  /** Requests served for {@code "METHOD path"} since the last reset (0 when none). */
  public int requests(String methodAndPath) {
    Map<String, Object> stats = dev("GET", "stats", null);
    Object reqs = stats == null ? null : stats.get("requests");
    if (reqs instanceof Map<?, ?> m && m.get(methodAndPath) instanceof Number n) {
      return n.intValue();
    }
    return 0;
  }

  /** Total requests since the last reset. */
  public int totalRequests() {
    Map<String, Object> stats = dev("GET", "stats", null);
    return stats != null && stats.get("total") instanceof Number n ? n.intValue() : 0;
  }

  /** Requests since the last reset whose body held a PEM private key (the emulator's own count). */
  public int privateKeyBodies() {
    Map<String, Object> stats = dev("GET", "stats", null);
    return stats != null && stats.get("private_key_bodies") instanceof Number n ? n.intValue() : -1;
  }

  public void fault(Map<String, Object> fault) {
    dev("POST", "faults", fault);
  }

  public void clearFaults() {
    dev("DELETE", "faults", null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> dev(String method, String path, Object body) {
    try {
      byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
      HttpRequest req = HttpRequest.newBuilder(URI.create(vault.address() + "/_dev/" + path))
          .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
      HttpResponse<String> r = raw.send(req, HttpResponse.BodyHandlers.ofString());
      return r.body().isBlank() ? null : JSON.readValue(r.body(), Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- engines ----

  public static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
      + "VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

  /** Mounts {@code database/} (the embedded PostgreSQL as connection {@code postgres}) with role {@code app}. */
  public void database(String defaultTtl, String maxTtl) {
    http.write("sys/mounts/database", Map.of("type", "database"));
    http.write("database/roles/app", Map.of("db_name", "postgres", "creation_statements", CREATE,
        "default_ttl", defaultTtl, "max_ttl", maxTtl));
  }

  /** Mounts {@code pki/} with a root CA and role {@code svc} for {@code *.svc.test}. */
  public void pki(String maxTtl) {
    http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    http.write("pki/root/generate/internal", Map.of("common_name", "Dev Root", "ttl", "8760h", "key_type", "ec"));
    http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "max_ttl", maxTtl));
  }

  public void kv(String path, Map<String, Object> data) {
    http.write("secret/data/" + path, Map.of("data", data));
  }

  public static List<String> lines(String s) {
    return List.of(s.split("\n"));
  }

  @Override
  public void close() {
    vault.close();
  }
}
