package io.vaultlet.render;

import static io.vaultlet.render.RotationFixture.DB_TEMPLATE;
import static io.vaultlet.render.RotationFixture.creds;
import static io.vaultlet.render.RotationFixture.logsIn;
import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.lease.Lease;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationEvent.Result;
import io.vaultlet.events.RotationJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grace_period}: the replaced lease is kept alive after the new file was published and reloaded, then revoked
 * on purpose; pending revocations survive a restart (manual clock, real PostgreSQL).
 */
class GracePeriodTest {

  private static final Duration GRACE = Duration.ofMinutes(5);

  @TempDir Path dir;
  private RotationFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RotationFixture();
    f.h.database("1h", "24h"); // a refused renewal rotates while the old lease still has ~20 minutes
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private TemplateRunner.Spec spec(Path out, String command) {
    return template(DB_TEMPLATE, out).command(command, Duration.ofSeconds(10))
        .rotation(Optional.empty(), GRACE, false).spec();
  }

  @Test
  void thePreviousLeaseIsKeptForTheGracePeriodThenRevokedOnPurpose() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, spec(out, "true"));
    String[] old = creds(out);
    String oldLease = f.currentLease().leaseId();

    f.rotateByRefusedRenewal();
    Instant published = f.h.scheduler.now();
    String[] fresh = creds(out);
    assertThat(fresh[0]).isNotEqualTo(old[0]);
    assertThat(f.events("grace")).singleElement().satisfies(e -> {
      assertThat(e.result()).isEqualTo(Result.PENDING);
      assertThat(e.oldId()).isEqualTo(Lease.displayId(oldLease));
      assertThat(e.message()).contains("revoked at " + published.plus(GRACE));
    });

    f.h.advance(GRACE.minusSeconds(1));
    assertThat(logsIn(old)).as("the old credential works during the grace period").isTrue();
    assertThat(f.leaseExists(oldLease)).isTrue();
    assertThat(f.events("revoke")).isEmpty();

    f.h.advance(Duration.ofSeconds(2));
    assertThat(f.leaseExists(oldLease)).as("revoked at the end of the grace period").isFalse();
    assertThat(logsIn(old)).isFalse();
    assertThat(logsIn(fresh)).isTrue();
    assertThat(f.events("revoke")).singleElement().satisfies(e -> {
      assertThat(e.result()).isEqualTo(Result.SUCCEEDED);
      assertThat(e.message()).contains("ended on purpose");
    });
    assertThat(f.log()).contains("step=revoke result=succeeded");
  }

  @Test
  void aGraceLongerThanTheOldLeasesTimeLeftRenewsTheOldLease() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.empty(), Duration.ofMinutes(40), false).spec());
    String[] old = creds(out);
    String oldLease = f.currentLease().leaseId();

    f.rotateByRefusedRenewal();
    Instant oldEnd = f.replaced.expiry().orElseThrow();
    f.h.advance(Duration.between(f.h.scheduler.now(), oldEnd).plusMinutes(5));

    assertThat(f.leaseExists(oldLease)).as("renewed past the end it had when it was replaced").isTrue();
    assertThat(logsIn(old)).isTrue();
    f.h.advance(Duration.ofMinutes(40));
    assertThat(f.leaseExists(oldLease)).isFalse();
  }

  @Test
  void aTokenThatMayNotRevokeIsToldWhatItNeeds() throws Exception {
    f.h.http.write("sys/policies/acl/app", java.util.Map.of("policy",
        "path \"database/creds/app\" { capabilities = [\"read\"] }"));
    String token = (String) f.h.http.write("auth/token/create", java.util.Map.of("policies", java.util.List.of("app"),
        "ttl", "24h")).auth().get("client_token");
    Path out = dir.resolve("db.conf");
    f.start(f.h.client.withToken(token), null, spec(out, "true"));
    String oldLease = f.currentLease().leaseId();

    f.rotateByRefusedRenewal();
    f.h.advance(GRACE.plusSeconds(1));

    assertThat(f.leaseExists(oldLease)).isTrue();
    assertThat(f.events("revoke")).isNotEmpty().allSatisfy(e -> {
      assertThat(e.result()).isEqualTo(Result.FAILED);
      assertThat(e.message()).contains("permission denied")
          .contains("needs the \"update\" capability on sys/leases/revoke");
    });
  }

  @Test
  void aFailedReloadLeavesThePreviousLeaseToExpire() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, spec(out, "exit 4"));
    String oldLease = f.currentLease().leaseId();

    f.rotateByRefusedRenewal();
    f.h.advance(GRACE.plusMinutes(1));

    assertThat(f.leaseExists(oldLease)).as("not ended on purpose: the application may still use it").isTrue();
    assertThat(f.events("grace")).isEmpty();
    assertThat(f.events("revoke")).singleElement().satisfies(e -> {
      assertThat(e.result()).isEqualTo(Result.SKIPPED);
      assertThat(e.message()).contains("reload command failed");
    });
  }

  @Test
  void withoutAGracePeriodAReplacedLeaseIsLeftToExpireAsVaultAgentDoes() throws Exception {
    Path out = dir.resolve("db.conf");
    f.start(null, template(DB_TEMPLATE, out).spec());
    String oldLease = f.currentLease().leaseId();

    f.rotateByRefusedRenewal();
    f.h.advance(Duration.ofMinutes(10));

    assertThat(f.leaseExists(oldLease)).isTrue();
    assertThat(f.journal.recent()).as("a plain template records no rotation steps").isEmpty();
  }

  @Test
  void aLeaseRenewedInItsGraceIsStillRevokedAfterACrashPastTheEndItWasRecordedWith() throws Exception {
    Path out = dir.resolve("db.conf");
    Path state = dir.resolve("state").resolve("rotation-state.json");
    TemplateRunner.Spec spec = template(DB_TEMPLATE, out).rotation(Optional.empty(), Duration.ofMinutes(40), false)
        .spec();
    f.start(state, spec);
    String[] old = creds(out);
    String oldLease = f.currentLease().leaseId();
    f.rotateByRefusedRenewal();
    Instant revokeAt = f.h.scheduler.now().plus(Duration.ofMinutes(40));
    Instant recordedEnd = f.replaced.expiry().orElseThrow();
    f.h.advance(Duration.between(f.h.scheduler.now(), recordedEnd).plusMinutes(1));
    assertThat(f.leaseExists(oldLease)).as("renewed through its grace, past the end the state file has").isTrue();

    f.stop(); // a crash in the grace period, and a restart after the recorded end
    f.journal = new RotationJournal();
    f.start(state, spec);
    assertThat(f.log()).contains("restored a pending revocation");
    f.h.advance(Duration.between(f.h.scheduler.now(), revokeAt).plusSeconds(1));
    assertThat(f.leaseExists(oldLease)).as("revoked at the end of its grace by the restarted process").isFalse();
    assertThat(logsIn(old)).isFalse();
  }

  @Test
  void aPendingRevocationSurvivesARestart() throws Exception {
    Path out = dir.resolve("db.conf");
    Path state = dir.resolve("state").resolve("rotation-state.json");
    f.start(state, spec(out, "true"));
    String[] first = creds(out);
    String firstLease = f.currentLease().leaseId();
    f.rotateByRefusedRenewal();
    Instant revokeAt = f.h.scheduler.now().plus(GRACE);
    String secondLease = f.currentLease().leaseId();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
    JsonNode saved = new ObjectMapper().readTree(state.toFile());
    assertThat(saved.toString()).contains(firstLease).contains(secondLease).contains(revokeAt.toString())
        .doesNotContain(first[1]);

    f.stop(); // the agent stops (or crashes) during the grace period
    f.h.advance(Duration.ofMinutes(1));
    assertThat(f.leaseExists(firstLease)).isTrue();
    f.journal = new RotationJournal();
    f.start(state, spec(out, "true")); // a new process: fetches a third credential and publishes it
    Lease third = f.currentLease();
    assertThat(third.leaseId()).isNotIn(firstLease, secondLease);

    f.h.advance(Duration.between(f.h.scheduler.now(), revokeAt).minusSeconds(1));
    assertThat(f.leaseExists(firstLease)).isTrue();
    f.h.advance(Duration.ofSeconds(2));
    assertThat(f.leaseExists(firstLease)).as("revoked by the restarted process at its time").isFalse();
    assertThat(logsIn(first)).isFalse();
    assertThat(f.events("revoke")).extracting(RotationEvent::oldId).contains(Lease.displayId(firstLease));

    // the second credential, which the file used when the process stopped, gets its own grace period
    assertThat(f.events("grace")).extracting(RotationEvent::oldId).contains(Lease.displayId(secondLease));
    f.h.advance(GRACE);
    assertThat(f.leaseExists(secondLease)).isFalse();
    assertThat(f.leaseExists(third.leaseId())).isTrue();
    assertThat(logsIn(creds(out))).isTrue();
    assertThat(new ObjectMapper().readTree(state.toFile()).toString()).doesNotContain(firstLease)
        .doesNotContain(secondLease);
  }
}
