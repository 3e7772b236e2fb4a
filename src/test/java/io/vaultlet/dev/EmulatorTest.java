package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for tests against a real emulator over HTTP: a fresh server per test on an ephemeral port, a root client, and a
 * {@link StubEngine} registered as type {@code stub} for lease behaviour. The clock is frozen at {@link #START}: tests
 * move it with {@link DevServer#advanceClock}, never by sleeping.
 */
abstract class EmulatorTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  protected DevServer server;
  protected Http vault;
  protected final StubEngine stub = new StubEngine();

  @BeforeEach
  void startServer() throws Exception {
    start(Duration.ofMillis(50));
  }

  /**
   * Starts a fresh server in place of the current one whose background reaper never runs during the test: only
   * {@link DevServer#reap()} reaps, for a test that must see an expired lease before the reaper does.
   */
  void restartWithoutBackgroundReaper() throws Exception {
    server.close();
    start(Duration.ofDays(1));
  }

  private void start(Duration reapInterval) throws Exception {
    BackendRegistry registry = BackendRegistry.standard().register("stub", MountKind.SECRET, ctx -> stub)
        .register("stub-auth", MountKind.AUTH, ctx -> new StubLogin());
    server = DevServer.start(DevOptions.builder()
        .registry(registry)
        .clockStart(START)
        .clockSpeed(0)
        .reapInterval(reapInterval)
        .build());
    vault = new Http(server.address(), server.rootToken());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Mounts the stub engine at {@code stub/} with the given mount TTLs (seconds; 0 = system). */
  void mountStub(long defaultTtl, long maxTtl) {
    Http.Response r = vault.post("/v1/sys/mounts/stub", java.util.Map.of("type", "stub",
        "config", java.util.Map.of("default_lease_ttl", defaultTtl, "max_lease_ttl", maxTtl)));
    if (r.status() != 204) {
      throw new AssertionError("mount stub: " + r.status() + " " + r.body());
    }
  }

  /** Creates a token with the given policies and returns its id. */
  @SuppressWarnings("unchecked")
  String token(Object body) {
    Http.Response r = vault.post("/v1/auth/token/create", body);
    if (r.status() != 200) {
      throw new AssertionError("token create: " + r.status() + " " + r.body());
    }
    return (String) r.auth().get("client_token");
  }

  void policy(String name, String hcl) {
    Http.Response r = vault.post("/v1/sys/policies/acl/" + name, java.util.Map.of("policy", hcl));
    if (r.status() != 204) {
      throw new AssertionError("policy: " + r.status() + " " + r.body());
    }
  }
}
