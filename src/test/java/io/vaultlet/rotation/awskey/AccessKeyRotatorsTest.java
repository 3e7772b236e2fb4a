package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

  @Test
  void rotateNowAndStatusNeverWaitForAStepUnderWay() throws Exception {
    try (AwsKeyHarness h = new AwsKeyHarness()) {
      h.seedUserAndSecret("app", Duration.ofDays(31)); // overdue: a rotation starts at once
      CountDownLatch inStep = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean holdOnce = new AtomicBoolean(true);
      AccessKeyRotators rotators = new AccessKeyRotators(List.of(block("app", AwsKeyHarness.PATH,
          Duration.ofHours(24), 1)), c -> h.rotator(c, point -> {
            if (point == AccessKeyRotator.CrashPoint.AFTER_CREATE && holdOnce.getAndSet(false)) {
              inStep.countDown(); // the step holds the rotator's lock here, as a slow IAM call would
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }));
      rotators.start();
      Thread driver = new Thread(() -> h.drive(Duration.ofSeconds(1)), "driver");
      driver.start();
      try {
        assertThat(inStep.await(60, TimeUnit.SECONDS)).as("the rotation reached its create step").isTrue();
        // Both return while the step still holds the lock; the timeout only turns a hang into a failure.
        CompletableFuture<Boolean> asked = CompletableFuture.supplyAsync(() -> rotators.rotateNow("app"));
        assertThat(asked.get(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<AccessKeyStatus>> status = CompletableFuture.supplyAsync(rotators::status);
        assertThat(status.get(60, TimeUnit.SECONDS)).extracting(AccessKeyStatus::state).containsExactly("rotating");
      } finally {
        release.countDown();
        driver.join();
      }

      // The request was taken after the step: a second rotation once the first one's old key is deleted.
      h.drive(Duration.ofHours(25));
      assertThat(h.events("create")).hasSize(2);
      assertThat(h.events("create").get(1).message()).contains("asked for");
      rotators.close();
    }
  }
}
