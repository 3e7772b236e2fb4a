package io.vaultlet.rotation.awskey;

import io.vaultlet.support.Redactor;

/** A rotation step failed; the message (redacted) says what and why, and goes into the event and the status. */
final class RotationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RotationException(String message) {
    super(Redactor.redact(message), null, false, false);
  }

  RotationException(String message, Throwable cause) {
    super(Redactor.redact(message), cause, false, false);
  }
}
