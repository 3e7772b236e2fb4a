package io.vaultlet.rotation.awskey;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a rotation stands, kept in the KV secret's {@code custom_metadata} (never a secret: access key ids and times)
 * so that any agent that runs the block, after any crash, on any node, continues it. Written before each step that
 * changes AWS or the secret, and after it:
 *
 * <pre>
 * vaultlet_rotation_phase   idle | creating | created | published | deactivated
 * vaultlet_rotation_old_key the key being replaced (AKIA…)
 * vaultlet_rotation_new_key the key replacing it (from created on)
 * vaultlet_rotation_since   when the phase began (RFC 3339): the start of creating, the creation of the new key, its
 *                           publication (deactivate_after counts from it), the deactivation (delete_after counts from it)
 * </pre>
 *
 * Other custom metadata keys of the secret are left as they are.
 */
record RotationState(Phase phase, String oldKeyId, String newKeyId, Optional<Instant> since) {

  static final String PREFIX = "vaultlet_rotation_";
  static final String PHASE = PREFIX + "phase";
  static final String OLD_KEY = PREFIX + "old_key";
  static final String NEW_KEY = PREFIX + "new_key";
  static final String SINCE = PREFIX + "since";

  /** The steps between which a rotation can stop (crash) and resume. */
  enum Phase {
    /** No rotation under way. */
    IDLE,
    /** About to call CreateAccessKey (or did, and stopped before recording the key). */
    CREATING,
    /** The new key exists; it is not yet in KV (its secret lives only in the process that created it). */
    CREATED,
    /** The new key is in KV; the old one is still active until {@code deactivate_after}. */
    PUBLISHED,
    /** The old key is inactive until {@code delete_after}, then deleted. */
    DEACTIVATED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  RotationState {
    oldKeyId = oldKeyId == null ? "" : oldKeyId;
    newKeyId = newKeyId == null ? "" : newKeyId;
    since = since == null ? Optional.empty() : since;
  }

  static RotationState idle() {
    return new RotationState(Phase.IDLE, "", "", Optional.empty());
  }

  static RotationState creating(String oldKey, Instant at) {
    return new RotationState(Phase.CREATING, oldKey, "", Optional.of(at));
  }

  static RotationState created(String oldKey, String newKey, Instant at) {
    return new RotationState(Phase.CREATED, oldKey, newKey, Optional.of(at));
  }

  static RotationState published(String oldKey, String newKey, Instant at) {
    return new RotationState(Phase.PUBLISHED, oldKey, newKey, Optional.of(at));
  }

  static RotationState deactivated(String oldKey, String newKey, Instant at) {
    return new RotationState(Phase.DEACTIVATED, oldKey, newKey, Optional.of(at));
  }

  /** When the phase began; the epoch when unknown (a hand-edited state: every wait is then over). */
  Instant sinceOrEpoch() {
    return since.orElse(Instant.EPOCH);
  }

  /**
   * Reads the state from a secret's custom metadata. No keys, or an unknown phase, is idle (a phase this version does
   * not know cannot be continued safely; the plan then treats every other key as unknown).
   */
  static RotationState from(Map<String, String> customMetadata) {
    if (customMetadata == null) {
      return idle();
    }
    String phase = customMetadata.getOrDefault(PHASE, "idle");
    Phase p;
    try {
      p = Phase.valueOf(phase.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return idle();
    }
    Optional<Instant> since;
    try {
      String s = customMetadata.get(SINCE);
      since = s == null || s.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      since = Optional.empty();
    }
    return new RotationState(p, customMetadata.get(OLD_KEY), customMetadata.get(NEW_KEY), since);
  }

  /** {@code existing} with this state's keys in place of the previous ones (other keys kept). */
  Map<String, String> mergeInto(Map<String, String> existing) {
    Map<String, String> out = new LinkedHashMap<>();
    if (existing != null) {
      existing.forEach((k, v) -> {
        if (!k.startsWith(PREFIX) && v != null) {
          out.put(k, v);
        }
      });
    }
    out.put(PHASE, phase.label());
    if (!oldKeyId.isEmpty()) {
      out.put(OLD_KEY, oldKeyId);
    }
    if (!newKeyId.isEmpty()) {
      out.put(NEW_KEY, newKeyId);
    }
    since.ifPresent(s -> out.put(SINCE, s.toString()));
    return out;
  }

  @Override
  public String toString() {
    return phase.label() + (oldKeyId.isEmpty() ? "" : " old=" + oldKeyId) + (newKeyId.isEmpty() ? "" : " new="
        + newKeyId) + since.map(s -> " since=" + s).orElse("");
  }
}
