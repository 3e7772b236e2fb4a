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
import java.io.IOException;
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
      try {
        agent.start();
      } catch (IOException e) {
        err.println("error starting agent: " + Redactor.redact(e.getMessage()));
        err.flush();
        return 1;
      } catch (ConfigException e) {
        for (Problem p : e.problems()) {
          err.println(Redactor.redact(p.toString()));
        }
        err.flush();
        return 1;
      }
      Optional<Integer> code = Optional.empty();
      while (code.isEmpty()) {
        code = agent.awaitStop(1, TimeUnit.HOURS);
      }
      return code.get();
    }
  }

  /** The loading warnings plus the template sources' ones; throws when a source cannot be read. */
  private static List<Problem> withSourceWarnings(LoadedConfig loaded) throws ConfigException {
    List<Problem> all = new ArrayList<>(loaded.warnings());
    all.addAll(TemplateSources.check(loaded.config()).orThrow());
    return all;
  }
}
