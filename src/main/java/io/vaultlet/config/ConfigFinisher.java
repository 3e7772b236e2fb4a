package io.vaultlet.config;

import io.vaultlet.config.AgentConfig.Subsystem;
import io.vaultlet.support.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the merged files into the final {@link AgentConfig}: defaults for absent blocks, then the environment, then
 * the command line (precedence: flag &gt; environment &gt; file &gt; default; vault-agent.md §1.1).
 *
 * <p>Environment variables are read by their Vault names ({@code VAULT_ADDR} …); the OpenBao name
 * ({@code BAO_ADDR} …) is used when the Vault name is unset or empty.
 */
final class ConfigFinisher {

  private final Map<String, String> env;
  private final ConfigOverrides flags;
  private final Problems problems;

  ConfigFinisher(Map<String, String> env, ConfigOverrides flags, Problems problems) {
    this.env = env;
    this.flags = flags;
    this.problems = problems;
  }

  AgentConfig finish(ConfigFragment merged) {
    TemplateSettings settings = merged.templateSettings().orElse(TemplateSettings.defaults());
    List<TemplateConfig> templates = new ArrayList<>();
    for (TemplateConfig t : merged.templates()) {
      templates.add(t.renewBefore().isPresent() ? t : t.withRenewBefore(settings.renewBefore()));
    }
    return new AgentConfig(
        vault(merged.vault().orElse(VaultConfig.defaults())),
        merged.autoAuth(),
        templates,
        settings,
        merged.exec(),
        merged.envTemplates(),
        merged.listeners(),
        merged.cache(),
        merged.apiProxy(),
        merged.telemetry(),
        merged.pidFile(),
        flags.exitAfterAuth() != null ? flags.exitAfterAuth() : merged.exitAfterAuth(),
        log(merged),
        subsystems("AGENT_DISABLE_IDLE_CONNECTIONS", "disable_idle_connections", merged.disableIdleConnections()),
        subsystems("AGENT_DISABLE_KEEP_ALIVES", "disable_keep_alives", merged.disableKeepAlives()),
        merged.stateDir(),
        merged.awsAccessKeys());
  }

  private VaultConfig vault(VaultConfig file) {
    return new VaultConfig(
        first(flags.address(), env("ADDR")).orElse(file.address()),
        first(flags.caCert(), env("CACERT")).or(file::caCert),
        first(flags.caPath(), env("CAPATH")).or(file::caPath),
        first(flags.clientCert(), env("CLIENT_CERT")).or(file::clientCert),
        first(flags.clientKey(), env("CLIENT_KEY")).or(file::clientKey),
        skipVerify(file.tlsSkipVerify()),
        first(flags.tlsServerName(), env("TLS_SERVER_NAME")).or(file::tlsServerName),
        first(flags.namespace(), env("NAMESPACE")).or(file::namespace),
        file.numRetries(),
        file.redirectAddresses(), clientTimeout(file.clientTimeout()));
  }

  /**
   * {@code VAULT_CLIENT_TIMEOUT} (seconds or a Go duration, as Vault's client reads it) over the file's
   * {@code client_timeout}. Vault reads 0 as "no timeout"; vaultlet always bounds a request, so 0 means the default.
   */
  private Optional<java.time.Duration> clientTimeout(Optional<java.time.Duration> file) {
    Optional<String> name = envName("CLIENT_TIMEOUT");
    if (name.isEmpty()) {
      return file;
    }
    try {
      java.time.Duration d = Durations.parseSeconds(env.get(name.get()));
      if (d.isNegative()) {
        problems.error(name.get(), "must not be negative");
        return file;
      }
      return d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (IllegalArgumentException e) {
      problems.error(name.get(), e.getMessage());
      return file;
    }
  }

  /**
   * Unlike Vault, whose agent turns skip-verify on for any non-empty {@code VAULT_SKIP_VERIFY} (even "false"), the
   * value is parsed: {@code false} and {@code 0} mean false.
   */
  private boolean skipVerify(boolean file) {
    if (flags.tlsSkipVerify() != null) {
      return flags.tlsSkipVerify();
    }
    Optional<String> name = envName("SKIP_VERIFY");
    if (name.isEmpty()) {
      return file;
    }
    Optional<Boolean> parsed = FreeformMap.weakBool(env.get(name.get()));
    if (parsed.isEmpty()) {
      problems.error(name.get(), "must be true or false (also accepted: 1, 0, t, f)");
      return file;
    }
    return parsed.get();
  }

  private LogConfig log(ConfigFragment merged) {
    LogConfig d = LogConfig.defaults();
    Log.Level level = logSetting(flags.logLevel(), "-log-level", "LOG_LEVEL", Log.Level::parse)
        .or(merged::logLevel).orElse(d.level());
    Log.Format format = logSetting(flags.logFormat(), "-log-format", "LOG_FORMAT", Log.Format::parse)
        .or(merged::logFormat).orElse(d.format());
    return new LogConfig(level, format, merged.logFile(), merged.logRotateDuration().orElse(d.rotateDuration()),
        merged.logRotateBytes().orElse(d.rotateBytes()), merged.logRotateMaxFiles().orElse(d.rotateMaxFiles()));
  }

  private <T> Optional<T> logSetting(
      String flag, String flagName, String envSuffix, java.util.function.Function<String, T> parse) {
    String source = flagName;
    String text = flag;
    if (text == null || text.isBlank()) {
      Optional<String> name = envName(envSuffix);
      if (name.isEmpty()) {
        return Optional.empty();
      }
      source = name.get();
      text = env.get(source);
    }
    try {
      return Optional.of(parse.apply(text));
    } catch (IllegalArgumentException e) {
      problems.error(source, e.getMessage());
      return Optional.empty();
    }
  }

  /** Vault: a non-empty {@code VAULT_AGENT_DISABLE_*} (comma list, lower-cased) replaces the files' value. */
  private Set<Subsystem> subsystems(String envSuffix, String key, Set<Subsystem> fromFiles) {
    Optional<String> name = envName(envSuffix);
    if (name.isEmpty()) {
      return fromFiles;
    }
    List<String> names = new ArrayList<>();
    for (String part : env.get(name.get()).toLowerCase(java.util.Locale.ROOT).split(",")) {
      names.add(part.trim());
    }
    return ConfigBinder.subsystems(names, key + " (from " + name.get() + ")",
        new io.vaultlet.config.hcl.Position(name.get(), 0, 0), problems);
  }

  /** The value of {@code VAULT_<suffix>}, else {@code BAO_<suffix>}; empty values count as unset. */
  private Optional<String> env(String suffix) {
    return envName(suffix).map(env::get);
  }

  private Optional<String> envName(String suffix) {
    for (String prefix : List.of("VAULT_", "BAO_")) {
      String v = env.get(prefix + suffix);
      if (v != null && !v.isEmpty()) {
        return Optional.of(prefix + suffix);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> first(String flag, Optional<String> fromEnv) {
    if (flag != null && !flag.isEmpty()) {
      return Optional.of(flag);
    }
    return fromEnv;
  }
}
