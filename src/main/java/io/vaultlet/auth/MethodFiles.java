package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Reading credential files the way Vault's methods do: trimmed, registered as secrets, absent means empty. */
final class MethodFiles {

  private MethodFiles() {}

  /** The trimmed content, or empty when the file does not exist or is blank. */
  static Optional<String> readSecret(Path path) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      String v = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).trim();
      Redactor.register(v);
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (IOException e) {
      throw new AuthException("error reading " + path + ": " + e.getMessage(), e);
    }
  }

  /** Deletes {@code path}; a failure is only logged (as Vault). */
  static void remove(Path path, Log log, boolean followSymlinks) {
    try {
      Path target = path;
      if (followSymlinks && Files.isSymbolicLink(path)) {
        target = path.toRealPath();
      }
      Files.deleteIfExists(target);
    } catch (IOException e) {
      log.error("error removing file after reading", "path", path, "error", e.getMessage());
    }
  }

  static boolean isRegularOrLinkToFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
        || (Files.isSymbolicLink(path) && Files.isRegularFile(path));
  }
}
