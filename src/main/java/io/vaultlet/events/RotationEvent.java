package io.vaultlet.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One step of a credential rotation, in a stable shape shared by the log and the status JSON. Holds no secret: the
 * old and new ids are lease ids as {@code io.vaultlet.lease.Lease.displayId} shows them, certificate serial numbers
 * or AWS access key ids (which AWS itself treats as non-secret), never a password, token or key.
 *
 * @param at when the step ended
 * @param kind what rotated: {@code lease} (a template's secret), {@code certificate}, {@code aws_access_key}
 * @param target what it rotated for: a template's destination or an {@code aws_access_key} block's name
 * @param step the step: {@code verify}, {@code publish}, {@code switch}, {@code revoke}, {@code create}, …
 * @param oldId the credential being replaced, empty when none
 * @param newId the credential replacing it, empty when none
 * @param verifiedBy how the new credential was proven: {@code postgres}, {@code tls}, {@code aws}, {@code command},
 *     {@code sts}; empty when not verified
 * @param result the outcome
 * @param duration how long the step took
 * @param message a redacted, human-readable detail (the verifier's own message on failure); empty when none
 */
public record RotationEvent(Instant at, String kind, String target, String step, String oldId, String newId,
    String verifiedBy, Result result, Duration duration, String message) {

  /** The outcome of a step. */
  public enum Result {
    /** The step completed. */
    SUCCEEDED,
    /** The step failed; it will be retried (the message says when, if known). */
    FAILED,
    /** The step is waiting (e.g. for a grace period, or for AWS to propagate a key). */
    PENDING,
    /** The step was not needed. */
    SKIPPED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RotationEvent {
    oldId = oldId == null ? "" : oldId;
    newId = newId == null ? "" : newId;
    verifiedBy = verifiedBy == null ? "" : verifiedBy;
    message = message == null ? "" : message;
  }

  /** The message, or empty. */
  public Optional<String> detail() {
    return message.isEmpty() ? Optional.empty() : Optional.of(message);
  }
}
