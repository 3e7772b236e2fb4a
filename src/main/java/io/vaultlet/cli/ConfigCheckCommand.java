package io.vaultlet.cli;

import io.vaultlet.config.ConfigException;
import io.vaultlet.config.ConfigJson;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.config.Problem;
import io.vaultlet.config.TemplateSources;
import io.vaultlet.support.Redactor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vaultlet config check}: parse, merge and validate; print the effective configuration (redacted).
 *
 * <p>Template sources are checked too ({@link TemplateSources}): a missing, unreadable or non-regular source is an
 * error, an empty one a warning.
 *
 * <p>Exit 0 when valid (the JSON on stdout, warnings on stderr as {@code FILE:LINE:COL: warning: message}); exit 1
 * when not, with one {@code FILE:LINE:COL: message} line per problem on stderr.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Parse, merge and validate configuration; print the effective configuration as JSON.",
      "Secrets (tokens, secret IDs, passwords, private keys) are printed as " + Redactor.MASK + ".",
      "Exit status: 0 valid (warnings on stderr), 1 invalid (one FILE:LINE:COL: message per problem on stderr)."
    })
public final class ConfigCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;
  @Mixin LogOptions log;
  @Mixin VaultFlags vault;

  @Option(names = {"-skip-source-check", "--skip-source-check"},
      description = "Do not check that template source files exist and can be read (for a configuration meant for "
          + "another machine, e.g. a pod whose templates come from a ConfigMap).")
  boolean skipSourceCheck;

  @Option(names = {"-strict", "--strict"},
      description = "Reject unknown keys that Vault Agent ignores (in vault, auto_auth, method, sink, template_config, "
          + "cache, api_proxy and the top level) instead of warning about them.")
  boolean strict;

  /** The environment the configuration is resolved against (tests replace it). */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      LoadedConfig loaded =
          ConfigLoader.load(config.paths(), environment, vault.overrides(null, log), strictness(strict));
      List<Problem> warnings = new ArrayList<>(loaded.warnings());
      if (!skipSourceCheck) {
        warnings.addAll(TemplateSources.check(loaded.config()).orThrow());
      }
      for (Problem warning : warnings) {
        err.println(Redactor.redact(warning.position().line() > 0
            ? warning.position() + ": warning: " + warning.message()
            : warning.position().file() + ": warning: " + warning.message()));
      }
      out.println(Redactor.redact(ConfigJson.toPrettyString(loaded.config())));
      return 0;
    } catch (ConfigException e) {
      for (Problem problem : e.problems()) {
        err.println(Redactor.redact(problem.toString()));
      }
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** {@code -strict} as the loader's {@link ConfigLoader.Strictness}. */
  static ConfigLoader.Strictness strictness(boolean strict) {
    return strict ? ConfigLoader.Strictness.STRICT : ConfigLoader.Strictness.VAULT;
  }
}
