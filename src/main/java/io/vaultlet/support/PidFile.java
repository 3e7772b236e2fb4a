package io.vaultlet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pid_file}: the decimal PID without newline, mode 0600 from the moment it exists (written through
 * {@link PrivateFile}, replacing an older file); removed at exit (as Vault Agent).
 */
public final class PidFile implements AutoCloseable {

  private final Path path;

  private PidFile(Path path) {
    this.path = path;
  }

  /** Writes this process's PID to {@code path}. */
  public static PidFile write(Path path) throws IOException {
    PrivateFile.write(path, Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
    return new PidFile(path);
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      Log.named("agent").warn("could not remove pid file", "path", path, "error", e.getMessage());
    }
  }
}
