package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SIGHUP for the rotators: unchanged blocks keep running, changed ones restart, removed stop, added start. */
class AccessKeyRotatorsTest {

  private static AwsAccessKeyConfig block(String name, String path, Duration deleteAfter, int line) {
    AwsAccessKeyConfig c = AwsKeyHarness.config("app");
    return new AwsAccessKeyConfig(new Position("agent.hcl", line, 1), name, path, c.accessKeyField(),
        c.secretKeyField(), c.username(), c.credentials(), c.region(), c.iamEndpoint(), c.stsEndpoint(),
        c.rotateEvery(), c.propagationTimeout(), c.deactivateAfter(), deleteAfter);
  }

  @Test
  void reconfigureAppliesBlocksByName() throws Exception {
    try (AwsKeyHarness h = new AwsKeyHarness()) {
      h.seedUserAndSecret("app", Duration.ofDays(1));
      List<AccessKeyRotator> made = new ArrayList<>();
      AccessKeyRotators rotators = new AccessKeyRotators(
          List.of(block("keep", AwsKeyHarness.PATH, Duration.ofHours(24), 1),
              block("change", "secret/aws/b", Duration.ofHours(24), 5),
              block("drop", "secret/aws/c", Duration.ofHours(24), 9)),
          c -> {
            AccessKeyRotator r = h.rotator(c);
            made.add(r);
            return r;
          });
      rotators.start();
      h.drive(Duration.ofSeconds(1));
      assertThat(rotators.status()).extracting(AccessKeyStatus::name).containsExactly("keep", "change", "drop");
      assertThat(rotators.status().get(0).state()).isEqualTo("waiting");

      rotators.reconfigure(List.of(
          block("keep", AwsKeyHarness.PATH, Duration.ofHours(24), 30), // moved in the file: unchanged
          block("change", "secret/aws/b", Duration.ofHours(1), 5),
          block("new", "secret/aws/d", Duration.ofHours(24), 12)));
      h.drive(Duration.ofSeconds(1));

      assertThat(made).hasSize(5);
      assertThat(made.get(0).status().state()).as("kept running").isEqualTo("waiting");
      assertThat(made.get(1).status().state()).as("the changed block's old rotator").isEqualTo("stopped");
      assertThat(made.get(2).status().state()).as("removed").isEqualTo("stopped");
      assertThat(rotators.status()).extracting(AccessKeyStatus::name).containsExactly("keep", "change", "new");
      assertThat(made.get(3).config().deleteAfter()).isEqualTo(Duration.ofHours(1));
      assertThat(made.get(4).status().state()).as("added and started").isNotEqualTo("starting");
      assertThat(rotators.rotateNow("keep")).isTrue();
      assertThat(rotators.rotateNow("drop")).isFalse();
      rotators.close();
      assertThat(made.get(0).status().state()).isEqualTo("stopped");
    }
  }
}
