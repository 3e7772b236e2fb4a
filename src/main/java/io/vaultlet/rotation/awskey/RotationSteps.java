package io.vaultlet.rotation.awskey;

import io.vaultlet.aws.StsCredentialCheck;
import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.rotation.awskey.AccessKeyRotator.CrashPoint;
import io.vaultlet.rotation.awskey.AccessKeyRotator.Hook;
import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Log;
import io.vaultlet.vault.VaultClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The rotation steps that change AWS or the secret, each followed by its record in the secret's custom metadata and by
 * its {@link RotationEvent}: create, publish, deactivate, delete, abandon, and catching up a record. The
 * {@link AccessKeyRotator} decides which one runs (and waits for propagation between create and publish); the
 * {@link Hook} is told between every call and its record, where a test stops it as a crash would.
 */
final class RotationSteps {

  private static final Log LOG = Log.named("rotation.aws");

  /** Records one rotation event. */
  @FunctionalInterface
  interface Events {
    void record(String step, String oldId, String newId, String verifiedBy, RotationEvent.Result result,
        Duration took, String message);
  }

  /** A key this process created and has not published: the only place its secret exists. */
  record NewKey(String oldKeyId, String keyId, String secret, Instant created) {
    @Override
    public String toString() {
      return "NewKey{" + keyId + "}";
    }
  }

  private final AwsAccessKeyConfig config;
  private final KeyPairSecret secret;
  private final IamKeys iam;
  private final StsCredentialCheck sts;
  private final AtomicReference<AwsCredentials> storedPair;
  private final Hook hook;
  private final Events events;
  private final Clock clock;
  private String user;

  RotationSteps(AwsAccessKeyConfig config, KeyPairSecret secret, IamKeys iam, StsCredentialCheck sts,
      AtomicReference<AwsCredentials> storedPair, Hook hook, Events events, Clock clock) {
    this.config = config;
    this.secret = secret;
    this.iam = iam;
    this.sts = sts;
    this.storedPair = storedPair;
    this.hook = hook;
    this.events = events;
    this.clock = clock;
  }

  /** Reads the secret; the stored pair becomes the IAM caller's credentials when {@code credentials = "kv"}. */
  KeyPairSecret.Snapshot read(VaultClient client) {
    KeyPairSecret.Snapshot snap = secret.read(client);
    if (!snap.accessKeyId().isEmpty() && !snap.secretKey().isEmpty()) {
      storedPair.set(AwsBasicCredentials.create(snap.accessKeyId(), snap.secretKey()));
    }
    return snap;
  }

  /** The IAM user: configured, or learned once from STS GetCallerIdentity with the stored key pair. */
  String user(KeyPairSecret.Snapshot snap) {
    if (config.username().isPresent()) {
      return config.username().get();
    }
    if (user != null) {
      return user;
    }
    if (snap.accessKeyId().isEmpty() || snap.secretKey().isEmpty()) {
      throw new RotationException(config.path() + " has no key pair in fields " + config.accessKeyField() + " and "
          + config.secretKeyField());
    }
    StsCredentialCheck.Attempt a = sts.check(AwsBasicCredentials.create(snap.accessKeyId(), snap.secretKey()));
    if (!a.works()) {
      throw new RotationException("cannot learn the IAM user from the key pair in " + config.path() + " (STS"
          + " GetCallerIdentity: " + a.errorCode() + ": " + a.message() + "); set 'username'");
    }
    String arn = a.identity().orElseThrow().arn();
    if (!arn.contains(":user/")) {
      throw new RotationException("the key pair in " + config.path() + " belongs to " + arn + ", not an IAM user");
    }
    user = arn.substring(arn.lastIndexOf('/') + 1);
    LOG.info("IAM user learned from the stored key pair", "name", config.name(), "user", user);
    return user;
  }

  /** The user as known so far (for clean-up after a failure), empty before it was learned. */
  String knownUser() {
    return config.username().orElse(user == null ? "" : user);
  }

  /** Records the intent, creates the key, records its id. A key that cannot be recorded is deleted at once. */
  NewKey create(VaultClient client, KeyPairSecret.Snapshot snap, String u, String why) {
    Instant t0 = now();
    String old = snap.accessKeyId();
    KeyPairSecret.Snapshot s = secret.writeState(client, snap, RotationState.creating(old, t0));
    hook.reached(CrashPoint.AFTER_INTENT);
    IamKeys.Created created = iam.create(u);
    hook.reached(CrashPoint.AFTER_CREATE_CALL);
    Instant at = now();
    try {
      secret.writeState(client, s, RotationState.created(old, created.id(), at));
    } catch (RuntimeException e) {
      try {
        iam.delete(u, created.id());
      } catch (RuntimeException ignored) {
        LOG.warn("could not delete the new key after failing to record it; a later run deletes it",
            "name", config.name(), "access_key_id", created.id());
      }
      throw e;
    }
    events.record("create", old, created.id(), "", RotationEvent.Result.SUCCEEDED, Duration.between(t0, now()),
        "IAM user " + u + ": " + why);
    NewKey k = new NewKey(old, created.id(), created.secret(), at);
    hook.reached(CrashPoint.AFTER_CREATE);
    return k;
  }

