package io.vaultlet.lease;

/** A dependency could not be fetched. The message names the dependency and never a secret value. */
public final class FetchException extends Exception {

  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
