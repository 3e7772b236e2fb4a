package io.vaultlet.render;

import io.vaultlet.config.ExecConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Process-supervisor mode ({@code exec { }} with {@code env_template}s, vault-agent.md §5.1): runs one child whose
 * environment holds the rendered templates.
 *
 * <ul>
 *   <li>The child starts with the first complete environment ({@link #environmentChanged}, called by the
 *       {@link TemplateRunner} once every env template and every file template has rendered).</li>
 *   <li>A changed environment restarts it after a 2-second debounce (Vault: one event per secret):
 *       {@code restart_stop_signal} to its process group, up to the kill timeout (30s), then SIGKILL, then a new
 *       child. With {@code restart_on_secret_changes = "never"} the change is logged and the child kept.</li>
 *   <li>{@link #forward} passes the agent's SIGTERM/SIGINT to the child; when the child exits by itself (or after a
 *       forwarded signal) the exit callback gets its exit code, which becomes the agent's.</li>
 * </ul>
 */
public final class ExecSupervisor implements AutoCloseable {

  private static final Log LOG = Log.named("exec");
  /** Vault's debounce between an environment change and the restart. */
  public static final Duration DEBOUNCE = Duration.ofSeconds(2);
  /** Vault's wait between the stop signal and SIGKILL. */
  public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(30);

  private final ExecConfig config;
  private final Scheduler scheduler;
  private final Map<String, String> baseEnv;
  private final IntConsumer exit;
  private final Duration killTimeout;
  private Map<String, String> environment;
  private Map<String, String> running;
  private Process child;
  private Scheduler.Cancellable debounce;
  private int starts;
  private boolean closed;

  public ExecSupervisor(ExecConfig config, Scheduler scheduler, Map<String, String> baseEnv, IntConsumer exit,
      Duration killTimeout) {
    this.config = config;
    this.scheduler = scheduler;
    this.baseEnv = Map.copyOf(baseEnv);
    this.exit = exit;
    this.killTimeout = killTimeout;
  }

  /** The rendered environment ({@code NAME → contents}); starts the child or arms a debounced restart. */
  public synchronized void environmentChanged(Map<String, String> env) {
    if (closed) {
      return;
    }
    environment = new TreeMap<>(env);
    if (child == null) {
      startChild();
      return;
    }
    if (environment.equals(running)) {
      return;
    }
    if (config.restartOnSecretChanges() == ExecConfig.RestartPolicy.NEVER) {
      LOG.info("detected update, but not restarting process", "pid", child.pid());
      return;
    }
    if (debounce != null) {
      debounce.cancel();
    }
    debounce = scheduler.schedule(DEBOUNCE, this::restart);
  }

  /**
   * Sends {@code signal} (e.g. {@code SIGTERM}) to the child; its exit then ends the agent with the child's code. A
   * child still running after the kill timeout is killed (SIGKILL), so a forwarded shutdown always ends.
   */
  public synchronized void forward(String signal) {
    if (child != null && child.isAlive()) {
      Process p = child;
      LOG.info("forwarding signal to the child", "signal", signal, "pid", p.pid());
      signal(p, signal);
      scheduler.schedule(killTimeout, () -> {
        if (p.isAlive()) {
          LOG.warn("the child did not exit after the forwarded signal; killing it", "pid", p.pid(), "timeout",
              killTimeout);
          CommandRunner.kill(p);
        }
      });
    }
  }

  /** The running child's pid. */
  public synchronized Optional<Long> pid() {
    return child != null && child.isAlive() ? Optional.of(child.pid()) : Optional.empty();
  }

  /** How many times a child was started. */
  public synchronized int starts() {
    return starts;
  }

  /** Stops the child (stop signal, kill timeout, SIGKILL) without reporting its exit. */
  @Override
  public void close() {
    Process p;
    synchronized (this) {
      closed = true;
      if (debounce != null) {
        debounce.cancel();
      }
      p = child;
      child = null;
    }
    if (p != null) {
      stop(p);
    }
  }

  private void restart() {
    Process old;
    synchronized (this) {
      if (closed || child == null || environment.equals(running)) {
        return;
      }
      old = child;
      child = null; // its exit is ours, not the child's own: not reported
    }
    LOG.info("environment changed; restarting the child", "pid", old.pid());
    stop(old);
    synchronized (this) {
      if (!closed) {
        startChild();
      }
    }
  }

  /** Caller holds the monitor. */
  private void startChild() {
    List<String> argv = CommandRunner.withOwnProcessGroup(CommandRunner.argv(config.command()));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectOutput(config.childProcessStdout().map(f -> ProcessBuilder.Redirect.appendTo(new File(f)))
        .orElse(ProcessBuilder.Redirect.INHERIT));
    pb.redirectError(config.childProcessStderr().map(f -> ProcessBuilder.Redirect.appendTo(new File(f)))
        .orElse(ProcessBuilder.Redirect.INHERIT));
    pb.environment().putAll(baseEnv);
    pb.environment().putAll(environment);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      LOG.error("cannot start the child process", "command", String.join(" ", config.command()), "error",
          e.getMessage());
      exit.accept(1);
      return;
    }
    child = p;
    running = environment;
    starts++;
    LOG.info("started the child process", "pid", p.pid(), "variables", environment.size());
    p.onExit().thenAccept(this::exited);
  }

  private void exited(Process p) {
    synchronized (this) {
      if (p != child || closed) {
        return; // stopped by us for a restart or shutdown
      }
      child = null;
    }
    int code = p.exitValue();
    LOG.info("the child process exited; exiting with its code", "pid", p.pid(), "code", code);
    exit.accept(code);
  }

  private void stop(Process p) {
    signal(p, config.restartStopSignal());
    try {
      if (!p.waitFor(killTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the child did not stop in time; killing it", "pid", p.pid(), "timeout", killTimeout);
        CommandRunner.kill(p);
      }
    } catch (InterruptedException e) {
      CommandRunner.kill(p);
      Thread.currentThread().interrupt();
    }
  }

  /** {@code kill -s NAME} to the child's process group (it leads one when started through setsid), else the pid. */
  static void signal(Process p, String signal) {
    String name = signal.toUpperCase(Locale.ROOT).startsWith("SIG") ? signal.substring(3) : signal;
    List<String> cmd = new ArrayList<>(List.of("kill", "-s", name.toUpperCase(Locale.ROOT), "--"));
    boolean group = !CommandRunner.withOwnProcessGroup(List.of()).isEmpty();
    cmd.add(group ? "-" + p.pid() : String.valueOf(p.pid()));
    try {
      Process k = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      k.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.warn("cannot signal the child; terminating it", "error", e.getMessage());
      p.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
