package io.vaultlet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link UnprivilegedReader} as another local user: uid/gid 65534 ({@code nobody}/{@code nogroup}) with no
 * supplementary groups, through util-linux {@code setpriv}. Needs root (CI runs as root); {@link #unavailable()} says
 * why not when it cannot, for a visible skip.
 */
public final class UnprivilegedProcess implements AutoCloseable {

  public static final int UID = 65534;

  private final Process process;
  private final BufferedReader out;

  private UnprivilegedProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Empty when a reader can be started as another user here; otherwise the reason. */
  public static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("starting a process as another user needs root; running as " + System.getProperty("user.name"));
    }
    if (find("setpriv").isEmpty()) {
      return Optional.of("util-linux setpriv is not installed");
    }
    return Optional.empty();
  }

  private static Optional<Path> find(String tool) {
    for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a reader racing on {@code dir} (which must be listable by others: the threat is a local user who can see
   * the directory) and waits until it watches.
   */
  public static UnprivilegedProcess readerOf(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path classes = Path.of(UnprivilegedReader.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    ProcessBuilder pb = new ProcessBuilder(find("setpriv").orElseThrow().toString(), "--reuid=" + UID,
        "--regid=" + UID, "--clear-groups", "--", java, "-XX:-UsePerfData", "-Xshare:auto", "-cp", classes.toString(),
        UnprivilegedReader.class.getName(), dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    UnprivilegedProcess p = new UnprivilegedProcess(pb.start());
    String first = p.out.readLine();
    if (!"ready".equals(first)) {
      p.close();
      throw new IOException("the unprivileged reader did not start: " + first);
    }
    return p;
  }

  /** Stops the reader and returns its report line. */
  public String finish() throws IOException, InterruptedException {
    process.getOutputStream().close();
    String report = out.readLine();
    process.waitFor(30, TimeUnit.SECONDS);
    return report == null ? "" : report;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
