package io.vaultlet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.support.ManualScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** "Does this key pair work yet?" against the emulator's STS, with the retry timing on a manual clock. */
class StsCredentialCheckTest {

  private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final ManualScheduler clock = new ManualScheduler(start);
  private DevServer dev;
  private StsCredentialCheck check;

  @BeforeEach
  void startEmulator() throws Exception {
    dev = DevServer.start(DevOptions.builder().clockStart(start).clockSpeed(0)
        .awsPropagationDelay(Duration.ofSeconds(6)).noPostgres(true).build());
    check = StsCredentialCheck.create("us-east-1", Optional.of(URI.create(dev.stsEndpoint())), clock);
  }

  @AfterEach
  void stop() {
    check.close();
    dev.close();
  }

  /** A key created through IAM's rules (subject to the propagation delay) for a fresh user. */
  private IamStandIn.AccessKey newKey() {
    IamStandIn.AccessKey seed = dev.iam().seedUser("app", "/", false, true, Duration.ZERO).orElseThrow();
    return dev.iam().createAccessKey(new IamStandIn.Caller(seed.accessKeyId(), "", "", dev.iam().user("app")), "");
  }

  /** Advances both clocks together, one second at a time. */
  private void advance(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      dev.advanceClock(Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void retriesWithDoublingPausesUntilTheKeyPropagates() {
    IamStandIn.AccessKey k = newKey();
    CompletableFuture<StsCredentialCheck.Outcome> f =
        check.awaitWorking(AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()), Duration.ofMinutes(2));
    clock.runDue();
    assertThat(f).isNotDone();
    assertThat(clock.pending()).containsExactly(start.plusSeconds(1));
    advance(Duration.ofSeconds(1));
    assertThat(clock.pending()).as("then 2s").containsExactly(start.plusSeconds(3));
    advance(Duration.ofSeconds(2));
    assertThat(clock.pending()).as("then 4s").containsExactly(start.plusSeconds(7));
    advance(Duration.ofSeconds(4));

    assertThat(f).isCompleted();
    StsCredentialCheck.Outcome o = f.join();
    assertThat(o.works()).isTrue();
    assertThat(o.attempts()).isEqualTo(4);
    assertThat(o.waited()).isEqualTo(Duration.ofSeconds(7));
    assertThat(o.identity().orElseThrow().arn()).isEqualTo("arn:aws:iam::123456789012:user/app");
  }

  @Test
  void givesUpAtTheTimeoutWithTheLastRefusal() {
    IamStandIn.AccessKey k = newKey();
    CompletableFuture<StsCredentialCheck.Outcome> f =
        check.awaitWorking(AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5)); // the emulator's clock stays: the key never propagates
    StsCredentialCheck.Outcome o = f.join();
    assertThat(o.works()).isFalse();
    assertThat(o.attempts()).as("0, 1, 3 and the deadline").isEqualTo(4);
    assertThat(o.waited()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.lastError()).startsWith("InvalidClientTokenId: ");
  }

  @Test
  void oneAttemptSaysWhyAndWhetherWaitingCanHelp() {
    IamStandIn.AccessKey seed = dev.iam().seedUser("bob", "/", false, true, Duration.ZERO).orElseThrow();
    StsCredentialCheck.Attempt ok = check.check(AwsBasicCredentials.create(seed.accessKeyId(),
        seed.secretAccessKey()));
    assertThat(ok.works()).isTrue();
    String secret = seed.secretAccessKey();
    // another first character (a secret that starts with "Z" stayed the same and made this test fail now and then)
    StsCredentialCheck.Attempt wrong = check.check(AwsBasicCredentials.create(seed.accessKeyId(),
        (secret.charAt(0) == 'Z' ? "Y" : "Z") + secret.substring(1)));
    assertThat(wrong.works()).isFalse();
    assertThat(wrong.errorCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(wrong.retryable()).isTrue();
    assertThat(List.of(wrong.message(), wrong.toString())).noneMatch(s -> s.contains(seed.secretAccessKey()));
  }

  @Test
  void cancellingStopsTheAttempts() {
    IamStandIn.AccessKey k = newKey();
    CompletableFuture<StsCredentialCheck.Outcome> f =
        check.awaitWorking(AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()), Duration.ofMinutes(2));
    clock.runDue();
    f.cancel(false);
    clock.advance(Duration.ofSeconds(1));
    assertThat(clock.pending()).isEmpty();
  }
}
