package io.vaultlet.rotation;

import io.vaultlet.support.ProcessGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code verify { command = [...] }}: any check, as a program. It runs with the agent's environment plus
 * {@code VAULTLET_STAGED_FILE} (the staged render) and {@code VAULTLET_DESTINATION} (where it will be published);
 * exit status 0 means the render is good. Its output (stdout and stderr, the last {@value #MESSAGE_LIMIT} characters)
 * is the failure message. Past the timeout it is killed with its whole process group. One string containing
 * whitespace runs through {@code /bin/sh -c}, as reload commands do.
 */
final class CommandVerifier implements Verifier.Blocking {

  static final String KEY = "command";
  static final int MESSAGE_LIMIT = 500;

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
          .redirectErrorStream(true).redirectOutput(output.toFile());
      pb.environment().putAll(env);
      pb.environment().put("VAULTLET_STAGED_FILE", c.stagedFile().toString());
      pb.environment().put("VAULTLET_DESTINATION", c.destination().toString());
      Process p = pb.start();
      if (!p.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessGroups.kill(p);
        return Result.failed("the check did not finish within " + c.timeout().toSeconds() + "s; it was killed"
            + tail(output, ": "));
      }
      int code = p.exitValue();
      return code == 0 ? Result.passed() : Result.failed("exit status " + code + tail(output, ": "));
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

  /** The end of the check's output, prefixed, or "" when it printed nothing. */
  private static String tail(Path output, String prefix) {
    try {
      String s = Files.readString(output, StandardCharsets.UTF_8).strip();
      if (s.isEmpty()) {
        return "";
      }
      return prefix + (s.length() <= MESSAGE_LIMIT ? s : "…" + s.substring(s.length() - MESSAGE_LIMIT));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }
}
