package io.vaultlet.dev.auth;

import io.vaultlet.dev.Backend;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import java.util.List;

/** An auth method: {@code login} needs no token, and the methods' {@link AuthException}s become {@link DevException}s. */
abstract class AuthBackend implements Backend {

  /** {@code login}; a method whose login path takes a name ({@code login/<user>}) overrides this. */
  @Override
  public List<String> unauthenticatedPaths() {
    return List.of("login");
  }

  @Override
  public final DevResponse handle(DevRequest req) {
    return Logins.guarded(() -> route(req));
  }

  /** Answers one request to the method's mount. */
  abstract DevResponse route(DevRequest req);
}
