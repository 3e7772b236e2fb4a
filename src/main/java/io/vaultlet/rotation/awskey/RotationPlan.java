package io.vaultlet.rotation.awskey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rotator's decisions, pure: from what KV, the rotation state and IAM say now, the one next step. Every crash
 * between two steps leaves a state this plan continues from; every step it picks is safe to repeat.
 *
 * <p>Safety rules: an active key that vaultlet did not create is never touched (rotation stops and says so); a key is
 * deleted only when it is inactive and past its grace, or when it is a key vaultlet created whose secret was lost
 * before anyone could use it (never published); the key in KV is never deactivated.
 */
final class RotationPlan {

  /** How long an interrupted {@code creating} phase is left alone (a live rotator finishes it in seconds). */
  static final Duration CREATE_GRACE = Duration.ofMinutes(1);
  /** Keys created this long around an interrupted {@code creating} phase's start are taken as its own. */
  static final Duration CREATE_WINDOW = Duration.ofMinutes(5);
  /** Added to {@code propagation_timeout} before a stranded new key is given up (clock differences between hosts). */
  static final Duration ABANDON_MARGIN = Duration.ofMinutes(1);

  private RotationPlan() {}

  /** The rotator's settings that decisions depend on. */
  record Settings(Duration rotateEvery, Duration propagationTimeout, Duration deactivateAfter, Duration deleteAfter) {}

