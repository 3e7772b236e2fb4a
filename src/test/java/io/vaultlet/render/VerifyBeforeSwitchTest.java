package io.vaultlet.render;

import static io.vaultlet.render.RotationFixture.DB_TEMPLATE;
import static io.vaultlet.render.RotationFixture.commandCheck;
import static io.vaultlet.render.RotationFixture.creds;
import static io.vaultlet.render.RotationFixture.failingCheck;
import static io.vaultlet.render.RotationFixture.logsIn;
import static io.vaultlet.render.RotationFixture.pgPort;
import static io.vaultlet.render.RotationFixture.postgresCheck;
import static io.vaultlet.render.TemplateSpecs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.VerifyConfig;
import io.vaultlet.config.VerifyConfig.OnFailure;
import io.vaultlet.lease.Lease;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationEvent.Result;
import io.vaultlet.support.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify { … }}: a new render is proven before it replaces the destination (manual clock, real PostgreSQL). */
class VerifyBeforeSwitchTest {

  @TempDir Path dir;
  private RotationFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RotationFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private TemplateStatus status() {
    return f.runner.status().templates().get(0);
  }

  /** The postgres check's URL; the database name comes from a file, so a test can break the check later. */
  private String postgresUrl(Path dbName) {
    return "{{ with secret \"database/creds/app\" }}postgresql://{{ .Data.username }}:{{ .Data.password }}"
        + "@127.0.0.1:" + pgPort() + "/{{ file \"" + dbName + "\" }}{{ end }}";
  }

  @Test
  void theChecksRunOnTheVerifyExecutorNeverOnATemplateThread() throws Exception {
    f.h.database("1m", "5m");
    ManualScheduler verifyExecutor = new ManualScheduler(f.h.scheduler.now());
    f.verifyScheduler = Optional.of(verifyExecutor);
    Path out = dir.resolve("db.conf");
    Path ran = dir.resolve("ran");
    f.start(null, template(DB_TEMPLATE, out).perms(0600).rotation(Optional.of(commandCheck("echo checked >> " + ran,
        OnFailure.KEEP)), Duration.ZERO, false).spec());

    // The template threads rendered, staged and handed the check over; nothing of the check ran on them.
    assertThat(ran).doesNotExist();
    assertThat(out).doesNotExist();
    assertThat(status().state()).isEqualTo("verifying");
    assertThat(verifyExecutor.pending()).containsExactly(verifyExecutor.now());
    f.h.advance(Duration.ofSeconds(20)); // the template scheduler carries on (renewals) while the check waits
    assertThat(ran).doesNotExist();
    assertThat(status().state()).isEqualTo("verifying");

    verifyExecutor.runDue(); // the verify executor runs the check; its outcome waits for the next template run
    assertThat(ran).hasContent("checked\n");
    assertThat(out).doesNotExist();
    f.h.settle();
    assertThat(creds(out)).hasSize(2);
    assertThat(status().state()).isEqualTo("rendered");
    assertThat(f.events("verify")).singleElement().extracting(RotationEvent::result).isEqualTo(Result.SUCCEEDED);
  }

