package io.vaultlet.auth;

/**
 * Receives auto-auth tokens. Called on the token manager's thread, one call at a time, in order; a listener must not
 * block for long (hand work to its own scheduler). An exception from a listener is logged and does not stop others.
 */
public interface TokenListener {

  /** A new token is in use; the previous one (if any) stays valid until {@link TokenChange#previousExpiry()}. */
  void tokenChanged(TokenChange change);

  /** The current token was renewed; {@code token.expiresAt()} is its new expiry. Default: nothing. */
  default void tokenRenewed(AuthToken token) {}
}
