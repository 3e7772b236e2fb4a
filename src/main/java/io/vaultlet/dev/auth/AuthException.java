package io.vaultlet.dev.auth;

/**
 * A refused login or a bad request to an auth method: {@link #status()} is the HTTP status Vault answers with (400 for
 * an error response, 403 for permission denied), the message is Vault's text.
 */
public final class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public AuthException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static AuthException badRequest(String message) {
    return new AuthException(400, message);
  }

  public static AuthException permissionDenied() {
    return new AuthException(403, "permission denied");
  }

  public static AuthException forbidden(String message) {
    return new AuthException(403, message);
  }

  public int status() {
    return status;
  }
}