  @Test
  void aVerifierThatFailsTwiceKeepsTheOldFileUntouchedThenPublishes() throws Exception {
    f.h.database("1m", "5m");
    Path out = dir.resolve("db.conf");
    Path fails = dir.resolve("fails");
    Path reloads = dir.resolve("reloads");
    f.start(null, template(DB_TEMPLATE, out).perms(0600).command("echo reload >> " + reloads, Duration.ofSeconds(10))
        .rotation(Optional.of(commandCheck(failingCheck(fails), OnFailure.KEEP)), Duration.ZERO, false).spec());
    String first = Files.readString(out);
    String[] old = creds(first);
    FileTime written = Files.getLastModifiedTime(out);
    assertThat(f.events("verify")).singleElement().extracting(RotationEvent::result).isEqualTo(Result.SUCCEEDED);
    assertThat(f.events("publish")).singleElement().satisfies(e -> assertThat(e.verifiedBy()).isEqualTo("command"));

    Files.writeString(fails, "2");
    f.advanceUntilRotated(Duration.ofSeconds(1)); // a new credential: its first check fails at once

    for (int second = 0; second < 3; second++) {
      assertThat(out).hasContent(first);
      assertThat(Files.getLastModifiedTime(out)).isEqualTo(written);
      assertThat(logsIn(old)).as("the previous credential still works").isTrue();
      assertThat(status().state()).isEqualTo("verify_failed");
      assertThat(status().lastError()).contains("verification failed (" + (second == 0 ? 1 : 2) + "×)")
          .contains("not yet: user=[redacted]");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).as("no staged file is left behind")
            .containsExactlyInAnyOrder("db.conf", "fails", "reloads");
      }
      f.h.advance(Duration.ofSeconds(1)); // retries after 1s, then 2s
    }

    String[] fresh = creds(out);
    assertThat(fresh[0]).isNotEqualTo(old[0]);
    assertThat(logsIn(fresh)).isTrue();
    assertThat(status().state()).isEqualTo("rendered");
    assertThat(status().lastError()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(f.events("verify")).extracting(RotationEvent::result)
        .containsExactly(Result.SUCCEEDED, Result.FAILED, Result.FAILED, Result.SUCCEEDED);
    assertThat(f.events("publish")).hasSize(2);
    assertThat(Files.readAllLines(reloads)).as("one reload per published file").hasSize(2);
    assertThat(f.events("verify").get(1).message()).contains("[redacted]").doesNotContain(fresh[0]);
  }

  @Test
  void theVerifiersOwnMessageIsRedactedInTheStatusTheEventsAndTheLog() throws Exception {
    f.h.database("1h", "24h");
    Path out = dir.resolve("db.conf");
    Path fails = dir.resolve("fails");
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.of(commandCheck(
        "if [ -f " + fails + " ]; then cat \"$VAULTLET_STAGED_FILE\"; exit 3; fi", OnFailure.KEEP)), Duration.ZERO,
        false).spec());
    Files.writeString(fails, "");
    f.rotateByRefusedRenewal();

    String[] fresh = creds(newCredentials());
    assertThat(creds(out)[0]).isNotEqualTo(fresh[0]);
    String json = f.runner.status().toJson();
    assertThat(status().lastError()).contains("exit status 3").contains("password=[redacted]");
    assertThat(json).contains("password=[redacted]");
    for (String secret : fresh) {
      assertThat(json).doesNotContain(secret);
      assertThat(f.log()).doesNotContain(secret);
      assertThat(f.journal.recent()).allSatisfy(e -> assertThat(e.message()).doesNotContain(secret));
    }
  }

  /** The new credentials as the watcher holds them (the file still has the old ones). */
  private String newCredentials() {
    Object v = f.leases.recall(RotationFixture.CREDS_DEPENDENCY).orElseThrow();
    io.vaultlet.template.Secret s = (io.vaultlet.template.Secret) v;
    return "user=" + s.data().get("username") + "\npassword=" + s.data().get("password") + "\n";
  }

  @Test
  void thePostgresCheckLogsInWithTheCredentialOfTheSameFetch() throws Exception {
    f.h.database("1h", "24h");
    Path dbName = dir.resolve("dbname");
    Files.writeString(dbName, "postgres");
    Path out = dir.resolve("db.conf");
    f.h.resetStats();
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.of(postgresCheck(postgresUrl(dbName), OnFailure.KEEP)),
        Duration.ZERO, false).spec());

    assertThat(f.h.requests("GET database/creds/app")).as("one fetch for the file and its check").isEqualTo(1);
    assertThat(f.events("verify")).singleElement().satisfies(e -> {
      assertThat(e.result()).isEqualTo(Result.SUCCEEDED);
      assertThat(e.verifiedBy()).isEqualTo("postgres");
    });
    assertThat(logsIn(creds(out))).isTrue();
  }

  @Test
  void aVerifierThatNeverSucceedsKeepsTheOldCredentialValidToItsEndAndSaysSoLoudly() throws Exception {
    f.h.database("1m", "5m");
    Path dbName = dir.resolve("dbname");
    Files.writeString(dbName, "postgres");
    Path out = dir.resolve("db.conf");
    VerifyConfig check = postgresCheck(postgresUrl(dbName), OnFailure.KEEP);
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.of(check), Duration.ZERO, false).spec());
    String first = Files.readString(out);
    String[] old = creds(first);
    Files.writeString(dbName, "no_such_database"); // from now on every check fails

    f.advanceUntilRotated(Duration.ofSeconds(1));
    Lease previous = f.replaced;
    Instant end = previous.expiry().orElseThrow();
    Instant decision = end.minus(check.timeout()); // no reload command: the margin is the verify timeout
    assertThat(status().state()).isEqualTo("verify_failed");
    assertThat(status().lastError()).contains("database \"no_such_database\" does not exist");

    while (f.h.scheduler.now().isBefore(decision)) {
      assertThat(out).hasContent(first);
      assertThat(f.events("deadline")).isEmpty();
      f.h.advance(Duration.ofSeconds(1));
    }
    assertThat(f.h.scheduler.now()).isBefore(end);
    assertThat(out).hasContent(first);
    assertThat(logsIn(old)).as("the old credential is kept and still valid at its end minus the margin").isTrue();
    assertThat(f.leaseExists(previous.leaseId())).isTrue();
    assertThat(status().state()).isEqualTo("verify_failed");
    assertThat(status().lastError()).contains("the previous credential expires at " + end)
        .contains("on_failure = \"keep\"");
    assertThat(f.events("deadline")).isNotEmpty().allSatisfy(e -> assertThat(e.result()).isEqualTo(Result.FAILED));
    assertThat(f.log()).contains("[ERROR]").contains("keeping the previous file");

    f.h.advance(Duration.ofMinutes(10)); // the old credential is gone now; the unverified one is still not used
    assertThat(out).hasContent(first);
    assertThat(f.events("publish")).hasSize(1);
  }

  @Test
  void onFailurePublishPublishesTheUnverifiedRenderWhenThePreviousCredentialIsAboutToExpire() throws Exception {
    f.h.database("1m", "5m");
    Path dbName = dir.resolve("dbname");
    Files.writeString(dbName, "postgres");
    Path out = dir.resolve("db.conf");
    VerifyConfig check = postgresCheck(postgresUrl(dbName), OnFailure.PUBLISH);
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.of(check), Duration.ZERO, false).spec());
    String first = Files.readString(out);
    Files.writeString(dbName, "no_such_database");

    f.advanceUntilRotated(Duration.ofSeconds(1));
    Instant decision = f.replaced.expiry().orElseThrow().minus(check.timeout());
    while (f.h.scheduler.now().isBefore(decision.minusSeconds(1))) {
      assertThat(out).hasContent(first);
      f.h.advance(Duration.ofSeconds(1));
    }
    f.h.advance(Duration.ofSeconds(2));

    String[] fresh = creds(out);
    assertThat(Files.readString(out)).isNotEqualTo(first);
    assertThat(logsIn(fresh)).isTrue();
    List<RotationEvent> published = f.events("publish");
    assertThat(published).hasSize(2);
    assertThat(published.get(1).verifiedBy()).isEmpty();
    assertThat(published.get(1).message()).contains("published unverified");
  }

  @Test
  void theTlsCheckVerifiesAnIssuedCertificateAgainstItsCaAndHostNames() throws Exception {
    f.h.pki("1h");
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, f.h.http.get("pki/cert/ca").string("certificate"));
    String cert = "{{ with pkiCert \"pki/issue/svc\" \"common_name=api.svc.test\" \"ttl=1h\" }}{{ .Cert }}{{ .Key }}"
        + "{{ end }}";
    Path good = dir.resolve("good.pem");
    Path wrongName = dir.resolve("wrong.pem");
    f.start(null,
        template(cert, good).rotation(Optional.of(tlsCheck(ca, "api.svc.test")), Duration.ZERO, false).spec(),
        template(cert, wrongName).rotation(Optional.of(tlsCheck(ca, "db.svc.test")), Duration.ZERO, false).spec());

    assertThat(good).exists();
    assertThat(f.events("verify").get(0).verifiedBy()).isEqualTo("tls");
    assertThat(wrongName).doesNotExist();
    TemplateStatus wrong = f.runner.status().templates().get(1);
    assertThat(wrong.state()).isEqualTo("verify_failed");
    assertThat(wrong.lastError()).contains("tls: the certificate does not cover db.svc.test (it covers api.svc.test)");
  }

  private static VerifyConfig tlsCheck(Path ca, String host) {
    return new VerifyConfig(null, Optional.empty(), Optional.of(new VerifyConfig.TlsCheck(Optional.of(ca.toString()),
        List.of(host), Optional.empty())), List.of(), Duration.ofSeconds(5), OnFailure.KEEP);
  }

  @Test
  void withNoPreviousFileAFailingFirstRenderIsNotPublishedAndIsReportedAtOnce() throws Exception {
    f.h.database("1h", "24h");
    Path out = dir.resolve("db.conf");
    f.start(null, template(DB_TEMPLATE, out).rotation(Optional.of(commandCheck("echo nope; exit 1",
        OnFailure.KEEP)), Duration.ZERO, false).spec());

    assertThat(out).doesNotExist();
    assertThat(status().state()).isEqualTo("verify_failed");
    assertThat(status().lastError()).contains("there is no previous file to keep").contains("nope");
    assertThat(f.log()).contains("[ERROR]");
    f.h.advance(Duration.ofSeconds(7)); // 1s, 2s, 4s
    assertThat(f.events("verify")).hasSize(4).allSatisfy(e -> assertThat(e.result()).isEqualTo(Result.FAILED));
    assertThat(out).doesNotExist();
  }
}
