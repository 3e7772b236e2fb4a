package io.vaultlet.auth;

/** Receives {@link AuthEvent}s (metrics, status). Called on the token manager's thread; must not block. */
@FunctionalInterface
public interface AuthEventListener {
  void onEvent(AuthEvent event);
}