  /**
   * What is known now.
   *
   * @param kvKeyId the access key id in the KV secret (empty when the field is missing)
   * @param versionCreated when the KV secret's current version was written
   * @param keys the IAM user's keys
   * @param lastUsed when a key was last used (an IAM call, made only for an inactive key blocking a rotation)
   * @param pendingKeyId the new key whose secret this process holds, if any
   * @param forced a rotation was asked for ({@code rotateNow}) regardless of the key's age
   */
  record Facts(Instant now, Settings settings, String path, String user, String kvKeyId, Instant versionCreated,
      RotationState state, List<IamKeys.Key> keys, Function<String, Optional<Instant>> lastUsed,
      Optional<String> pendingKeyId, boolean forced) {

    Optional<IamKeys.Key> key(String id) {
      return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    List<IamKeys.Key> others() {
      return keys.stream().filter(k -> !k.id().equals(kvKeyId)).toList();
    }
  }

  /** The next step. */
  sealed interface Step {}

  /** Nothing to do until {@code until}. */
  record Wait(Instant until, String why) implements Step {}

  /** Rotation cannot go on without a person; re-checked later. Nothing is changed. */
  record Blocked(String why) implements Step {}

  /** Start a rotation: record the intent, create the new key. */
  record Create(String why) implements Step {}

  /** The new key's secret is in this process: wait for it to work, then publish it. */
  record Resume() implements Step {}

  /** Delete a key vaultlet created whose secret is lost (never published, so unused), then rotate again. */
  record Abandon(String keyId, String why) implements Step {}

  /** UpdateAccessKey Inactive on the old key. */
  record Deactivate(String keyId) implements Step {}

  /** DeleteAccessKey on an inactive key past its grace. */
  record Delete(String keyId, String why) implements Step {}

  /**
   * Only the recorded state is behind what AWS and KV show (a crash after a step, before its record): catch up.
   * {@code step} names the step found done ({@code publish}, {@code deactivate}, {@code delete}) for its event.
   */
  record Record(RotationState state, String step, String oldKeyId, String newKeyId, String why) implements Step {}

  static Step decide(Facts f) {
    if (f.kvKeyId().isEmpty()) {
      return new Blocked(f.path() + " has no access key id: write the IAM user's current key pair into it");
    }
    Optional<IamKeys.Key> current = f.key(f.kvKeyId());
    if (current.isEmpty()) {
      return new Blocked("the access key in " + f.path() + " (" + f.kvKeyId() + ") is not one of IAM user "
          + f.user() + "'s keys: wrong username, or the key was deleted outside vaultlet");
    }
    if (!current.get().active()) {
      return new Blocked("the access key in " + f.path() + " (" + f.kvKeyId() + ") is inactive in IAM: it was"
          + " deactivated outside vaultlet; reactivate it or write a working key pair into " + f.path());
    }
    RotationState s = f.state();
    return switch (s.phase()) {
      case CREATING -> creating(f, s);
      case CREATED -> created(f, s);
      case PUBLISHED -> published(f, s);
      case DEACTIVATED -> deactivated(f, s);
      case IDLE -> idle(f, current.get());
    };
  }

  /** A rotation stopped around CreateAccessKey: a key made then is its own (its secret is lost); else create again. */
  private static Step creating(Facts f, RotationState s) {
    Instant since = s.sinceOrEpoch();
    if (f.now().isBefore(since.plus(CREATE_GRACE))) {
      return new Wait(since.plus(CREATE_GRACE), "a rotation started at " + since + " may still be creating its key");
    }
    List<IamKeys.Key> orphans = f.others().stream()
        .filter(k -> k.active() && !k.created().isBefore(since.minus(CREATE_WINDOW))
            && !k.created().isAfter(since.plus(CREATE_WINDOW)))
        .toList();
    if (orphans.size() == 1) {
      return new Abandon(orphans.get(0).id(), "created by a rotation interrupted before the key was recorded; its"
          + " secret was never stored, so nothing can use it");
    }
    if (orphans.size() > 1) {
      return new Blocked("more than one active key appeared while a rotation was interrupted; vaultlet touches"
          + " none of them");
    }
    return otherKeysAllowCreate(f).orElseGet(() -> new Create("continuing the rotation interrupted at " + since));
  }

  private static Step created(Facts f, RotationState s) {
    String n = s.newKeyId();
    if (f.kvKeyId().equals(n)) {
      return new Record(RotationState.published(s.oldKeyId(), n, f.versionCreated()), "publish", s.oldKeyId(), n,
          "the new key was written to KV before the state was recorded");
    }
    if (f.key(n).isEmpty()) {
      return otherKeysAllowCreate(f).orElseGet(() -> new Create("the new key " + n + " is gone; rotating again"));
    }
    if (f.pendingKeyId().filter(n::equals).isPresent()) {
      return new Resume();
    }
    Instant giveUp = s.sinceOrEpoch().plus(f.settings().propagationTimeout()).plus(ABANDON_MARGIN);
    if (f.now().isBefore(giveUp)) {
      return new Wait(giveUp, "the new key " + n + " belongs to the rotation in progress (its secret is held by the"
          + " process that created it)");
    }
    return new Abandon(n, "its secret was lost with the process that created it, before it was published");
  }

  private static Step published(Facts f, RotationState s) {
    String o = s.oldKeyId();
    if (!f.kvKeyId().equals(s.newKeyId())) {
      return new Blocked(f.path() + " holds " + f.kvKeyId() + " but the rotation published " + s.newKeyId()
          + ": the secret was changed outside vaultlet during a rotation");
    }
    Optional<IamKeys.Key> old = f.key(o);
    if (old.isEmpty()) {
      return new Record(RotationState.idle(), "delete", o, s.newKeyId(), "the old key " + o + " is already gone");
    }
    if (!old.get().active()) {
      return new Record(RotationState.deactivated(o, s.newKeyId(), f.now()), "deactivate", o, s.newKeyId(),
          "the old key " + o + " is already inactive");
    }
    Instant due = s.sinceOrEpoch().plus(f.settings().deactivateAfter());
    if (f.now().isBefore(due)) {
      return new Wait(due, "the old key " + o + " stays active until every reader of " + f.path() + " has the new"
          + " one");
    }
    return new Deactivate(o);
  }

  private static Step deactivated(Facts f, RotationState s) {
    String o = s.oldKeyId();
    Optional<IamKeys.Key> old = f.key(o);
    if (old.isEmpty()) {
      return new Record(RotationState.idle(), "delete", o, s.newKeyId(), "the old key " + o + " is already deleted");
    }
    if (old.get().active()) {
      return new Blocked("the old key " + o + " was re-activated after the rotation deactivated it; vaultlet never"
          + " deletes an active key: deactivate or delete it to let rotation continue");
    }
    Instant due = s.sinceOrEpoch().plus(f.settings().deleteAfter());
    if (f.now().isBefore(due)) {
      return new Wait(due, "the old key " + o + " is deleted after delete_after");
    }
    return new Delete(o, "delete_after passed since it was deactivated");
  }

  private static Step idle(Facts f, IamKeys.Key current) {
    Instant due = f.forced() ? f.now() : current.created().plus(f.settings().rotateEvery());
    if (f.now().isBefore(due)) {
      return new Wait(due, "the next rotation, when the key is " + io.vaultlet.support.GoDurations.format(
          f.settings().rotateEvery()) + " old");
    }
    return otherKeysAllowCreate(f).orElseGet(() -> new Create(f.forced() ? "asked for" : "the key is "
        + io.vaultlet.support.GoDurations.format(Duration.between(current.created(), f.now()).withNanos(0))
        + " old"));
  }

  /**
   * IAM allows two keys per user: an active key besides the current one stops the rotation (never deleted); an inactive
   * one is deleted first once past its grace (delete_after since its last use, or its creation), else waited for.
   */
  private static Optional<Step> otherKeysAllowCreate(Facts f) {
    for (IamKeys.Key k : f.others()) {
      if (k.active()) {
        return Optional.of(new Blocked("IAM user " + f.user() + " has a second active access key " + k.id()
            + " that vaultlet did not create; rotation stopped (vaultlet never deletes an active key it did not"
            + " create): deactivate or delete it to let rotation go on"));
      }
    }
    for (IamKeys.Key k : f.others()) {
      Instant lastUse = f.lastUsed().apply(k.id()).filter(u -> u.isAfter(k.created())).orElse(k.created());
      Instant graceEnd = lastUse.plus(f.settings().deleteAfter());
      if (f.now().isBefore(graceEnd)) {
        return Optional.of(new Wait(graceEnd, "IAM allows two keys per user: the inactive key " + k.id()
            + " is deleted once delete_after has passed since its last use"));
      }
      return Optional.of(new Delete(k.id(), "an inactive key past its grace makes room for the new key (IAM allows"
          + " two per user)"));
    }
    return Optional.empty();
  }
}
