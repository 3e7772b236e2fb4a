package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code approle} (vault-agent.md §2.6): role ID and optional secret ID read from files at every login (missing or
 * empty files fall back to the last value read), the secret ID file removed after reading unless
 * {@code remove_secret_id_file_after_reading = false}; with {@code secret_id_response_wrapping_path} the file holds a
 * wrapping token whose creation path is checked before it is unwrapped.
 */
public final class AppRoleMethod implements AuthMethod {

  private static final Log LOG = Log.named("auth.approle");

  private final String mountPath;
  private final Path roleIdFile;
  private final Optional<Path> secretIdFile;
  private final boolean removeSecretIdFile;
  private final Optional<String> wrappingPath;
  private String roleId;
  private String secretId;

  AppRoleMethod(String mountPath, Path roleIdFile, Optional<Path> secretIdFile, boolean removeSecretIdFile,
      Optional<String> wrappingPath) {
    this.mountPath = mountPath;
    this.roleIdFile = roleIdFile;
    this.secretIdFile = secretIdFile;
    this.removeSecretIdFile = removeSecretIdFile;
    this.wrappingPath = wrappingPath;
  }

  @Override
  public String type() {
    return "approle";
  }

  @Override
  public synchronized LoginRequest loginRequest(VaultClient client) {
    Optional<String> rid = MethodFiles.readSecret(roleIdFile);
    if (rid.isPresent()) {
      roleId = rid.get();
    } else if (roleId != null) {
      LOG.warn("role ID file missing or empty, using the last role ID read", "path", roleIdFile);
    } else {
      throw new AuthException("no role ID: " + roleIdFile + " is missing or empty and none was read before");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role_id", roleId);
    if (secretIdFile.isPresent()) {
      body.put("secret_id", readSecretId(client, secretIdFile.get()));
    }
    return LoginRequest.of(mountPath + "/login", body);
  }

  private String readSecretId(VaultClient client, Path file) {
    Optional<String> raw = MethodFiles.readSecret(file);
    if (raw.isEmpty()) {
      if (secretId == null) {
        throw new AuthException("no secret ID: " + file + " is missing or empty and none was read before");
      }
      LOG.warn("secret ID file missing or empty, using the last secret ID read", "path", file);
      return secretId;
    }
    String value = raw.get();
    if (wrappingPath.isPresent()) {
      value = unwrap(client, value);
    }
    secretId = value;
    if (removeSecretIdFile) {
      MethodFiles.remove(file, LOG, false);
    }
    return secretId;
  }

  private String unwrap(VaultClient client, String wrappingToken) {
    VaultResponse lookup = client.lookupWrapping(wrappingToken);
    String creationPath = lookup.data().path("creation_path").asText("");
    if (!trimSlashes(creationPath).equals(trimSlashes(wrappingPath.get()))) {
      throw new AuthException("SECURITY: unable to validate wrapping token creation path: expected \""
          + wrappingPath.get() + "\", got \"" + creationPath + "\"");
    }
    VaultResponse unwrapped = client.withToken(null).unwrap(wrappingToken)
        .orElseThrow(() -> new AuthException("unwrapping the secret ID returned no data"));
    JsonNode id = unwrapped.data().path("secret_id");
    if (!id.isTextual() || id.asText().isEmpty()) {
      throw new AuthException("unwrapped response has no secret_id");
    }
    Redactor.register(id.asText());
    return id.asText();
  }

  private static String trimSlashes(String s) {
    String t = s.trim();
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
