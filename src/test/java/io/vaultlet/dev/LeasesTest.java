package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeasesTest extends EmulatorTest {

  @BeforeEach
  void mount() {
    mountStub(0, 0);
  }

  private Http.Response creds(String query) {
    Http.Response r = vault.get("/v1/stub/creds/app" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  @Test
  void dynamicSecretCarriesALeaseOnItsRequestPath() {
    Http.Response r = creds("?ttl=1h&max_ttl=2h");
    assertThat((String) r.json().get("lease_id")).matches("stub/creds/app/[0-9A-Za-z]{24}");
    assertThat(r.json()).containsEntry("renewable", true).containsEntry("lease_duration", 3600)
        .containsEntry("mount_type", "stub");
    assertThat(r.data()).containsKeys("username", "password");
  }

  @Test
  void leaseWithoutTtlGetsTheMountDefaultAndARoleMaxAboveTheMountMaxIsClamped() {
    vault.post("/v1/sys/mounts/stub/tune", Map.of("default_lease_ttl", "20m", "max_lease_ttl", "30m"));
    assertThat(creds("").json()).containsEntry("lease_duration", 1200);
    Http.Response capped = creds("?ttl=1h&max_ttl=10h");
    assertThat(capped.json()).containsEntry("lease_duration", 1800);
    assertThat(capped.warnings()).containsExactly(
        "TTL of \"1h\" exceeded the effective max_ttl of \"30m\"; TTL value is capped accordingly");
  }

  @Test
  void renewCountsTheIncrementFromNowAndCapsAtMaxTtlFromIssue() {
    Http.Response r = creds("?ttl=1h&max_ttl=2h");
    String id = (String) r.json().get("lease_id");
    server.advanceClock(Duration.ofMinutes(50));

    Http.Response shorter = vault.post("/v1/sys/leases/renew", Map.of("lease_id", id, "increment", 600));
    assertThat(shorter.status()).isEqualTo(200);
    assertThat(shorter.json()).containsEntry("lease_id", id).containsEntry("lease_duration", 600)
        .containsEntry("renewable", true).containsEntry("data", null).containsEntry("warnings", null);
    assertThat(stub.renewedTo).containsExactly(START.plus(Duration.ofMinutes(60)));

    server.advanceClock(Duration.ofMinutes(5));
    Http.Response capped = vault.post("/v1/sys/leases/renew", Map.of("lease_id", id, "increment", "2h"));
    assertThat(capped.json()).containsEntry("lease_duration", 3900);
    assertThat(capped.warnings()).containsExactly(
        "TTL of \"2h\" exceeded the effective max_ttl of \"1h5m\"; TTL value is capped accordingly");

    Http.Response lookup = vault.post("/v1/sys/leases/lookup", Map.of("lease_id", id));
    assertThat(lookup.data()).containsEntry("id", id).containsEntry("ttl", 3900).containsEntry("renewable", true)
        .containsEntry("issue_time", "2026-01-01T00:00:00Z").containsEntry("last_renewal", "2026-01-01T00:55:00Z");
  }

  @Test
  void legacyPathsAndLeaseIdInThePathWork() {
    String id = (String) creds("?ttl=1h").json().get("lease_id");
    assertThat(vault.post("/v1/sys/renew/" + id, Map.of()).status()).isEqualTo(200);
    assertThat(vault.post("/v1/sys/leases/renew/" + id, Map.of("increment", 60)).json())
        .containsEntry("lease_duration", 60);
    assertThat(vault.send("PUT", "/v1/sys/revoke/" + id, null).status()).isEqualTo(204);
    assertThat(stub.revoked).hasSize(1);
  }

  @Test
  void leasesExpireWithTheClockAndTheEngineIsToldToRevoke() {
    Http.Response r = creds("?ttl=10m");
    String id = (String) r.json().get("lease_id");
    server.advanceClock(Duration.ofMinutes(9));
    assertThat(stub.revoked).isEmpty();
    server.advanceClock(Duration.ofMinutes(1));
    assertThat(stub.revoked).containsExactly((String) r.data().get("username"));
    Http.Response renew = vault.post("/v1/sys/leases/renew", Map.of("lease_id", id));
    assertThat(renew.status()).isEqualTo(400);
    assertThat(renew.errors()).containsExactly("lease not found");
  }

  @Test
  void clockEndpointAdvancesTimeAndReaps() {
    creds("?ttl=10m");
    Http.Response clock = vault.post("/_dev/clock", Map.of("advance", "11m"));
    assertThat(clock.json()).containsEntry("now", "2026-01-01T00:11:00Z").containsEntry("offset_seconds", 660);
    assertThat(stub.revoked).hasSize(1);
  }

  @Test
  void nonRenewableLeaseRefusesRenewal() {
    String id = (String) creds("?ttl=1h&renewable=false").json().get("lease_id");
    Http.Response r = vault.post("/v1/sys/leases/renew", Map.of("lease_id", id));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("lease is not renewable");
  }

  @Test
  void renewOfAnExpiredLeaseThatCouldNotBeRevokedFails() {
    String id = (String) creds("?ttl=1h&max_ttl=1h").json().get("lease_id");
    stub.failRevocation = true;
    server.advanceClock(Duration.ofHours(1));
    Http.Response r = vault.post("/v1/sys/leases/renew", Map.of("lease_id", id));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("lease expired");
  }

  @Test
  void missingLeaseIdIsRefused() {
    Http.Response r = vault.post("/v1/sys/leases/renew", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("lease_id must be specified");
  }

  @Test
  void revokeIsSynchronousByDefaultAndAcceptedWhenAsync() {
    String a = (String) creds("?ttl=1h").json().get("lease_id");
    String b = (String) creds("?ttl=1h").json().get("lease_id");
    assertThat(vault.post("/v1/sys/leases/revoke", Map.of("lease_id", a)).status()).isEqualTo(204);
    assertThat(stub.revoked).hasSize(1);
    Http.Response async = vault.post("/v1/sys/leases/revoke", Map.of("lease_id", b, "sync", false));
    assertThat(async.status()).isEqualTo(202);
    assertThat(vault.post("/v1/sys/leases/revoke", Map.of("lease_id", "stub/creds/app/unknown")).status())
        .isEqualTo(204);
  }

  @Test
  void manyAsyncRevokesShareOneBackgroundThreadAndAllHappen() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add((String) creds("?ttl=1h").json().get("lease_id"));
    }
    stub.revocationGate = new java.util.concurrent.CountDownLatch(1);
    for (String id : ids) {
      assertThat(vault.post("/v1/sys/leases/revoke", Map.of("lease_id", id, "sync", false)).status())
          .isEqualTo(202);
    }
    // one worker for this server (a previous test's closed server may still be winding its own down)
    assertThat(lazyRevokeThreads()).isBetween(1L, 2L);
    stub.revocationGate.countDown();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (server.leaseCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(stub.revoked).hasSize(ids.size());
    assertThat(server.leaseCount()).isZero();
  }

  private static long lazyRevokeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(LazyRevoker.THREAD_NAME)).count();
  }

  @Test
  void revokePrefixNeedsSudoAndRevokesEverythingUnderIt() {
    creds("?ttl=1h");
    creds("?ttl=1h");
    policy("ops", "path \"sys/leases/revoke-prefix/*\" { capabilities = [\"update\"] }");
    String ops = token(Map.of("policies", List.of("ops")));
    assertThat(vault.withToken(ops).post("/v1/sys/leases/revoke-prefix/stub/", null).status()).isEqualTo(403);
    assertThat(vault.post("/v1/sys/leases/revoke-prefix/stub/creds", null).status()).isEqualTo(204);
    assertThat(stub.revoked).hasSize(2);
    assertThat(server.leaseCount()).isZero();
  }

  @Test
  void failedRevocationKeepsTheLeaseAndReportsTheError() {
    String id = (String) creds("?ttl=1h").json().get("lease_id");
    stub.failRevocation = true;
    Http.Response r = vault.post("/v1/sys/leases/revoke", Map.of("lease_id", id));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("failed to revoke entry: database unreachable");
    assertThat(vault.post("/v1/sys/leases/lookup", Map.of("lease_id", id)).data())
        .containsEntry("revoke_error", "database unreachable");
    stub.failRevocation = false;
    server.advanceClock(Duration.ofHours(2));
    assertThat(stub.revoked).hasSize(1);
  }

  @Test
  void unmountingRevokesTheMountsLeases() {
    creds("?ttl=1h");
    assertThat(vault.delete("/v1/sys/mounts/stub").status()).isEqualTo(204);
    assertThat(stub.revoked).hasSize(1);
  }

  @Test
  void listingLeasesNeedsSudo() {
    creds("?ttl=1h");
    Http.Response r = vault.list("/v1/sys/leases/lookup/stub/creds/app/");
    assertThat(r.status()).isEqualTo(200);
    assertThat((List<?>) r.data().get("keys")).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void devLeasesViewReportsHowCloseToExpiryEachRenewalCameAndWhatRanOut() throws Exception {
    restartWithoutBackgroundReaper(); // "lost" must be found expired by its renewal, not reaped before it
    mountStub(0, 0);
    Map<String, Object> before = vault.get("/_dev/leases").json();
    assertThat(before).containsEntry("renewals", 0).containsEntry("reaped", 0).containsEntry("min_margin_ms", null);
    String early = (String) creds("?ttl=100s").json().get("lease_id");
    String late = (String) creds("?ttl=100s").json().get("lease_id");
    String lost = (String) creds("?ttl=100s").json().get("lease_id");
    server.advanceClock(Duration.ofSeconds(25));
    assertThat(vault.post("/v1/sys/leases/renew", Map.of("lease_id", early, "increment", 100)).status())
        .isEqualTo(200);
    server.advanceClock(Duration.ofSeconds(65));
    // late: granted at 0 until 100 s, renewed at 90 s; early's second renewal: granted at 25 until 125, renewed at 90
    assertThat(vault.post("/v1/sys/leases/renew", Map.of("lease_id", late, "increment", 100)).status())
        .isEqualTo(200);
    assertThat(vault.post("/v1/sys/leases/renew", Map.of("lease_id", early, "increment", 100)).status())
        .isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(10)); // lost's expiry passes, not reaped yet
    Http.Response refused = vault.post("/v1/sys/leases/renew", Map.of("lease_id", lost));
    assertThat(refused.body()).contains("lease expired");
    server.reap();

    Map<String, Object> view = vault.get("/_dev/leases").json();
    assertThat(view).containsEntry("live", 2).containsEntry("renewals", 3).containsEntry("expired_at_renewal", 1)
        .containsEntry("reaped", 1).containsEntry("min_margin_ms", 10_000).containsEntry("min_margin_lease_id", late);
    assertThat((Map<String, Object>) view.get("fraction_elapsed")).containsEntry("min", 0.25)
        .containsEntry("p50", 0.65).containsEntry("max", 0.9);
    assertThat(vault.post("/_dev/leases", Map.of()).status()).isEqualTo(405);
  }
}
