package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.vault.VaultClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code token_file}: no login. The token is read from {@code token_file_path} (trimmed; missing or empty keeps the
 * last one) and looked up with {@code auth/token/lookup-self}, which gives its TTL and renewability.
 */
public final class TokenFileMethod implements AuthMethod {

  private static final Log LOG = Log.named("auth.token_file");

  private final Path path;
  private String token;

  TokenFileMethod(Path path) {
    this.path = path;
  }

  @Override
  public String type() {
    return "token_file";
  }

  @Override
  public synchronized LoginRequest loginRequest(VaultClient client) {
    Optional<String> v = MethodFiles.readSecret(path);
    if (v.isPresent()) {
      token = v.get();
    } else if (token != null) {
      LOG.warn("token file missing or empty, using the last token read", "path", path);
    } else {
      throw new AuthException("no token: " + path + " is missing or empty");
    }
    return LoginRequest.of(LoginRequest.LOOKUP_SELF, Map.of());
  }

  synchronized String currentToken() {
    return token;
  }
}
