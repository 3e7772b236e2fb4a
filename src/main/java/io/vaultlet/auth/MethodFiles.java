package io.vaultlet.auth;

import io.vaultlet.support.BoundedFiles;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading credential files the way Vault's methods do: trimmed, registered as secrets, absent means empty. Read
 * through {@link BoundedFiles}: a FIFO, socket or device is refused (it would hold the login for ever), and a file over
 * {@link #MAX_SIZE} is an error.
 */
final class MethodFiles {

  /** The largest credential file read (a key file or a JWT is a few KiB). */
  static final long MAX_SIZE = 1024 * 1024;

  private MethodFiles() {}

  /** The trimmed content, or empty when the file does not exist or is blank. */
  static Optional<String> readSecret(Path path) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      String v = read(path).trim();
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (IOException e) {
      throw new AuthException("error reading " + e.getMessage(), e);
    }
  }

  /**
   * The whole content (registered as a secret), read as {@link BoundedFiles} reads.
   *
   * @throws IOException whose message starts with the path: not a regular file, too large, not UTF-8, unreadable
   */
  static String read(Path path) throws IOException {
    String v;
    try {
      v = BoundedFiles.readString(path, MAX_SIZE, "a fixed limit for credential files");
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      throw new IOException(m.startsWith(path.toString()) ? m : path + ": " + m, e);
    }
    Redactor.register(v);
    Redactor.register(v.trim());
    return v;
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
