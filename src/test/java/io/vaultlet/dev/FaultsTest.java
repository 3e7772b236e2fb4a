package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultsTest extends EmulatorTest {

  private void fault(Map<String, Object> spec) {
    Http.Response r = vault.post("/_dev/faults", spec);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void statusFaultAnswersWithTheStatusForCountRequestsOnItsPrefix() {
    fault(Map.of("kind", "status", "status", 500, "count", 2, "path_prefix", "/v1/secret/"));
    assertThat(vault.get("/v1/secret/data/x").status()).isEqualTo(500);
    assertThat(vault.get("/v1/sys/mounts").status()).as("other paths are untouched").isEqualTo(200);
    Http.Response second = vault.get("/v1/secret/data/x");
    assertThat(second.status()).isEqualTo(500);
    assertThat(second.errors()).containsExactly("injected fault");
    assertThat(vault.get("/v1/secret/data/x").status()).as("count used up").isEqualTo(404);
  }

  @Test
  void refuseDropsTheConnection() {
    // java.net.http retries an idempotent request once on a dropped connection: two drops make it fail
    fault(Map.of("kind", "refuse", "count", 2));
    assertThatThrownBy(() -> vault.sendChecked("GET", "/v1/sys/health", null)).isInstanceOf(IOException.class);
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(200);
  }

  @Test
  void sealedFaultSealsUntilRemoved() {
    fault(Map.of("kind", "sealed"));
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(503);
    assertThat(vault.get("/v1/secret/data/x").errors()).containsExactly("Vault is sealed");
    assertThat(vault.delete("/_dev/faults").status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(200);
  }

  @Test
  void ratelimitAnswers429WithRetryAfter() {
    fault(Map.of("kind", "ratelimit", "retry_after", 3, "count", 1));
    Http.Response r = vault.get("/v1/secret/data/app");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("3");
    assertThat(r.header("X-Ratelimit-Remaining")).isEqualTo("0");
    assertThat(r.errors()).containsExactly("request path \"secret/data/app\": rate limit quota exceeded");
  }

  @Test
  void latencyDelaysTheAnswer() {
    fault(Map.of("kind", "latency", "latency_ms", 300, "count", 1));
    long t0 = System.nanoTime();
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  @SuppressWarnings("unchecked")
  void latencyHoldsNoWorkerSoOtherRequestsAndTheControlEndpointsAreServed() throws Exception {
    fault(Map.of("kind", "latency", "latency_ms", 3000, "count", 100, "path_prefix", "/v1/secret/"));
    int slowRequests = 8; // twice the emulator's default of 4 HTTP workers
    ExecutorService clients = Executors.newFixedThreadPool(slowRequests);
    try {
      List<Future<Http.Response>> slow = new ArrayList<>();
      for (int i = 0; i < slowRequests; i++) {
        slow.add(clients.submit(() -> vault.get("/v1/secret/data/x")));
      }
      long deadline = System.nanoTime() + 2_000_000_000L;
      Object left = null;
      while (System.nanoTime() < deadline) {
        List<Map<String, Object>> faults = (List<Map<String, Object>>) vault.get("/_dev/faults").json().get("faults");
        left = faults.get(0).get("count");
        if (((Number) left).intValue() == 100 - slowRequests) {
          break;
        }
      }
      assertThat(left).as("every slow request reached the server while the others wait").isEqualTo(100 - slowRequests);
      long t0 = System.nanoTime();
      assertThat(vault.get("/v1/sys/health").status()).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("an undelayed request is answered at once").isLessThan(1000);
      for (Future<Http.Response> f : slow) {
        assertThat(f.get(10, TimeUnit.SECONDS).status()).as("the delayed requests are answered too").isEqualTo(404);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void truncateCutsTheBody() {
    fault(Map.of("kind", "truncate", "count", 2));
    assertThatThrownBy(() -> vault.sendChecked("GET", "/v1/sys/mounts", null)).isInstanceOf(IOException.class);
  }

  @Test
  void invalidJsonAnswers200WithGarbage() {
    fault(Map.of("kind", "invalid_json", "count", 1));
    Http.Response r = vault.get("/v1/auth/token/lookup-self");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isNull();
  }

  @Test
  void revokeTokenKillsThePresentedTokenBeforeServing() {
    String t = token(Map.of("policies", List.of("default")));
    fault(Map.of("kind", "revoke_token", "count", 1, "path_prefix", "auth/token/lookup-self"));
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").status()).isEqualTo(403);
    assertThat(vault.get("/v1/auth/token/lookup-self").status()).isEqualTo(200);
  }

  @Test
  void revokeTokenByAccessorActsAtOnce() {
    Http.Response created = vault.post("/v1/auth/token/create", Map.of("policies", List.of("default")));
    vault.post("/_dev/faults", Map.of("kind", "revoke_token", "accessor", created.auth().get("accessor")));
    assertThat(vault.withToken((String) created.auth().get("client_token")).get("/v1/auth/token/lookup-self")
        .status()).isEqualTo(403);
  }

  @Test
  void revokeLeaseRevokesLeasesUnderThePrefixAtOnce() {
    mountStub(0, 0);
    vault.get("/v1/stub/creds/a?ttl=1h");
    vault.get("/v1/stub/creds/b?ttl=1h");
    Http.Response r = vault.post("/_dev/faults", Map.of("kind", "revoke_lease", "path_prefix", "stub/creds/a"));
    assertThat(r.json()).containsEntry("revoked", 1);
    assertThat(stub.revoked).hasSize(1);
  }

  @Test
  void faultsAreListedAndUnknownKindsRefused() {
    fault(Map.of("kind", "status", "status", 502));
    assertThat((List<?>) vault.get("/_dev/faults").json().get("faults")).hasSize(1);
    assertThat(vault.post("/_dev/faults", Map.of("kind", "meteor")).status()).isEqualTo(400);
  }

  @Test
  @SuppressWarnings("unchecked")
  void statsCountRequestsPerPath() {
    vault.delete("/_dev/stats");
    vault.get("/v1/secret/data/a");
    vault.get("/v1/secret/data/a");
    vault.get("/v1/sys/health");
    Http.Response stats = vault.get("/_dev/stats");
    assertThat(stats.json()).containsEntry("total", 3);
    assertThat((Map<String, Object>) stats.json().get("paths")).containsEntry("secret/data/a", 2);
    assertThat((Map<String, Object>) stats.json().get("requests")).containsEntry("GET sys/health", 1);
  }

  @Test
  void refuseWithListenerClosesTheSocketAndKeepsStateForTheReopen() throws Exception {
    String t = token(Map.of("policies", List.of("default")));
    Http.Response r = vault.post("/_dev/faults", Map.of("kind", "refuse", "listener", true, "duration", "1s"));
    assertThat(r.status()).isEqualTo(200);
    long deadline = System.nanoTime() + 5_000_000_000L;
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        vault.sendChecked("GET", "/v1/sys/health", null);
        Thread.sleep(20);
      } catch (java.net.ConnectException e) {
        refused = true;
      } catch (IOException e) {
        // the listener closed while this request was in flight (connection reset): ask again
      }
    }
    assertThat(refused).as("connections are refused while the listener is closed").isTrue();
    Http.Response back = null;
    while (back == null && System.nanoTime() < deadline + 5_000_000_000L) {
      try {
        back = vault.withToken(t).sendChecked("GET", "/v1/auth/token/lookup-self", null);
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    assertThat(back).isNotNull();
    assertThat(back.status()).as("same address, same tokens").isEqualTo(200);
  }

  @Test
  void refuseWithListenerNeedsABoundedDuration() {
    assertThat(vault.post("/_dev/faults", Map.of("kind", "refuse", "listener", true)).status()).isEqualTo(400);
  }
}
