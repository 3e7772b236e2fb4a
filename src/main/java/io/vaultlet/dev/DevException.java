package io.vaultlet.dev;

import java.util.List;

/**
 * An error answer: HTTP status plus the {@code errors} list of Vault's error body {@code {"errors":[…]}}.
 *
 * <p>Use the factories; they carry Vault's wording (contract §1.6/§1.7), including go-multierror formatting where the
 * real server uses it. Messages must never contain a token or a secret value.
 */
public final class DevException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> errors;

  public DevException(int status, List<String> errors) {
    super(errors.isEmpty() ? "status " + status : String.join("; ", errors), null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public static DevException of(int status, String... errors) {
    return new DevException(status, List.of(errors));
  }

  /** 400 with a plain backend message, e.g. {@code missing role_id}. */
  public static DevException badRequest(String message) {
    return of(400, message);
  }

  /** 403 {@code 1 error occurred: permission denied} (valid token, ACL or backend denies). */
  public static DevException permissionDenied() {
    return of(403, multi("permission denied"));
  }

  /** 403 for an unknown, expired or revoked token. */
  public static DevException invalidToken() {
    return of(403, multi("permission denied", "invalid token"));
  }

  /** 404 {@code {"errors":[]}}. */
  public static DevException notFound() {
    return of(404);
  }

  /** 404 {@code unsupported path} (a path inside the mount the backend does not implement). */
  public static DevException unsupportedPath() {
    return of(404, multi("unsupported path"));
  }

  /** 405 {@code unsupported operation} (the path exists, the method does not). */
  public static DevException unsupportedOperation() {
    return of(405, multi("unsupported operation"));
  }

  /** 500 with a message (an upstream failure, e.g. PostgreSQL refused the CREATE ROLE). */
  public static DevException internal(String message) {
    return of(500, multi(message));
  }

  /** go-multierror's rendering: {@code "1 error occurred:\n\t* x\n\n"}. */
  public static String multi(String... messages) {
    StringBuilder sb = new StringBuilder();
    sb.append(messages.length).append(messages.length == 1 ? " error occurred:\n" : " errors occurred:\n");
    for (String m : messages) {
      sb.append("\t* ").append(m).append('\n');
    }
    return sb.append('\n').toString();
  }

  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }
}
