package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.VerifyConfig;
import io.vaultlet.config.VerifyConfig.AwsCheck;
import io.vaultlet.config.VerifyConfig.OnFailure;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify { aws { … } }} against the emulator's STS stand-in, which verifies SigV4 and refuses a new key for its
 * propagation delay as AWS does: the check waits for a propagating key within the verify timeout, and fails for a
 * key that does not work, naming the access key id but never the secret.
 */
class AwsVerifierTest {

  private DevServer dev;

  @BeforeEach
  void start() throws Exception {
    dev = DevServer.start(DevOptions.builder().awsPropagationDelay(Duration.ofSeconds(2)).noPostgres(true).build());
  }

  @AfterEach
  void stop() {
    dev.close();
  }

  private Verifier.Result verify(IamStandIn.AccessKey key, String secret, Duration timeout) {
    VerifyConfig config = new VerifyConfig(null, Optional.empty(), Optional.empty(),
        Optional.of(new AwsCheck("{{ .id }}", "{{ .secret }}", Optional.empty(), "us-east-1",
            Optional.of(dev.stsEndpoint()))), List.of(), timeout, OnFailure.KEEP);
    List<Verifier> checks = Verifiers.of(config, Map.of());
    assertThat(checks).extracting(Verifier::name).containsExactly("aws");
    assertThat(Verifiers.templates(config)).containsOnlyKeys("aws.access_key_id", "aws.secret_access_key");
    Verifier.Candidate c = new Verifier.Candidate(Path.of("/tmp/staged"), Path.of("/tmp/aws.env"), Map.of(),
        Map.of("aws.access_key_id", key.accessKeyId(), "aws.secret_access_key", secret), timeout, Instant.now());
    return ((Verifier.Blocking) checks.get(0)).verify(c);
  }

  @Test
  void aKeyStillPropagatingIsWaitedForWithinTheTimeout() {
    IamStandIn.AccessKey fresh = dev.iam().createUserWithKey("app-fresh");
    long start = System.nanoTime();
    Verifier.Result r = verify(fresh, fresh.secretAccessKey(), Duration.ofSeconds(20));
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it was refused while propagating")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aKeyThatDoesNotWorkFailsNamingTheKeyNeverTheSecret() {
    IamStandIn.AccessKey key = dev.iam().seedUser("app", "/", false, true, Duration.ofDays(1)).orElseThrow();
    String wrong = "wrongSecretAccessKey0123456789abcdefABCD";
    Verifier.Result r = verify(key, wrong, Duration.ofSeconds(2));
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains(key.accessKeyId(), "SignatureDoesNotMatch").doesNotContain(wrong);

    assertThat(verify(key, key.secretAccessKey(), Duration.ofSeconds(2)).ok()).as("the right pair works at once")
        .isTrue();
  }
}
