package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.ProcessGroups;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs templates' reload commands (consul-template.md §3.7). One string containing whitespace runs as
 * {@code /bin/sh -c}; a list (or a single word) runs directly. Commands run one after another, in the order given,
 * each identical argument list once per call. A command that exits non-zero or outlives its timeout (the process and
 * everything it started are then killed) is logged and counted — and that is all: the files stay, nothing is
 * re-fetched (unlike Vault Agent, where the failure restarts the template runner; vault #12566).
 */
public final class CommandRunner {

  private static final Log LOG = Log.named("render.command");

  /**
   * The result of one command. {@code exitCode} is -1 when it did not exit by itself or could not start;
   * {@code duration} is how long it ran (until it exited, was killed, or was left running with timeout 0).
   */
  public record Outcome(List<String> command, int exitCode, boolean timedOut, String error, Duration duration) {
    public Outcome(List<String> command, int exitCode, boolean timedOut, String error) {
      this(command, exitCode, timedOut, error, Duration.ZERO);
    }

    public boolean ok() {
      return exitCode == 0 && !timedOut && error.isEmpty();
    }
  }

  private final Map<String, String> env;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** {@code env} is added to the agent's own environment (and wins on duplicate names). */
  public CommandRunner(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Runs {@code commands} in order, each distinct argument list once; never throws. */
  public List<Outcome> runAll(List<CommandConfig> commands) {
    Map<List<String>, CommandConfig> unique = new LinkedHashMap<>();
    for (CommandConfig c : commands) {
      unique.putIfAbsent(c.command(), c);
    }
    List<Outcome> out = new ArrayList<>();
    for (CommandConfig c : unique.values()) {
      out.add(run(c));
    }
    return out;
  }

  /** Runs one command; never throws. */
  public Outcome run(CommandConfig c) {
    long started = System.nanoTime();
    Outcome o = execute(c);
    return new Outcome(o.command(), o.exitCode(), o.timedOut(), o.error(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private Outcome execute(CommandConfig c) {
    runs.incrementAndGet();
    List<String> argv = argv(c.command());
    String shown = Redactor.redact(String.join(" ", c.command()));
    if (argv.isEmpty()) {
      return failed(c, -1, false, "empty command");
    }
    ProcessBuilder pb = new ProcessBuilder(withOwnProcessGroup(argv)).redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return failed(c, -1, false, "cannot start: " + e.getMessage());
    }
    Duration timeout = c.timeout();
    if (timeout.isZero() || timeout.isNegative()) {
      LOG.info("started command (not waiting: timeout 0)", "command", shown);
      return new Outcome(c.command(), 0, false, "");
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        return failed(c, -1, true, "command did not exit within " + timeout.toSeconds() + "s; it was killed");
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      return failed(c, -1, false, "interrupted");
    }
    int code = p.exitValue();
    if (code != 0) {
      return failed(c, code, false, "command exited with status " + code);
    }
    LOG.info("command succeeded", "command", shown);
    return new Outcome(c.command(), 0, false, "");
  }

  /** Commands run so far. */
  public long runs() {
    return runs.get();
  }

  /** Commands that failed or timed out so far. */
  public long failures() {
    return failures.get();
  }

  private Outcome failed(CommandConfig c, int code, boolean timedOut, String error) {
    failures.incrementAndGet();
    LOG.error("command failed; the rendered files are kept and no secret is re-fetched", "command",
        Redactor.redact(String.join(" ", c.command())), "error", error);
    return new Outcome(c.command(), code, timedOut, error);
  }

  /** One element with whitespace: {@code /bin/sh -c}; otherwise the list itself ({@link ProcessGroups#argv}). */
  static List<String> argv(List<String> command) {
    return ProcessGroups.argv(command);
  }

  /** The command started through {@code setsid} where it exists ({@link ProcessGroups#withOwnGroup}). */
  static List<String> withOwnProcessGroup(List<String> argv) {
    return ProcessGroups.withOwnGroup(argv);
  }

  /** Kills the process's group and every descendant still attached, with SIGKILL ({@link ProcessGroups#kill}). */
  static void kill(Process p) {
    ProcessGroups.kill(p);
  }
}
