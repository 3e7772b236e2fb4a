package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.VerifyConfig;
import io.vaultlet.config.VerifyConfig.AwsCheck;
import io.vaultlet.config.VerifyConfig.OnFailure;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.support.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify { aws { … } }} against the emulator's STS stand-in, which verifies SigV4 and refuses a new key for its
 * propagation delay as AWS does. The verify executor is a manual scheduler and the emulator's clock is frozen: the
 * attempts are paced by {@code StsCredentialCheck}'s pauses on that executor, and the test moves both clocks.
 */
class AwsVerifierTest {

  private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final ManualScheduler verifyExecutor = new ManualScheduler(start);
  private DevServer dev;
  private Verifier check;

  @BeforeEach
  void startEmulator() throws Exception {
    dev = DevServer.start(DevOptions.builder().clockStart(start).clockSpeed(0)
        .awsPropagationDelay(Duration.ofSeconds(2)).noPostgres(true).build());
  }

  @AfterEach
  void stop() {
    if (check != null) {
      check.close();
    }
    dev.close();
  }

  private CompletableFuture<Verifier.Result> verify(IamStandIn.AccessKey key, String secret, Duration timeout) {
    VerifyConfig config = new VerifyConfig(null, Optional.empty(), Optional.empty(),
        Optional.of(new AwsCheck("{{ .id }}", "{{ .secret }}", Optional.empty(), "us-east-1",
            Optional.of(dev.stsEndpoint()))), List.of(), timeout, OnFailure.KEEP);
    if (check == null) {
      List<Verifier> checks = Verifiers.of(config, Map.of());
      assertThat(checks).extracting(Verifier::name).containsExactly("aws");
      assertThat(Verifiers.templates(config)).containsOnlyKeys("aws.access_key_id", "aws.secret_access_key");
      check = checks.get(0);
    }
    Verifier.Candidate c = new Verifier.Candidate(Path.of("/tmp/staged"), Path.of("/tmp/aws.env"), Map.of(),
        Map.of("aws.access_key_id", key.accessKeyId(), "aws.secret_access_key", secret), timeout,
        verifyExecutor.now());
    return check.start(c, verifyExecutor);
  }

  @Test
  void aKeyStillPropagatingIsRetriedOnTheVerifyExecutorUntilItWorks() {
    IamStandIn.AccessKey fresh = dev.iam().createUserWithKey("app-fresh");
    CompletableFuture<Verifier.Result> result = verify(fresh, fresh.secretAccessKey(), Duration.ofSeconds(20));
    verifyExecutor.runDue(); // the first attempt: refused, the key is propagating
    assertThat(result).as("refused while propagating; no thread waits").isNotDone();
    assertThat(verifyExecutor.pending()).as("the next attempt 1s later").containsExactly(start.plusSeconds(1));
    verifyExecutor.advance(Duration.ofSeconds(1));
    assertThat(result).isNotDone();
    assertThat(verifyExecutor.pending()).as("then 2s later").containsExactly(start.plusSeconds(3));

    dev.advanceClock(Duration.ofSeconds(3)); // AWS has propagated the key
    verifyExecutor.advance(Duration.ofSeconds(2));
    assertThat(result).isCompleted();
    assertThat(result.join().ok()).as(result.join().message()).isTrue();
  }

  @Test
  void aKeyThatDoesNotWorkFailsAtTheTimeoutNamingTheKeyNeverTheSecret() {
    IamStandIn.AccessKey key = dev.iam().seedUser("app", "/", false, true, Duration.ofDays(1)).orElseThrow();
    String wrong = "wrongSecretAccessKey0123456789abcdefABCD";
    CompletableFuture<Verifier.Result> result = verify(key, wrong, Duration.ofSeconds(2));
    verifyExecutor.advance(Duration.ofSeconds(2)); // attempts at 0s, 1s and the deadline
    assertThat(result).isCompleted();
    Verifier.Result r = result.join();
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).startsWith("STS GetCallerIdentity refused access key " + key.accessKeyId()
        + " after 3 attempts: SignatureDoesNotMatch").doesNotContain(wrong);

    CompletableFuture<Verifier.Result> right = verify(key, key.secretAccessKey(), Duration.ofSeconds(2));
    verifyExecutor.runDue();
    assertThat(right).as("the right pair works at once, with the same STS client").isCompleted();
    assertThat(right.join().ok()).isTrue();
  }
}
