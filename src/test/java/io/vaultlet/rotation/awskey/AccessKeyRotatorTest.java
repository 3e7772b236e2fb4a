package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rotator against the emulator's IAM, STS and KV over real HTTP, time moved by the test. */
class AccessKeyRotatorTest {

  private AwsKeyHarness h;
  private AccessKeyRotator rotator;

  @BeforeEach
  void start() throws Exception {
    h = new AwsKeyHarness();
  }

  @AfterEach
  void stop() {
    if (rotator != null) {
      rotator.close();
    }
    h.close();
    Log.setOutput(System.err);
  }

  @Test
  void rotatesEndToEndThroughThePropagationDelay() {
    IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
    rotator = h.rotator(AwsKeyHarness.config(null)); // user learned from STS with the stored pair
    rotator.start();

    h.drive(Duration.ofSeconds(1));
    assertThat(h.steps()).startsWith("create:succeeded", "propagate:pending");
    assertThat(h.kvKeyId()).as("not published while AWS refuses the key").isEqualTo(old.accessKeyId());
    assertThat(h.customMetadata()).containsEntry("vaultlet_rotation_phase", "created");

    h.drive(Duration.ofSeconds(30));
    String fresh = h.kvKeyId();
    assertThat(fresh).isNotEqualTo(old.accessKeyId());
    assertThat(h.secretData()).containsEntry("region", "eu-west-1").as("other fields kept");
    assertThat(h.works(fresh, h.kvSecret())).isTrue();
    RotationEvent propagated = h.events("propagate").get(1);
    assertThat(propagated.result()).isEqualTo(RotationEvent.Result.SUCCEEDED);
    assertThat(propagated.verifiedBy()).isEqualTo("sts");
    assertThat(propagated.message()).matches("accepted by STS after [2-9] attempts");
    assertThat(propagated.duration()).isGreaterThanOrEqualTo(AwsKeyHarness.PROPAGATION.minusSeconds(1));
    assertThat(h.events("publish")).singleElement().satisfies(e -> {
      assertThat(e.oldId()).isEqualTo(old.accessKeyId());
      assertThat(e.newId()).isEqualTo(fresh);
    });
    assertThat(h.key("app", old.accessKeyId()).orElseThrow().status()).as("active until deactivate_after")
        .isEqualTo("Active");
    assertThat(rotator.status().user()).isEqualTo("app");

    h.drive(Duration.ofMinutes(10));
    assertThat(h.key("app", old.accessKeyId()).orElseThrow().status()).isEqualTo("Inactive");
    assertThat(h.customMetadata()).containsEntry("vaultlet_rotation_phase", "deactivated")
        .containsEntry("vaultlet_rotation_old_key", old.accessKeyId())
        .containsEntry("vaultlet_rotation_new_key", fresh);

    h.drive(Duration.ofHours(24));
    assertThat(h.keys("app")).extracting(IamStandIn.KeyMetadata::accessKeyId).containsExactly(fresh);
    assertThat(h.customMetadata()).containsEntry("vaultlet_rotation_phase", "idle");
    assertThat(h.steps()).containsSubsequence("create:succeeded", "propagate:pending", "propagate:succeeded",
        "publish:succeeded", "deactivate:succeeded", "delete:succeeded");
    assertThat(h.events("delete").get(0).oldId()).isEqualTo(old.accessKeyId());
    assertThat(h.events("delete").get(0).newId()).isEqualTo(fresh);
    assertThat(rotator.status().state()).isEqualTo("waiting");
    assertThat(rotator.status().nextActionAt()).hasValueSatisfying(at ->
        assertThat(at).isAfter(h.clock.now().plus(Duration.ofDays(25))));
  }

  @Test
  void theOldKeyIsDeletedExactlyDeleteAfterItsDeactivation() {
    IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofSeconds(30));
    h.drive(Duration.ofMinutes(10));
    RotationEvent deactivated = h.events("deactivate").get(0);

