package io.vaultlet.rotation;

import io.vaultlet.support.ProcessGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code verify { command = [...] }}: any check, as a program. It runs with the agent's environment plus
 * {@code VAULTLET_STAGED_FILE} (the staged render) and {@code VAULTLET_DESTINATION} (where it will be published);
 * exit status 0 means the render is good. Its output (stdout and stderr, the last {@value #MESSAGE_LIMIT} characters)
 * is the failure message: it goes to an owner-only temporary file kept under {@value #FILE_LIMIT} bytes while the check
 * runs, and only its end is read ({@link OutputTail}). Past the timeout it is killed with its whole process group. One
 * string containing whitespace runs through {@code /bin/sh -c}, as reload commands do.
 */
final class CommandVerifier implements Verifier.Blocking {

  static final String KEY = "command";
  static final int MESSAGE_LIMIT = 500;
  /** How large the output file may grow before it is emptied (its tail kept). */
  static final long FILE_LIMIT = 64 * 1024;
  /** How often the output file's size is looked at while the check runs. */
  private static final long BOUND_EVERY_MS = 200;

  private final List<String> command;
  private final Map<String, String> env;

  CommandVerifier(List<String> command, Map<String, String> env) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return KEY;
  }

  @Override
  public Result verify(Candidate c) {
    Path output = null;
    try {
      output = Files.createTempFile("vaultlet-verify", ".out");
      ProcessBuilder pb = new ProcessBuilder(ProcessGroups.withOwnGroup(ProcessGroups.argv(command)))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
      pb.environment().putAll(env);
      pb.environment().put("VAULTLET_STAGED_FILE", c.stagedFile().toString());
      pb.environment().put("VAULTLET_DESTINATION", c.destination().toString());
      OutputTail out = new OutputTail(output, FILE_LIMIT, MESSAGE_LIMIT * 4);
      Process p = pb.start();
      if (!finished(p, c.timeout().toMillis(), out)) {
        ProcessGroups.kill(p);
        return Result.failed("the check did not finish within " + c.timeout().toSeconds() + "s; it was killed"
            + tail(out, ": "));
      }
      int code = p.exitValue();
      return code == 0 ? Result.passed() : Result.failed("exit status " + code + tail(out, ": "));
    } catch (IOException e) {
      return Result.failed("cannot run the check: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted");
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a temp file left behind holds the check's own output only
        }
      }
    }
  }

  /** Waits up to {@code timeoutMillis} for {@code p} to end, keeping its output file bounded meanwhile. */
  private static boolean finished(Process p, long timeoutMillis, OutputTail out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return p.waitFor(0, TimeUnit.MILLISECONDS);
      }
      if (p.waitFor(Math.min(left, BOUND_EVERY_MS), TimeUnit.MILLISECONDS)) {
        return true;
      }
      try {
        out.bound();
      } catch (IOException e) {
        // the file could not be looked at: the message may be longer to read, nothing else changes
      }
    }
  }

  /** The end of the check's output, prefixed, or "" when it printed nothing. */
  private static String tail(OutputTail out, String prefix) {
    try {
      String s = out.text(MESSAGE_LIMIT);
      return s.isEmpty() ? "" : prefix + s;
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }
}
