package io.vaultlet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.AuthToken;
import io.vaultlet.auth.TokenChange;
import io.vaultlet.config.TemplateSettings;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseWatcherTest {

  private EmulatorHarness h;
  private LeaseWatcher leases;
  private final List<String> changes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
  }

  @AfterEach
  void stop() {
    if (leases != null) {
      leases.close();
    }
    h.close();
  }

  private LeaseWatcher watcher(LeaseWatcher.Options options) {
    leases = h.watcher(options);
    leases.onChange(d -> changes.add(d.key()));
    return leases;
  }

  private static Dependency.VaultRead read(String path) {
    return Dependency.VaultRead.parse(path);
  }

  @Test
  void kvSecretsAreReReadEveryStaticSecretRenderInterval() {
    h.kv("app", Map.of("password", "s3cret-kv"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    h.resetStats();

    leases.watch(read("secret/app"), "");
    h.settle();
    assertThat(h.requests("GET secret/data/app")).isEqualTo(1);
    assertThat(((Secret) leases.recall(read("secret/app")).orElseThrow()).data()).containsKey("data");
    assertThat(leases.lease(read("secret/app")).orElseThrow().kind()).isEqualTo(Lease.Kind.STATIC);

    h.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(h.requests("GET secret/data/app")).isEqualTo(1);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.requests("GET secret/data/app")).isEqualTo(2);
    assertThat(changes).hasSize(2);
  }

  @Test
  void aDependencySharedByTenTemplatesIsFetchedOncePerCycle() {
    h.kv("shared", Map.of("v", "one"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    h.resetStats();

    for (int i = 0; i < 10; i++) {
      leases.watch(read("secret/shared"), "/tmp/t" + i);
    }
    h.settle();
    assertThat(h.requests("GET secret/data/shared")).isEqualTo(1);
    h.advance(Duration.ofMinutes(5));
    assertThat(h.requests("GET secret/data/shared")).isEqualTo(2);
  }

  @Test
  void renewsAtTwoThirdsOfLeasePlusAThirdOfGrace() {
    h.database("1h", "24h");
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    leases.watch(read("database/creds/app"), "");
    h.settle();
    h.resetStats();
    assertThat(leases.lease(read("database/creds/app")).orElseThrow().kind()).isEqualTo(Lease.Kind.RENEWABLE);

    // random 0.5: grace = 9m, so the first renewal is due at 40m + 3m
    h.advance(Duration.ofMinutes(43).minusSeconds(1));
    assertThat(h.requests("PUT sys/leases/renew")).isZero();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.requests("PUT sys/leases/renew")).isEqualTo(1);
    assertThat(h.requests("GET database/creds/app")).isZero();
    assertThat(changes).hasSize(1); // a renewal is not new data
  }

  @Test
  void refetchesBeforeExpiryWhenMaxTtlStopsRenewalFromExtendingTheLease() {
    h.database("1h", "2h");
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    Dependency.VaultRead creds = read("database/creds/app");
    leases.watch(creds, "");
    h.settle();
    Lease first = leases.lease(creds).orElseThrow();

    // renewals at 43m (granted 1h) and 86m (granted only the 34m left before max TTL): too short, so re-fetch
    h.advance(Duration.ofMinutes(86));
    Lease second = leases.lease(creds).orElseThrow();
    assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
    assertThat(second.obtained()).isEqualTo(h.scheduler.now());
    assertThat(Duration.between(h.scheduler.now(), first.obtained().plus(Duration.ofHours(2))))
        .isEqualTo(Duration.ofMinutes(34)); // the old credential still had 34 minutes
    assertThat(changes).hasSize(2);
  }

  @Test
  void aBodyIsKeptForTheProxysCacheOnlyForARenewableLeaseAndOnlyWhileSharingIsOn() {
    h.database("1h", "2h");
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    Dependency.VaultRead creds = read("database/creds/app");
    leases.watch(creds, "");
    h.settle();
    String token = leases.lease(creds).orElseThrow().token();
    assertThat(leases.sharedResponse(creds, token)).as("on by default").isPresent();

    leases.shareResponses(false); // no cache block: no second copy of the secret
    assertThat(leases.sharedResponse(creds, token)).isEmpty();
    h.advance(Duration.ofMinutes(86)); // re-fetched at the max TTL
    assertThat(leases.sharedResponse(creds, token)).isEmpty();

    leases.shareResponses(true);
    h.advance(Duration.ofMinutes(86));
    assertThat(leases.sharedResponse(creds, token)).isPresent();
  }

  @Test
  void nonRenewableLeasesAreRefetchedAtTheRenewalThresholdOfTheirDuration() {
    h.http.write("sys/mounts/aws", Map.of("type", "aws"));
    h.http.write("aws/config/root", Map.of("access_key", "AKIAROOTEXAMPLE00000", "secret_key", "root-secret-xx",
        "region", "eu-west-1"));
    h.http.write("aws/roles/assume", Map.of("credential_type", "assumed_role",
        "role_arns", "arn:aws:iam::123456789012:role/DeveloperRole", "default_sts_ttl", "15m", "max_sts_ttl", "1h"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    Dependency.VaultRead sts = read("aws/creds/assume");
    leases.watch(sts, "");
    h.settle();
    h.resetStats();
    assertThat(leases.lease(sts).orElseThrow().kind()).isEqualTo(Lease.Kind.NON_RENEWABLE);

    // random 0.5: exactly lease_renewal_threshold (0.9) of 15 minutes; never renewed
    h.advance(Duration.ofSeconds(810).minusSeconds(1));
    assertThat(h.totalRequests()).isZero();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.requests("GET aws/creds/assume")).isEqualTo(1);
    assertThat(h.requests("PUT sys/leases/renew")).isZero();
  }

  @Test
  void aFailingDependencyBacksOffWithoutRefetchingTheOthers() {
    h.kv("a", Map.of("v", "a"));
    h.kv("b", Map.of("v", "b"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    leases.watch(read("secret/a"), "");
    leases.watch(read("secret/b"), "");
    h.settle();
    Object bValue = leases.recall(read("secret/b")).orElseThrow();
    h.fault(Map.of("kind", "status", "status", 500, "path_prefix", "secret/data/a"));
    h.resetStats();

    // a fails at 5m, then 250ms, 500ms, 1s, 2s, 4s (×0.875: the harness's random 0.5 jitters each down by 12.5%)
    h.advance(Duration.ofMinutes(5).plusSeconds(10));
    assertThat(h.requests("GET secret/data/a")).isEqualTo(6);
    assertThat(h.requests("GET secret/data/b")).isEqualTo(1); // only its own schedule
    assertThat(leases.recall(read("secret/a"))).isPresent(); // the last good value stays
    assertThat(leases.status()).filteredOn(s -> s.dependency().equals("vault.read(secret/a)"))
        .singleElement().satisfies(s -> assertThat(s.failures()).isEqualTo(6));

    h.advance(Duration.ofMinutes(30));
    // backoff grows to 1 minute, jittered down by at most 25% (≥ 45s): the rate against a failing path stays bounded
    assertThat(h.requests("GET secret/data/a")).isLessThanOrEqualTo(6 + 6 + 40);
    h.clearFaults();
    h.advance(Duration.ofMinutes(1));
    assertThat(leases.status()).filteredOn(s -> s.dependency().equals("vault.read(secret/a)"))
        .singleElement().satisfies(s -> assertThat(s.failures()).isZero());
    assertThat(bValue).isNotNull();
    assertThat(h.exitCode.get()).isEqualTo(-1);
  }

  @Test
  void retriesAreJitteredDownByUpToAQuarterLikeLoginRetries() {
    double[] draws = {0.0, 0.999, 0.4, 0.8, 0.2, 0.6, 0.1, 0.9, 0.3, 0.7, 0.5, 0.05, 0.95};
    int[] next = {0};
    leases = new LeaseWatcher(h.client, h.scheduler, LeaseWatcher.Options.from(TemplateSettings.defaults()),
        new io.vaultlet.events.RotationJournal(), () -> draws[next[0]++ % draws.length], h.exitCode::set);
    leases.watch(read("secret/missing"), "");
    h.settle(); // the first attempt fails at once

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      Instant now = h.scheduler.now();
      Instant due = h.scheduler.pending().get(0);
      waits.add(Duration.between(now, due));
      h.advance(Duration.between(now, due));
    }

    // consul-template's 0.25, 0.5, 1, 2, 4, 8, 16, 32, 60 s… each taken down by 25%·U, U the injected draw
    long[] base = {250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000, 60000};
    for (int i = 0; i < 12; i++) {
      assertThat(waits.get(i)).as("retry %d", i)
          .isEqualTo(Duration.ofMillis((long) Math.floor(base[i] * (1 - 0.25 * draws[i]))));
    }
    // retries exhausted: the 1-minute persistent retry is jittered too
    assertThat(waits.get(12)).isEqualTo(Duration.ofMillis((long) Math.floor(60000 * (1 - 0.25 * draws[12]))));
    assertThat(waits).as("never a wait the same for the whole fleet").doesNotHaveDuplicates();
  }

  @Test
  void aFailingKvV2PreflightAtStartIsRetriedWithBackoffAndTheRealValueArrives() {
    h.kv("app", Map.of("password", "s3cr3t-kv2"));
    h.fault(Map.of("kind", "status", "status", 503, "path_prefix", "sys/internal/ui/mounts", "count", 3));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    leases.watch(read("secret/app"), "");
    h.settle();
    assertThat(leases.recall(read("secret/app"))).as("nothing is made up while Vault does not answer").isEmpty();

    h.advance(Duration.ofSeconds(5)); // 3 failures, retried after ~0.25s, ~0.5s, ~1s, then Vault answers

    Secret s = (Secret) leases.recall(read("secret/app")).orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) s.data().get("data");
    assertThat(data).containsEntry("password", "s3cr3t-kv2");
    assertThat(h.requests("GET secret/app")).as("never read under a guessed KV v1 path").isZero();
    assertThat(h.requests("GET sys/internal/ui/mounts/secret/app")).isEqualTo(4);
  }

  @Test
  void exitsNonZeroWhenRetriesAreExhaustedAndExitOnRetryFailureIsSet() {
    watcher(new LeaseWatcher.Options(0.9, Duration.ofMinutes(5), Optional.empty(),
        new RetrySchedule(true, 2, Duration.ofSeconds(1), Duration.ofSeconds(4)), true, Duration.ofSeconds(2)));
    leases.watch(read("secret/missing"), "");
    h.settle(); // 1st failure
    h.advance(Duration.ofSeconds(1)); // 2nd
    assertThat(h.exitCode.get()).isEqualTo(-1);
    h.advance(Duration.ofSeconds(2)); // 3rd: attempts exhausted
    assertThat(h.exitCode.get()).isEqualTo(1);
  }

  @Test
  void tokenHandOverRefetchesOnlyLeasesThatDieWithTheOldTokenBeforeItExpires() {
    h.database("1h", "24h");
    h.kv("app", Map.of("v", "x"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    Dependency.VaultRead creds = read("database/creds/app");
    leases.watch(creds, "");
    leases.watch(read("secret/app"), "");
    h.settle();
    String oldLease = leases.lease(creds).orElseThrow().leaseId();
    String newToken = (String) h.http.write("auth/token/create", Map.of("policies", List.of("root"), "ttl", "4h"))
        .auth().get("client_token");
    h.resetStats();

    Instant oldExpiry = h.scheduler.now().plus(Duration.ofMinutes(16));
    leases.tokenChanged(newToken, oldExpiry);
    h.advance(Duration.ofMinutes(4)); // random 0.5: half of the first half of the 16 minutes left

    assertThat(h.requests("GET database/creds/app")).isEqualTo(1);
    Lease fresh = leases.lease(creds).orElseThrow();
    assertThat(fresh.leaseId()).isNotEqualTo(oldLease);
    assertThat(fresh.token()).isEqualTo(newToken);
    assertThat(h.requests("GET secret/data/app")).isZero(); // KV does not die with a token
    // the renewal armed for the old lease (due at 43m) was replaced: only the new lease's renewal runs (at 4m + 43m)
    h.advance(Duration.ofMinutes(42));
    assertThat(h.requests("PUT sys/leases/renew")).isZero();
    h.advance(Duration.ofMinutes(1));
    assertThat(h.requests("PUT sys/leases/renew")).isEqualTo(1);
  }

  @Test
  void theAuthHandOverKeepsCredentialsAliveAcrossTheOldTokensDeathWithoutReissuingCertificates() throws Exception {
    h.database("1h", "24h");
    h.pki("24h");
    String tokenA = h.token("20m");
    leases = h.watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()), h.client.withToken(tokenA));
    Dependency.VaultRead creds = read("database/creds/app");
    Dependency.VaultPki cert = new Dependency.VaultPki("pki/issue/svc", Map.of("common_name", "a.svc.test"), "");
    leases.watch(creds, "");
    leases.watch(cert, "");
    h.settle();
    Object certValue = leases.recall(cert).orElseThrow();
    String oldLease = leases.lease(creds).orElseThrow().leaseId();
    h.advance(Duration.ofMinutes(10));
    h.resetStats();

    String tokenB = h.token("2h");
    Instant now = h.scheduler.now();
    leases.tokenChanged(new TokenChange(AuthToken.of(tokenB, "b", List.of(), true, now, Duration.ofHours(2)),
        Optional.of(AuthToken.of(tokenA, "a", List.of(), true, now.minus(Duration.ofMinutes(10)),
            Duration.ofMinutes(20))), Optional.of(now.plus(Duration.ofMinutes(10))), TokenChange.Reason.EXPIRING));
    h.advance(Duration.ofMinutes(11)); // token A dies at +10m: the emulator revokes its leases

    assertThat(h.requests("GET database/creds/app")).isEqualTo(1); // re-fetched with B before A died
    assertThat(leases.lease(creds).orElseThrow().token()).isEqualTo(tokenB);
    String leaseId = leases.lease(creds).orElseThrow().leaseId();
    assertThat(h.http.post("sys/leases/lookup", Map.of("lease_id", leaseId)).status()).isEqualTo(200);
    assertThat(h.http.post("sys/leases/lookup", Map.of("lease_id", oldLease)).status()).isEqualTo(400); // died with A
    assertThat(h.requests("POST pki/issue/svc")).isZero(); // a valid certificate is not re-issued
    assertThat(leases.recall(cert)).containsSame(certValue);
  }

  @Test
  void kvV2ListsReadTheMetadataPathAndAreSorted() {
    h.kv("apps/b", Map.of("v", "1"));
    h.kv("apps/a", Map.of("v", "1"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    Dependency.VaultList list = new Dependency.VaultList("secret/apps");
    leases.watch(list, "");
    h.settle();
    assertThat(leases.recall(list)).contains(List.of("a", "b"));
    assertThat(leases.lease(list).orElseThrow().kind()).isEqualTo(Lease.Kind.STATIC);
  }

  @Test
  void unwatchedDependenciesStopBeingFetched() {
    h.kv("app", Map.of("v", "x"));
    watcher(LeaseWatcher.Options.from(TemplateSettings.defaults()));
    leases.watch(read("secret/app"), "");
    h.settle();
    leases.unwatch(read("secret/app"));
    h.resetStats();
    h.advance(Duration.ofMinutes(20));
    assertThat(h.totalRequests()).isZero();
    assertThat(leases.recall(read("secret/app"))).isEmpty();
  }
}
