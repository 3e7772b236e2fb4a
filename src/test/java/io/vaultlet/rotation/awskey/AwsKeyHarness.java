package io.vaultlet.rotation.awskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.aws.StsCredentialCheck;
import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.ManualScheduler;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.VaultClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The emulator (frozen clock, IAM stand-in with a 5 s propagation delay), a {@link ManualScheduler} starting at the same
 * instant, and rotators built like {@link AccessKeyRotator#create} but on the manual scheduler, with a crash hook.
 * The emulator's clock moves only in small steps ({@link #drive}), so the AWS SDK's real-time signatures stay within
 * SigV4's 15 minutes, while the rotator's clock may jump days.
 */
final class AwsKeyHarness implements AutoCloseable {

  static final Duration PROPAGATION = Duration.ofSeconds(5);
  static final String PATH = "secret/aws/app";

  final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final DevServer dev;
  final ManualScheduler clock = new ManualScheduler(start);
  final RotationJournal journal = new RotationJournal(1000);
  final VaultHttp http;
  final VaultClient vault;

  /** Thrown by a crash hook: an Error, so that no rotator code handles it as a failure. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(AccessKeyRotator.CrashPoint at) {
      super("simulated crash at " + at, null, false, false);
    }
  }

  AwsKeyHarness() throws Exception {
    dev = DevServer.start(DevOptions.builder().clockStart(start).clockSpeed(0).awsPropagationDelay(PROPAGATION)
        .noPostgres(true).build());
    http = new VaultHttp(dev.address(), dev.rootToken());
    vault = VaultClient.create(VaultClient.Settings.builder(dev.address()).build()).withToken(dev.rootToken());
  }

  /** A user with a key {@code age} old, written to {@link #PATH} with an extra field that must survive. */
  IamStandIn.AccessKey seedUserAndSecret(String user, Duration age) {
    IamStandIn.AccessKey k = dev.iam().seedUser(user, "/", false, true, age).orElseThrow();
    VaultHttp.Response r = http.post("secret/data/aws/app", Map.of("data", Map.of("access_key", k.accessKeyId(),
        "secret_key", k.secretAccessKey(), "region", "eu-west-1")));
    assertThat(r.status()).isEqualTo(200);
    return k;
  }

  /** Another key for an existing user, {@code age} old, usable at once. */
  IamStandIn.AccessKey secondKey(String user, Duration age) {
    return dev.iam().seedUser(user, "/", false, true, age).orElseThrow();
  }

  static AwsAccessKeyConfig config(String user) {
    return new AwsAccessKeyConfig(null, "app", PATH, "access_key", "secret_key", Optional.ofNullable(user),
        AwsAccessKeyConfig.Credentials.KV, "us-east-1", Optional.empty(), Optional.empty(), Duration.ofHours(720),
        Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(24));
  }

  AccessKeyRotator rotator(AwsAccessKeyConfig config, AccessKeyRotator.Hook hook) {
    AtomicReference<AwsCredentials> stored = new AtomicReference<>();
    AwsCredentialsProvider provider = config.credentials() == AwsAccessKeyConfig.Credentials.KV
        ? stored::get : DefaultCredentialsProvider.builder().build();
    URI endpoint = URI.create(dev.iamEndpoint());
    IamKeys iam = new IamKeys(AwsClients.iam(provider, config.region(), Optional.of(endpoint)));
    StsCredentialCheck sts = new StsCredentialCheck(AwsClients.sts(AnonymousCredentialsProvider.create(),
        config.region(), Optional.of(URI.create(dev.stsEndpoint()))), clock);
    return new AccessKeyRotator(config, () -> vault, clock, journal, iam, sts, stored, hook);
  }

  AccessKeyRotator rotator(AwsAccessKeyConfig config) {
    return rotator(config, p -> { });
  }

  /** A hook that stops the rotator dead at {@code point}, once. */
  static AccessKeyRotator.Hook crashAt(AccessKeyRotator.CrashPoint point) {
    boolean[] done = {false};
    return p -> {
      if (p == point && !done[0]) {
        done[0] = true;
        throw new SimulatedCrash(p);
      }
    };
  }

  /**
   * Moves time forward by {@code total}: in 1 s steps for both clocks while the rotator's next task is near (the key
   * propagates on the emulator's clock), in one jump of the rotator's clock to its next task otherwise.
   */
  void drive(Duration total) {
    Instant until = clock.now().plus(total);
    while (clock.now().isBefore(until)) {
      List<Instant> pending = clock.pending();
      Instant next = pending.isEmpty() ? until : pending.get(0);
      if (next.isAfter(until)) {
        next = until;
      }
      Duration gap = Duration.between(clock.now(), next);
      if (gap.compareTo(Duration.ofSeconds(5)) <= 0) {
        Duration step = gap.isZero() ? Duration.ZERO : Duration.ofSeconds(1).compareTo(gap) < 0
            ? Duration.ofSeconds(1) : gap;
        if (!step.isZero()) {
          dev.advanceClock(step);
        }
        clock.advance(step);
      } else {
        clock.advance(gap);
      }
    }
  }

  Map<String, Object> kvData() {
    return kv().data();
  }

  @SuppressWarnings("unchecked")
  VaultHttp.Response kv() {
    return http.get("secret/data/aws/app");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> secretData() {
    return (Map<String, Object>) kvData().get("data");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> customMetadata() {
    Map<String, Object> meta = (Map<String, Object>) kvData().get("metadata");
    Map<String, Object> custom = (Map<String, Object>) meta.get("custom_metadata");
    return custom == null ? Map.of() : custom;
  }

  String kvKeyId() {
    return (String) secretData().get("access_key");
  }

  String kvSecret() {
    return (String) secretData().get("secret_key");
  }

  List<IamStandIn.KeyMetadata> keys(String user) {
    return dev.iam().keysOfUser(user);
  }

  Optional<IamStandIn.KeyMetadata> key(String user, String id) {
    return keys(user).stream().filter(k -> k.accessKeyId().equals(id)).findFirst();
  }

  /** Whether {@code id}/{@code secret} signs a GetCallerIdentity the STS stand-in accepts now. */
  boolean works(String id, String secret) {
    try (StsCredentialCheck check = StsCredentialCheck.create("us-east-1",
        Optional.of(URI.create(dev.stsEndpoint())), clock)) {
      return check.check(AwsBasicCredentials.create(id, secret)).works();
    }
  }

  List<String> steps() {
    return journal.recent().stream()
        .map(e -> e.step() + ":" + e.result().label()).toList();
  }

  List<RotationEvent> events(String step) {
    return journal.recent().stream().filter(e -> e.step().equals(step)).toList();
  }

  @Override
  public void close() {
    dev.close();
  }
}
