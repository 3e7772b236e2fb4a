package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.events.RotationEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rotator stopped dead between two steps (as a killed process would be: nothing cleaned up, its memory gone) and a new
 * one started on the same secret: rotation completes, the key in KV works at every moment, and no key that was ever
 * published is deleted except the old one after its grace.
 */
class AccessKeyCrashTest {

  private AwsKeyHarness h;
  private final Set<String> published = new HashSet<>();

  @BeforeEach
  void start() throws Exception {
    h = new AwsKeyHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @ParameterizedTest
  @EnumSource(AccessKeyRotator.CrashPoint.class)
  void aCrashBetweenTwoStepsConvergesOnRestart(AccessKeyRotator.CrashPoint point) {
    IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
    AtomicBoolean crashed = new AtomicBoolean();
    AccessKeyRotator.Hook crash = AwsKeyHarness.crashAt(point);
    AccessKeyRotator first = h.rotator(AwsKeyHarness.config("app"), p -> {
      try {
        crash.reached(p);
      } catch (AwsKeyHarness.SimulatedCrash e) {
        crashed.set(true);
        throw e;
      }
    });
    first.start();
    for (int i = 0; i < 3 * 24 * 60 && !crashed.get(); i++) {
      h.drive(Duration.ofMinutes(1));
      checkInvariants();
    }
    assertThat(crashed).as("the rotation reached " + point).isTrue();
    first.close();

    AccessKeyRotator second = h.rotator(AwsKeyHarness.config("app"));
    second.start();
    try {
      for (int i = 0; i < 60; i++) {
        h.drive(Duration.ofMinutes(1));
        checkInvariants();
      }
      for (int i = 0; i < 72; i++) {
        h.drive(Duration.ofHours(1));
        checkInvariants();
      }
      String current = h.kvKeyId();
      assertThat(current).isNotEqualTo(old.accessKeyId());
      assertThat(h.keys("app")).as("only the new key is left").extracting(IamStandIn.KeyMetadata::accessKeyId,
          IamStandIn.KeyMetadata::status).containsExactly(org.assertj.core.groups.Tuple.tuple(current, "Active"));
      assertThat(h.works(current, h.kvSecret())).isTrue();
      assertThat(h.customMetadata()).containsEntry("vaultlet_rotation_phase", "idle");
      assertThat(h.events("check")).as("never blocked").isEmpty();
      assertThat(h.events("delete")).as("only the old key is deleted (or found deleted after the crash)")
          .extracting(RotationEvent::oldId).containsOnly(old.accessKeyId()).isNotEmpty();
      assertThat(h.events("abandon")).extracting(RotationEvent::newId).doesNotContainAnyElementsOf(published);
      assertThat(second.status().state()).isEqualTo("waiting");
    } finally {
      second.close();
    }
  }

  /** The key in KV is an active key of the user at every moment; remember every key ever published. */
  private void checkInvariants() {
    String kv = h.kvKeyId();
    published.add(kv);
    assertThat(h.key("app", kv)).as("the key in KV (%s) exists", kv)
        .hasValueSatisfying(k -> assertThat(k.status()).isEqualTo("Active"));
    assertThat(h.keys("app")).hasSizeLessThanOrEqualTo(2);
  }
}