  /**
   * Writes the (propagated) new key to KV if the recorded state is still this rotation's and it is not too late (after
   * {@code propagation_timeout} + a margin another run may have given the key up), then records it.
   *
   * @return empty when published; why not, when the key must not be published at all
   * @throws RotationException when Vault failed (the key may be published on a retry)
   */
  Optional<String> publish(VaultClient client, NewKey k) {
    KeyPairSecret.Snapshot snap = secret.read(client);
    RotationState s = snap.state();
    if (s.phase() != RotationState.Phase.CREATED || !s.newKeyId().equals(k.keyId())
        || !snap.accessKeyId().equals(k.oldKeyId())) {
      return Optional.of("the rotation state of " + config.path() + " changed while the new key propagated (now " + s
          + ", KV holds " + snap.accessKeyId() + "): not publishing " + k.keyId());
    }
    Instant latest = k.created().plus(config.propagationTimeout()).plus(RotationPlan.ABANDON_MARGIN);
    if (!now().isBefore(latest)) {
      return Optional.of("too late to publish " + k.keyId() + " safely (another run may have given it up)");
    }
    Instant t0 = now();
    KeyPairSecret.Snapshot written = secret.publish(client, snap, k.keyId(), k.secret(), t0);
    hook.reached(CrashPoint.AFTER_KV_WRITE);
    secret.writeState(client, written, RotationState.published(k.oldKeyId(), k.keyId(), now()));
    storedPair.set(AwsBasicCredentials.create(k.keyId(), k.secret()));
    events.record("publish", k.oldKeyId(), k.keyId(), "sts", RotationEvent.Result.SUCCEEDED,
        Duration.between(t0, now()), "written to " + config.path() + " (version " + written.version() + ")");
    return Optional.empty();
  }

  void deactivate(VaultClient client, KeyPairSecret.Snapshot snap, String u, String keyId) {
    Instant t0 = now();
    boolean existed = iam.deactivate(u, keyId);
    hook.reached(CrashPoint.AFTER_DEACTIVATE_CALL);
    RotationState s = snap.state();
    secret.writeState(client, snap, existed ? RotationState.deactivated(keyId, s.newKeyId(), now())
        : RotationState.idle());
    events.record("deactivate", keyId, s.newKeyId(), "", existed ? RotationEvent.Result.SUCCEEDED
        : RotationEvent.Result.SKIPPED, Duration.between(t0, now()), existed
        ? "inactive; deleted after " + GoDurations.format(config.deleteAfter()) : "the old key was already deleted");
    hook.reached(CrashPoint.AFTER_DEACTIVATE);
  }

  void delete(VaultClient client, KeyPairSecret.Snapshot snap, String u, RotationPlan.Delete d) {
    Instant t0 = now();
    boolean existed = iam.delete(u, d.keyId());
    hook.reached(CrashPoint.AFTER_DELETE_CALL);
    RotationState s = snap.state();
    String replacedBy = "";
    if (s.phase() == RotationState.Phase.DEACTIVATED && s.oldKeyId().equals(d.keyId())) {
      replacedBy = s.newKeyId();
      secret.writeState(client, snap, RotationState.idle());
    }
    events.record("delete", d.keyId(), replacedBy, "", existed ? RotationEvent.Result.SUCCEEDED
        : RotationEvent.Result.SKIPPED, Duration.between(t0, now()), d.why());
  }

  void abandon(String u, RotationPlan.Abandon a) {
    Instant t0 = now();
    boolean existed = iam.delete(u, a.keyId());
    events.record("abandon", "", a.keyId(), "", existed ? RotationEvent.Result.SUCCEEDED
        : RotationEvent.Result.SKIPPED, Duration.between(t0, now()), "deleted: " + a.why());
  }

  /** Brings the record up to a step a previous run did but stopped before recording. */
  void catchUp(VaultClient client, KeyPairSecret.Snapshot snap, RotationPlan.Record r) {
    secret.writeState(client, snap, r.state());
    events.record(r.step(), r.oldKeyId(), r.newKeyId(), "", RotationEvent.Result.SKIPPED, Duration.ZERO,
        "found already done (a previous run stopped before recording it): " + r.why());
  }

  /** Deletes a new key that never worked; says how that went. */
  String deleteUnworking(NewKey k) {
    try {
      iam.delete(knownUser(), k.keyId());
      return "deleted it";
    } catch (RuntimeException e) {
      return "could not delete it yet (" + e.getMessage() + ")";
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
