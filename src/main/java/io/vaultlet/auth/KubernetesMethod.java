package io.vaultlet.auth;

import io.vaultlet.vault.VaultClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code kubernetes}: the service-account JWT re-read (trimmed) at every login; body {@code {role, jwt}}. */
public final class KubernetesMethod implements AuthMethod {

  static final String DEFAULT_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  private final String mountPath;
  private final String role;
  private final Path tokenPath;

  KubernetesMethod(String mountPath, String role, Path tokenPath) {
    this.mountPath = mountPath;
    this.role = role;
    this.tokenPath = tokenPath;
  }

  @Override
  public String type() {
    return "kubernetes";
  }

  @Override
  public LoginRequest loginRequest(VaultClient client) {
    String jwt = MethodFiles.readSecret(tokenPath)
        .orElseThrow(() -> new AuthException("no service account token: " + tokenPath + " is missing or empty"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    return LoginRequest.of(mountPath + "/login", body);
  }
}
