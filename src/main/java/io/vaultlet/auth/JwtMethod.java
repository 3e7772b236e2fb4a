package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.vault.VaultClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jwt}: the JWT read from {@code path} at every login (regular files, or symlinks to one); an empty or missing
 * file keeps the last JWT (WARN). With {@code remove_jwt_after_reading} (default true) the file is deleted once read.
 */
public final class JwtMethod implements AuthMethod {

  private static final Log LOG = Log.named("auth.jwt");

  private final String mountPath;
  private final String role;
  private final Path path;
  private final boolean removeAfterReading;
  private final boolean removeFollowsSymlinks;
  private final Duration readPeriod;
  private String jwt;

  JwtMethod(String mountPath, String role, Path path, boolean removeAfterReading, boolean removeFollowsSymlinks,
      Duration readPeriod) {
    this.mountPath = mountPath;
    this.role = role;
    this.path = path;
    this.removeAfterReading = removeAfterReading;
    this.removeFollowsSymlinks = removeFollowsSymlinks;
    this.readPeriod = readPeriod;
  }

  @Override
  public String type() {
    return "jwt";
  }

  @Override
  public synchronized LoginRequest loginRequest(VaultClient client) {
    readFile();
    if (jwt == null) {
      throw new AuthException("no JWT: " + path + " is missing, empty or not a regular file");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    return LoginRequest.of(mountPath + "/login", body);
  }

  /** Reads a fresh JWT if there is one; returns true when it differs from the last one. */
  private boolean readFile() {
    if (!MethodFiles.isRegularOrLinkToFile(path)) {
      return false;
    }
    Optional<String> v = MethodFiles.readSecret(path);
    if (v.isEmpty()) {
      LOG.warn("JWT file is empty, keeping the last JWT", "path", path);
      return false;
    }
    boolean changed = !v.get().equals(jwt);
    jwt = v.get();
    if (removeAfterReading) {
      MethodFiles.remove(path, LOG, removeFollowsSymlinks);
    }
    return changed;
  }

  @Override
  public Duration credentialPollInterval() {
    return readPeriod;
  }

  @Override
  public synchronized boolean credentialsChanged() {
    return readFile();
  }
}
