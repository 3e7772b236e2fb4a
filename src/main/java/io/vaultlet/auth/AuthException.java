package io.vaultlet.auth;

import io.vaultlet.support.Redactor;

/**
 * Auto-auth failed: a method could not build its login (missing file, no AWS credentials), or Vault refused or could
 * not be reached. The message is redacted and names what to check; it never contains a token.
 */
public final class AuthException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AuthException(String message) {
    super(Redactor.redact(message));
  }

  public AuthException(String message, Throwable cause) {
    super(Redactor.redact(message), cause);
  }
}
