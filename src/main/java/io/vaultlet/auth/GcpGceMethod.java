package io.vaultlet.auth;

import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gcp} with {@code type = "gce"}: the instance identity token of a service account from the metadata server
 * ({@code instance/service-accounts/<sa>/identity?audience=<vault address>/vault/<role>&format=full}), then
 * {@code {role, jwt}} to {@code <mount>/login}.
 */
public final class GcpGceMethod implements AuthMethod {

  private final String mountPath;
  private final String role;
  private final String serviceAccount;
  private final GcpMetadata metadata;

  GcpGceMethod(String mountPath, String role, String serviceAccount, Map<String, String> env) {
    this.mountPath = mountPath;
    this.role = role;
    this.serviceAccount = serviceAccount;
    this.metadata = new GcpMetadata(env);
  }

  @Override
  public String type() {
    return "gcp";
  }

  @Override
  public LoginRequest loginRequest(VaultClient client) {
    String audience = audience(client);
    String path = "instance/service-accounts/" + serviceAccount + "/identity?audience="
        + URLEncoder.encode(audience, StandardCharsets.UTF_8) + "&format=full";
    String jwt;
    try {
      jwt = metadata.get(path).strip();
    } catch (IOException e) {
      throw new AuthException("error fetching instance token: " + e.getMessage(), e);
    }
    Redactor.register(jwt);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    return LoginRequest.of(mountPath + "/login", body);
  }

  /** Vault's audience: the client's Vault address, then {@code /vault/<role>}. */
  String audience(VaultClient client) {
    return client.settings().address().toString().replaceAll("/+$", "") + "/vault/" + role;
  }
}
