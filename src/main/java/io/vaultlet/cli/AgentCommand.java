package io.vaultlet.cli;

import io.vaultlet.Agent;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.ConfigOverrides;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.config.Problem;
import io.vaultlet.config.TemplateSources;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Signals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vaultlet agent}: run the sidecar, like {@code vault agent}. SIGTERM/SIGINT stop it gracefully (exit 0);
 * SIGHUP reloads the configuration.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent (auto-auth, templates, renewal).",
      "Signals: SIGTERM/SIGINT stop gracefully (exit 0); SIGHUP reloads the configuration.",
      "Exit status: 0 stopped, 1 configuration or start-up error."
    })
public final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;
  @Mixin LogOptions log;
  @Mixin VaultFlags vault;

  @Option(names = {"-exit-after-auth", "--exit-after-auth"},
      description = "Authenticate, write sinks, then exit (overrides exit_after_auth when given).")
  Boolean exitAfterAuth;

  @Option(names = {"-strict", "--strict"},
      description = "Reject unknown keys that Vault Agent ignores (in vault, auto_auth, method, sink, template_config, "
          + "cache, api_proxy and the top level) instead of warning about them; on SIGHUP too.")
  boolean strict;

  /** The environment the configuration is resolved against (tests replace it). */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ConfigOverrides flags = vault.overrides(exitAfterAuth, log);
    ConfigLoader.Strictness strictness = ConfigCheckCommand.strictness(strict);
    Agent.ConfigSource source = () -> ConfigLoader.load(config.paths(), environment, flags, strictness);
    LoadedConfig loaded;
    try {
      loaded = source.load();
      loaded = new LoadedConfig(loaded.config(), withSourceWarnings(loaded));
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        err.println(Redactor.redact(p.toString()));
      }
      err.flush();
      return 1;
    }
    Log.configure(loaded.config().log().level(), loaded.config().log().format());
    Log.Level levelFlag = log.level == null ? null : Log.Level.parse(log.level);
    try (Agent agent = new Agent(loaded, source, levelFlag)) {
      // exec mode: the child gets the signal and the agent exits with the child's code
      Signals.on("TERM", () -> {
        if (!agent.forwardToChild("SIGTERM")) {
          agent.stop();
        }
      });
      Signals.on("INT", () -> {
        if (!agent.forwardToChild("SIGINT")) {
          agent.stop();
        }
      });
      Signals.on("HUP", agent::reload);
      // printed once the handlers are in place: a signal sent after this line is handled
      err.println("==> vaultlet agent started! Log data will stream in below:");
      err.flush();
      Optional<Integer> failed = startWhileListening(agent, err);
      if (failed.isPresent()) {
        return failed.get();
      }
      Optional<Integer> code = Optional.empty();
      while (code.isEmpty()) {
        code = agent.awaitStop(1, TimeUnit.HOURS);
      }
      haltAfter(Agent.SHUTDOWN_DEADLINE, code.get());
      return code.get();
    }
  }

  /**
   * Starts the agent on its own thread while this one listens for a stop: a start held up by a file that never ends
   * (a FIFO given as a CA file, say) never keeps SIGTERM from stopping the agent. The exit code when the start failed
   * or a stop came first, else empty.
   */
  private static Optional<Integer> startWhileListening(Agent agent, PrintWriter err) throws InterruptedException {
    java.util.concurrent.CompletableFuture<Void> started = new java.util.concurrent.CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        agent.start();
        started.complete(null);
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "vaultlet-start");
    starter.setDaemon(true);
    starter.start();
    while (true) {
      try {
        started.get(100, TimeUnit.MILLISECONDS);
        return Optional.empty();
      } catch (java.util.concurrent.TimeoutException e) {
        Optional<Integer> stop = agent.awaitStop(0, TimeUnit.MILLISECONDS);
        if (stop.isPresent()) {
          Log.named("agent").warn("stopping before the start-up finished");
          starter.interrupt();
          haltAfter(Agent.SHUTDOWN_DEADLINE, stop.get());
          return stop;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConfigException ce) {
          for (Problem p : ce.problems()) {
            err.println(Redactor.redact(p.toString()));
          }
        } else {
          err.println("error starting agent: " + Redactor.redact(String.valueOf(cause.getMessage())));
        }
        err.flush();
        return Optional.of(1);
      }
    }
  }

  /**
   * The shutdown deadline: once a stop is decided, the process ends within {@code deadline} with {@code code} even if
   * closing something hangs (a thread stuck in a read the JVM cannot interrupt).
   */
  private static void haltAfter(java.time.Duration deadline, int code) {
    if (!io.vaultlet.Main.ownsProcess()) {
      return;
    }
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(deadline.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      Log.named("agent").error("shutdown did not finish within its deadline; exiting now", "deadline",
          deadline.toSeconds() + "s");
      Runtime.getRuntime().halt(code);
    }, "vaultlet-shutdown-deadline");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The loading warnings plus the template sources' ones; throws when a source cannot be read. */
  private static List<Problem> withSourceWarnings(LoadedConfig loaded) throws ConfigException {
    List<Problem> all = new ArrayList<>(loaded.warnings());
    all.addAll(TemplateSources.check(loaded.config()).orThrow());
    return all;
  }
}
