package io.vaultlet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code pid_file}: the decimal PID without newline, mode 0600, truncated on write; removed at exit (as Vault Agent). */
public final class PidFile implements AutoCloseable {

  private final Path path;

  private PidFile(Path path) {
    this.path = path;
  }

  /** Writes this process's PID to {@code path}. */
  public static PidFile write(Path path) throws IOException {
    byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
    Files.write(path, pid, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default mode
    }
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