    h.drive(Duration.between(h.clock.now(), deactivated.at().plus(Duration.ofHours(24)).minusSeconds(1)));
    assertThat(h.key("app", old.accessKeyId())).hasValueSatisfying(k -> assertThat(k.status()).isEqualTo("Inactive"));
    h.drive(Duration.ofSeconds(2));
    assertThat(h.key("app", old.accessKeyId())).isEmpty();
    assertThat(h.events("delete").get(0).at()).isEqualTo(deactivated.at().plus(Duration.ofHours(24)));
  }

  @Test
  void aFreshKeyWaitsForItsAgeAndAnOverdueOneRotatesAtStartUp() {
    IamStandIn.AccessKey young = h.seedUserAndSecret("app", Duration.ofDays(10));
    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofSeconds(1));
    assertThat(h.events("create")).isEmpty();
    assertThat(rotator.status().nextActionAt()).contains(young.createDate().plus(Duration.ofHours(720)));

    h.drive(Duration.ofDays(19));
    assertThat(h.events("create")).as("still younger than 720h").isEmpty();
    h.drive(Duration.ofDays(1).plusMinutes(1));
    assertThat(h.events("create")).hasSize(1);
  }

  @Test
  void rotateNowRotatesAYoungKey() {
    IamStandIn.AccessKey young = h.seedUserAndSecret("app", Duration.ofDays(1));
    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofSeconds(1));
    assertThat(h.events("create")).isEmpty();

    rotator.rotateNow();
    h.drive(Duration.ofSeconds(30));
    assertThat(h.kvKeyId()).isNotEqualTo(young.accessKeyId());
    assertThat(h.events("create").get(0).message()).contains("asked for");
  }

  @Test
  void anInactiveKeyPastItsGraceIsDeletedFirst() {
    IamStandIn.AccessKey current = h.seedUserAndSecret("app", Duration.ofHours(800));
    IamStandIn.AccessKey stale = h.secondKey("app", Duration.ofDays(3));
    h.dev.iam().updateAccessKey(caller(current), "app", stale.accessKeyId(), "Inactive");

    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofSeconds(30));

    assertThat(h.key("app", stale.accessKeyId())).isEmpty();
    assertThat(h.events("delete").get(0).oldId()).isEqualTo(stale.accessKeyId());
    assertThat(h.events("delete").get(0).message()).contains("past its grace");
    assertThat(h.kvKeyId()).isNotIn(current.accessKeyId(), stale.accessKeyId());
    assertThat(h.steps()).containsSubsequence("delete:succeeded", "create:succeeded", "publish:succeeded");
  }

  @Test
  void anInactiveKeyStillInItsGraceIsWaitedFor() {
    IamStandIn.AccessKey current = h.seedUserAndSecret("app", Duration.ofHours(800));
    IamStandIn.AccessKey recent = h.secondKey("app", Duration.ofHours(2));
    h.dev.iam().updateAccessKey(caller(current), "app", recent.accessKeyId(), "Inactive");

    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofHours(21));
    assertThat(h.key("app", recent.accessKeyId())).isPresent();
    assertThat(h.events("create")).isEmpty();
    assertThat(rotator.status().nextAction()).contains("IAM allows two keys per user");

    h.drive(Duration.ofHours(1).plusMinutes(5));
    assertThat(h.key("app", recent.accessKeyId())).isEmpty();
    assertThat(h.events("create")).hasSize(1);
  }

  @Test
  void anActiveUnknownSecondKeyStopsRotationAndIsNeverDeleted() {
    IamStandIn.AccessKey current = h.seedUserAndSecret("app", Duration.ofHours(800));
    IamStandIn.AccessKey stranger = h.secondKey("app", Duration.ofDays(2));

    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofDays(3));

    assertThat(h.keys("app")).extracting(IamStandIn.KeyMetadata::accessKeyId, IamStandIn.KeyMetadata::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(current.accessKeyId(), "Active"),
            org.assertj.core.groups.Tuple.tuple(stranger.accessKeyId(), "Active"));
    assertThat(h.kvKeyId()).isEqualTo(current.accessKeyId());
    assertThat(h.events("create")).isEmpty();
    assertThat(h.events("check")).as("reported once, not every hour").singleElement().satisfies(e -> {
      assertThat(e.result()).isEqualTo(RotationEvent.Result.FAILED);
      assertThat(e.message()).contains("second active access key " + stranger.accessKeyId(), "never deletes");
    });
    assertThat(rotator.status().state()).isEqualTo("blocked");

    // a person deactivates it; once its grace is over rotation goes on
    h.dev.iam().updateAccessKey(caller(current), "app", stranger.accessKeyId(), "Inactive");
    rotator.rotateNow();
    h.drive(Duration.ofSeconds(30));
    assertThat(h.key("app", stranger.accessKeyId())).as("inactive, unused for 3 days: past its grace").isEmpty();
    assertThat(h.kvKeyId()).isNotIn(current.accessKeyId(), stranger.accessKeyId());
  }

  @Test
  void aKeyThatNeverWorksIsDeletedAndTheRotationRetriedLater() {
    IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
    h.dev.iam().setPropagationDelay(Duration.ofHours(1));
    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofMinutes(2).plusSeconds(5));

    assertThat(h.events("propagate")).last().satisfies(e -> {
      assertThat(e.result()).isEqualTo(RotationEvent.Result.FAILED);
      assertThat(e.message()).contains("InvalidClientTokenId", "deleted it", "retrying in 30s");
      assertThat(e.verifiedBy()).isEqualTo("sts");
    });
    assertThat(h.keys("app")).extracting(IamStandIn.KeyMetadata::accessKeyId).containsExactly(old.accessKeyId());
    assertThat(h.kvKeyId()).isEqualTo(old.accessKeyId());
    assertThat(rotator.status().state()).isEqualTo("failing");

    h.dev.iam().setPropagationDelay(AwsKeyHarness.PROPAGATION);
    h.drive(Duration.ofMinutes(1));
    assertThat(h.kvKeyId()).isNotEqualTo(old.accessKeyId());
  }

  @Test
  void secretsNeverReachTheLogNorTheEvents() {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Log.setOutput(new PrintStream(logged, true, StandardCharsets.UTF_8));
    Log.setLevel(Log.Level.TRACE);
    try {
      IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
      rotator = h.rotator(AwsKeyHarness.config(null));
      rotator.start();
      h.drive(Duration.ofSeconds(30));
      h.drive(Duration.ofDays(2));
      String fresh = h.kvSecret();
      String log = logged.toString(StandardCharsets.UTF_8);
      assertThat(log).contains("rotation: aws_access_key create succeeded: kind=aws_access_key", old.accessKeyId())
          .doesNotContain(old.secretAccessKey()).doesNotContain(fresh);
      assertThat(h.journal.recent()).allSatisfy(e -> assertThat(e.toString())
          .doesNotContain(old.secretAccessKey()).doesNotContain(fresh));
      assertThat(rotator.status().toString()).doesNotContain(fresh);
    } finally {
      Log.setLevel(Log.Level.INFO);
    }
  }

  @Test
  void theRotatingPrincipalMayComeFromTheSdkDefaultChain() {
    IamStandIn.AccessKey old = h.seedUserAndSecret("app", Duration.ofHours(800));
    IamStandIn.AccessKey admin = h.dev.iam().seedUser("rotator", "/", true, true, Duration.ZERO).orElseThrow();
    System.setProperty("aws.accessKeyId", admin.accessKeyId());
    System.setProperty("aws.secretAccessKey", admin.secretAccessKey());
    try {
      AwsAccessKeyConfig c = AwsKeyHarness.config("app");
      rotator = h.rotator(new AwsAccessKeyConfig(null, c.name(), c.path(), c.accessKeyField(), c.secretKeyField(),
          c.username(), AwsAccessKeyConfig.Credentials.DEFAULT_CHAIN, c.region(), c.iamEndpoint(), c.stsEndpoint(),
          c.rotateEvery(), c.propagationTimeout(), Duration.ZERO, c.deleteAfter()));
      rotator.start();
      h.drive(Duration.ofSeconds(30));
      assertThat(h.kvKeyId()).isNotEqualTo(old.accessKeyId());
      assertThat(h.key("app", old.accessKeyId()).orElseThrow().status()).isEqualTo("Inactive");
      assertThat(h.dev.iam().lastUsed(admin.accessKeyId())).as("IAM was called as the admin").isPresent();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void aMissingSecretIsAClearFailure() {
    h.dev.iam().seedUser("app", "/", false, true, Duration.ZERO);
    rotator = h.rotator(AwsKeyHarness.config("app"));
    rotator.start();
    h.drive(Duration.ofSeconds(1));
    assertThat(rotator.status().state()).isEqualTo("failing");
    assertThat(rotator.status().lastError()).contains("secret/aws/app does not exist", "access_key", "secret_key");
  }

  private IamStandIn.Caller caller(IamStandIn.AccessKey k) {
    return new IamStandIn.Caller(k.accessKeyId(), "", "", h.dev.iam().user(k.userName()));
  }
}
