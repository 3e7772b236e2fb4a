package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.AuthEvent.Type;
import io.vaultlet.auth.TokenChange.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-auth timing against the emulator, the emulator's clock and the manager's scheduler moved together. Random is
 * pinned at 0.5: grace = 15% of the lease, backoff jitter = ×0.875.
 */
class TokenManagerTest {

  @TempDir Path dir;
  private Emulator emu;
  private Recorder rec;
  private TokenManager manager;

  @BeforeEach
  void start() throws Exception {
    emu = new Emulator();
    rec = new Recorder();
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    String log = rec.log();
    rec.close();
    emu.close();
    assertThat(rec.tokens()).allSatisfy(token -> assertThat(log).doesNotContain(token));
    assertThat(log).doesNotContain("not-the-secret-id");
  }

  private TokenManager.Builder approle(String ttl, String maxTtl) throws Exception {
    AppRoleMethod method = emu.approleMethod(emu.approle(dir, "app", ttl, maxTtl));
    return TokenManager.builder(method, emu.client, emu.scheduler).random(() -> 0.5);
  }

  private TokenManager started(TokenManager.Builder b) {
    manager = b.build();
    manager.addTokenListener(rec);
    manager.addEventListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);
    return manager;
  }

  private static Instant at(String offset) {
    return Emulator.START.plus(Duration.parse("PT" + offset));
  }

  @Test
  void logsInAtStartAndPublishesTheFirstToken() throws Exception {
    started(approle("30s", "1h"));

    assertThat(rec.changes).hasSize(1);
    TokenChange first = rec.changes.get(0);
    assertThat(first.reason()).isEqualTo(Reason.FIRST_LOGIN);
    assertThat(first.previous()).isEmpty();
    assertThat(first.current().expiresAt()).contains(at("30S"));
    assertThat(rec.events(Type.LOGIN)).singleElement().satisfies(e -> {
      assertThat(e.accessor()).isEqualTo(first.current().accessor()).isNotEmpty();
      assertThat(e.method()).isEqualTo("approle");
    });
    assertThat(emu.root.withToken(first.current().token()).get("auth/token/lookup-self").status()).isEqualTo(200);
  }

  @Test
  void renewsAtTwoThirdsOfTheTtlPlusAThirdOfTheGrace() throws Exception {
    started(approle("30s", "1h"));

    emu.advance(Duration.parse("PT21.4S"));
    assertThat(emu.requestsTo("auth/token/renew-self")).isZero();
    emu.advance(Duration.ofMillis(100));

    assertThat(emu.requestsTo("auth/token/renew-self")).isEqualTo(1);
    assertThat(rec.events(Type.RENEW)).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(at("21.5S")));
    assertThat(rec.renewals).singleElement()
        .satisfies(t -> assertThat(t.expiresAt()).contains(at("51.5S")));
    assertThat(manager.current().orElseThrow().expiresAt()).contains(at("51.5S"));
    assertThat(rec.changes).hasSize(1);
  }

  @Test
  void reauthenticatesBeforeMaxTtlWhileTheOldTokenStillLives() throws Exception {
    started(approle("30s", "60s"));
    String first = rec.changes.get(0).current().token();

    emu.advance(Duration.parse("PT42.9S"));
    assertThat(rec.changes).hasSize(1);
    emu.advance(Duration.ofMillis(100));

    // Renewed at 21.5s (to 51.5s), then at 43s Vault caps the renewal at max TTL (17s left, ≤ 4·grace): re-login.
    assertThat(rec.changes).hasSize(2);
    TokenChange change = rec.changes.get(1);
    assertThat(change.reason()).isEqualTo(Reason.EXPIRING);
    assertThat(change.previous().orElseThrow().token()).isEqualTo(first);
    assertThat(change.previousExpiry()).contains(at("60S"));
    assertThat(change.current().token()).isNotEqualTo(first);
    assertThat(rec.events(Type.REAUTH)).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(at("43S")));
    assertThat(emu.root.withToken(first).get("auth/token/lookup-self").status())
        .as("the old token is not revoked").isEqualTo(200);
  }

  @Test
  void renewalRefusedMeansANewLoginAtOnce() throws Exception {
    started(approle("30s", "1h"));
    emu.fault(Map.of("kind", "status", "status", 400, "path_prefix", "auth/token/renew-self", "count", 1,
        "message", "past the max TTL, cannot renew"));

    emu.advance(Duration.parse("PT21.5S"));

    assertThat(rec.events(Type.RENEW_FAILURE)).hasSize(1);
    assertThat(rec.changes).hasSize(2);
    assertThat(rec.events(Type.REAUTH)).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(at("21.5S")));
  }

  @Test
  void tokenRevokedUnderUsIsReplacedAtTheNextRenewal() throws Exception {
    started(approle("30s", "1h"));
    String accessor = rec.changes.get(0).current().accessor();
    emu.fault(Map.of("kind", "revoke_token", "accessor", accessor));

    emu.advance(Duration.parse("PT21.5S"));

    assertThat(rec.changes).hasSize(2);
    assertThat(rec.changes.get(1).reason()).isEqualTo(Reason.INVALID);
    assertThat(emu.root.withToken(rec.changes.get(1).current().token()).get("auth/token/lookup-self").status())
        .isEqualTo(200);
  }

  @Test
  void tokenReportedInvalidIsReplacedAtOnceButNotInALoop() throws Exception {
    started(approle("30s", "1h"));
    emu.resetStats();

    manager.tokenInvalid(rec.changes.get(0).current().accessor());
    emu.advance(Duration.ZERO);
    assertThat(rec.changes).hasSize(2);

    manager.tokenInvalid("");
    emu.advance(Duration.ZERO);
    assertThat(rec.changes).as("a second report before the new token proved healthy backs off").hasSize(2);
    assertThat(rec.events(Type.BACKOFF)).singleElement()
        .satisfies(e -> assertThat(e.backoff()).contains(Duration.ofMillis(875)));
    emu.advance(Duration.ofMillis(875));
    assertThat(rec.changes).hasSize(3);
    manager.tokenInvalid("not-this-accessor");
    emu.advance(Duration.ofSeconds(1));
    assertThat(rec.changes).hasSize(3);
    assertThat(emu.requestsTo("auth/approle/login")).isEqualTo(2);
  }

  @Test
  void vaultOutageForManyTtlsBacksOffWithoutStormAndRecovers() throws Exception {
    Path sinkFile = dir.resolve("token");
    started(approle("60s", "1h").minBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(8))
        .sinks(List.of(FileSink.of(sinkFile, 0640))));
    String first = rec.changes.get(0).current().token();
    emu.fault(Map.of("kind", "status", "status", 503, "message", "Vault is sealed"));
    emu.resetStats();

    emu.advance(Duration.ofMinutes(10));

    List<AuthEvent> failures = new ArrayList<>();
    rec.events.stream().filter(e -> e.type() == Type.RENEW_FAILURE || e.type() == Type.LOGIN_FAILURE)
        .forEach(failures::add);
    assertThat(emu.requests(null)).as("one request per attempt, no HTTP retries").isEqualTo(failures.size());
    assertThat(failures.size()).as("bounded: at most one attempt per ~7s once backed off").isBetween(70, 100);
    // Renewal is retried until only the grace (9s) is left of the token's life: no login before 51s.
    assertThat(rec.events(Type.LOGIN_FAILURE)).allSatisfy(e -> assertThat(e.at()).isAfterOrEqualTo(at("51S")));
    assertThat(rec.events(Type.RENEW_FAILURE)).allSatisfy(e -> assertThat(e.at()).isBefore(at("51S")));
    assertThat(rec.events(Type.BACKOFF)).allSatisfy(e ->
        assertThat(e.backoff().orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(8)));
    for (int i = 1; i < failures.size(); i++) {
      Duration gap = Duration.between(failures.get(i - 1).at(), failures.get(i).at());
      assertThat(gap).as("gap before attempt %d", i).isLessThanOrEqualTo(Duration.ofSeconds(8));
    }
    long tightGaps = 0;
    for (int i = 1; i < failures.size(); i++) {
      if (Duration.between(failures.get(i - 1).at(), failures.get(i).at()).compareTo(Duration.ofMillis(750)) < 0) {
        tightGaps++;
      }
    }
    assertThat(tightGaps).as("only the clamp to the grace point may be shorter than the minimum").isLessThanOrEqualTo(1);
    assertThat(rec.changes).as("the old token stays published").hasSize(1);
    assertThat(Files.readString(sinkFile)).isEqualTo(first);

    emu.clearFaults();
    emu.advance(Duration.ofSeconds(8));

    assertThat(rec.changes).hasSize(2);
    assertThat(rec.changes.get(1).previous().orElseThrow().token()).isEqualTo(first);
    assertThat(rec.changes.get(1).previousExpiry()).contains(at("60S"));
    assertThat(Files.readString(sinkFile)).isEqualTo(rec.changes.get(1).current().token());
  }

  @Test
  void wrongCredentialsBackOffDoublingWithJitter() throws Exception {
    Path[] files = emu.approle(dir, "app", "30s", "1h");
    Files.writeString(files[1], "not-the-secret-id");
    manager = TokenManager.builder(emu.approleMethod(files), emu.client, emu.scheduler).random(() -> 0.5)
        .minBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(4)).build();
    manager.addEventListener(rec);
    manager.start();

    emu.advance(Duration.ofSeconds(20));

    // Vault's sdk backoff: each wait is the previous one doubled, capped, then jittered (×0.875 here).
    assertThat(rec.events(Type.BACKOFF)).extracting(e -> e.backoff().orElseThrow()).startsWith(
        Duration.ofMillis(875), Duration.ofMillis(1531), Duration.ofMillis(2679), Duration.ofMillis(3500),
        Duration.ofMillis(3500));
    assertThat(rec.events(Type.LOGIN_FAILURE)).extracting(AuthEvent::at).containsExactly(
        at("0S"), at("0.875S"), at("2.406S"), at("5.085S"), at("8.585S"), at("12.085S"), at("15.585S"),
        at("19.085S"));
    assertThat(emu.requestsTo("auth/approle/login")).isEqualTo(8);
    assertThat(rec.events(Type.LOGIN_FAILURE).get(0).error().orElseThrow()).contains("invalid role or secret ID");
    assertThat(manager.terminated()).isNotDone();
  }

  @Test
  void exitOnErrGivesUpAtTheFirstFailure() throws Exception {
    Path[] files = emu.approle(dir, "app", "30s", "1h");
    Files.writeString(files[1], "not-the-secret-id");
    manager = TokenManager.builder(emu.approleMethod(files), emu.client, emu.scheduler).exitOnErr(true).build();
    manager.addEventListener(rec);
    manager.start();

    emu.advance(Duration.ofMinutes(1));

    assertThat(manager.terminated()).isCompletedExceptionally();
    assertThat(rec.events(Type.EXIT)).hasSize(1);
    assertThat(emu.requestsTo("auth/approle/login")).isEqualTo(1);
    assertThat(emu.scheduler.pending()).isEmpty();
  }

  @Test
  void nonRenewableTokenIsReplacedAtTwoThirdsOfItsLifeWithoutRenewing() throws Exception {
    String token = emu.root.write("auth/token/create", Map.of("ttl", "30s", "renewable", false)).auth()
        .get("client_token").toString();
    Path file = dir.resolve("token");
    Files.writeString(file, token);
    started(TokenManager.builder(new TokenFileMethod(file), emu.client, emu.scheduler).random(() -> 0.5));
    assertThat(rec.changes.get(0).current().renewable()).isFalse();
    emu.resetStats();

    emu.advance(Duration.parse("PT21.4S"));
    assertThat(emu.requests(null)).isZero();
    emu.advance(Duration.ofMillis(100));

    assertThat(emu.requestsTo("auth/token/lookup-self")).isEqualTo(1);
    assertThat(emu.requestsTo("auth/token/renew-self")).isZero();
    assertThat(rec.changes).as("the same token again is not a new token").hasSize(1);
  }

  @Test
  void exitAfterAuthWritesTheSinksOnceAndStops() throws Exception {
    Path sinkFile = dir.resolve("sink/token");
    Files.createDirectories(sinkFile.getParent());
    manager = approle("30s", "1h").sinks(List.of(FileSink.of(sinkFile, 0640))).build();
    manager.addTokenListener(rec);

    CompletableFuture<Optional<AuthToken>> once = manager.authenticateOnce();
    emu.advance(Duration.ZERO);

    assertThat(once).isCompleted();
    assertThat(Files.readString(sinkFile)).isEqualTo(once.join().orElseThrow().token());
    emu.advance(Duration.ofMinutes(5));
    assertThat(emu.requestsTo("auth/token/renew-self")).isZero();
    assertThat(emu.scheduler.pending()).isEmpty();
  }

  @Test
  void sinkIsRewrittenOnlyWhenTheTokenChanges() throws Exception {
    Path sinkFile = dir.resolve("token");
    started(approle("30s", "60s").sinks(List.of(FileSink.of(sinkFile, 0640))));
    String first = Files.readString(sinkFile);
    assertThat(first).isEqualTo(rec.changes.get(0).current().token());
    Files.setLastModifiedTime(sinkFile, java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    emu.advance(Duration.parse("PT21.5S"));
    assertThat(rec.renewals).hasSize(1);
    assertThat(Files.getLastModifiedTime(sinkFile).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));

    emu.advance(Duration.parse("PT21.5S"));
    assertThat(rec.changes).hasSize(2);
    assertThat(Files.readString(sinkFile)).isEqualTo(rec.changes.get(1).current().token()).isNotEqualTo(first);
    assertThat(rec.events(Type.SINK_WRITE)).hasSize(2);
  }

  @Test
  void tokensRefusedAfterEveryLoginNeverDriveALoginStorm() throws Exception {
    started(approle("30s", "1h").minBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)));
    // Every renewal finds its token revoked: each renew-self gets 403, every time.
    emu.fault(Map.of("kind", "revoke_token", "path_prefix", "auth/token/renew-self"));
    emu.resetStats();

    emu.advance(Duration.ofMinutes(10));

    int logins = emu.requestsTo("auth/approle/login");
    int renewals = emu.requestsTo("auth/token/renew-self");
    assertThat(renewals).as("one renewal per token, at 2/3 of its life").isBetween(logins - 1, logins + 1);
    assertThat(logins).as("a login at most every ~20s, never a loop").isBetween(10, 30);
    assertThat(rec.changes).hasSize(logins + 1);
  }
}
