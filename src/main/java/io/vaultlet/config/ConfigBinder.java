package io.vaultlet.config;

import io.vaultlet.config.AgentConfig.Subsystem;
import io.vaultlet.config.CacheConfig.AutoAuthTokenUse;
import io.vaultlet.config.CacheConfig.PersistConfig;
import io.vaultlet.config.ExecConfig.RestartPolicy;
import io.vaultlet.config.hcl.LiteralNode;
import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Log;
import io.vaultlet.support.Shown;
import io.vaultlet.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one parsed file into a {@link ConfigFragment}: every block typed, block-level defaults applied, every problem
 * of that file collected. Rules that need the merged configuration live in {@link ConfigValidator}.
 *
 * <p>Unknown keys follow Vault block by block: Vault decodes {@code template}, {@code env_template} and {@code exec}
 * with mapstructure's {@code ErrorUnused}, so an unknown key there is an error; every other block (the top level,
 * {@code vault}, {@code vault.retry}, {@code auto_auth}, {@code method}, {@code sink}, {@code template_config},
 * {@code cache}, {@code persist}, {@code api_proxy}) goes through HCL1's {@code DecodeObject}, which drops keys it has
 * no field for, so there an unknown key is a warning ({@link Block#warnUnknownKeys}), or an error under
 * {@code -strict}. Free-form {@code config} maps of auth methods are read by the method.
 */
final class ConfigBinder {

  static final Set<String> TOP_LEVEL_KEYS = Set.of(
      "vault", "auto_auth", "template", "template_config", "exec", "env_template", "listener", "cache", "api_proxy",
      "telemetry", "pid_file", "exit_after_auth", "disable_idle_connections", "disable_keep_alives", "log_level",
      "log_format", "log_file", "log_rotate_duration", "log_rotate_bytes", "log_rotate_max_files",
      // vaultlet extensions
      "state_dir", AwsAccessKeyBinder.BLOCK);

  /** Keys of Vault's shared server/agent configuration that mean nothing to an agent (or to the JVM). */
  static final Set<String> IGNORED_TOP_LEVEL_KEYS = Set.of(
      "disable_mlock", "cluster_name", "log_requests_level", "default_max_request_duration", "seal", "entropy",
      "kms_library", "user_lockout", "hcp_link", "administrative_namespace_path", "plugin_directory");

  static final Set<String> VAULT_KEYS = Set.of(
      "address", "ca_cert", "ca_path", "client_cert", "client_key", "tls_skip_verify", "tls_server_name",
      "namespace", "retry", "redirect_addresses", "client_timeout");
  static final Set<String> EXEC_KEYS = Set.of(
      "command", "restart_on_secret_changes", "restart_stop_signal", "child_process_stdout", "child_process_stderr");
  private static final Set<String> CACHE_KEYS =
      Set.of("use_auto_auth_token", "persist", "enforce_consistency", "when_inconsistent");
  private static final Set<String> PERSIST_KEYS =
      Set.of("type", "path", "keep_after_import", "exit_on_err", "service_account_token_file");
  private static final Set<String> API_PROXY_KEYS =
      Set.of("use_auto_auth_token", "enforce_consistency", "when_inconsistent");

  private final Map<String, String> env;

  ConfigBinder(Map<String, String> env) {
    this.env = env;
  }

  ConfigFragment bind(ObjectNode file, Problems problems) {
    Block root = Block.root(file, problems);
    Set<String> known = new HashSet<>(TOP_LEVEL_KEYS);
    known.addAll(IGNORED_TOP_LEVEL_KEYS);
    root.warnUnknownKeys(known);
    for (String key : IGNORED_TOP_LEVEL_KEYS) {
      if (root.has(key)) {
        problems.warn(root.positionOf(key), "'" + key + "' is a Vault server setting; vaultlet ignores it");
      }
    }
    TemplateBinder templates = new TemplateBinder();
    Optional<CacheConfig> cache = root.singleBlock("cache").map(ConfigBinder::cache);
    Optional<ApiProxyConfig> apiProxy = root.singleBlock("api_proxy").map(ConfigBinder::apiProxy)
        .or(() -> impliedApiProxy(cache));
    return new ConfigFragment(
        file.position(),
        root.singleBlock("vault").map(ConfigBinder::vault),
        new AutoAuthBinder(env).bind(root),
        templates.templates(root),
        templates.templateSettings(root),
        root.singleBlock("exec").flatMap(ConfigBinder::exec),
        templates.envTemplates(root),
        listeners(root),
        cache,
        apiProxy,
        root.singleBlock("telemetry").map(ConfigBinder::telemetry),
        root.string("pid_file").filter(s -> !s.isEmpty()),
        root.bool("exit_after_auth", false),
        logLevel(root),
        logFormat(root),
        root.string("log_file").filter(s -> !s.isEmpty()),
        root.seconds("log_rotate_duration"),
        atLeast(root, "log_rotate_bytes", 0, "0 means no size limit"),
        atLeast(root, "log_rotate_max_files", -1, "0 keeps every file, -1 deletes old files").map(Long::intValue),
        subsystems(root, "disable_idle_connections"),
        subsystems(root, "disable_keep_alives"),
        root.nonEmptyString("state_dir"),
        AwsAccessKeyBinder.bind(root));
  }

  // ---- vault ------------------------------------------------------------------------------------------------------

  private static VaultConfig vault(Block block) {
    block.warnUnknownKeys(VAULT_KEYS);
    int retries = VaultConfig.DEFAULT_NUM_RETRIES;
    Optional<Block> retry = block.singleBlock("retry");
    if (retry.isPresent()) {
      retry.get().warnUnknownKeys(Set.of("num_retries"));
      long n = retry.get().integer("num_retries").orElse(0L);
      if (n < -1) {
        block.problems().error(retry.get().valuePosition("num_retries"),
            "'vault.retry.num_retries' must be -1 (no retries), 0 (the default, 12) or a positive number");
      }
      retries = n == 0 ? VaultConfig.DEFAULT_NUM_RETRIES : n == -1 ? 0 : (int) Math.max(0, Math.min(n, 1_000_000));
    }
    return new VaultConfig(
        block.string("address").filter(s -> !s.isEmpty()).orElse(VaultConfig.DEFAULT_ADDRESS),
        nonEmpty(block, "ca_cert"),
        nonEmpty(block, "ca_path"),
        nonEmpty(block, "client_cert"),
        nonEmpty(block, "client_key"),
        block.weakBool("tls_skip_verify").orElse(false),
        nonEmpty(block, "tls_server_name"),
        nonEmpty(block, "namespace"),
        retries,
        redirectAddresses(block),
        block.seconds("client_timeout").filter(d -> !d.isZero()));
  }

  /** vaultlet extension: each entry an {@code http(s)://host[:port]} address. */
  private static List<String> redirectAddresses(Block block) {
    List<String> out = new ArrayList<>();
    for (String a : block.stringList("redirect_addresses", false)) {
      String s = a.trim();
      if (HttpUrl.parse(s).isEmpty()) {
        block.problems().error(block.valuePosition("redirect_addresses"), "'vault.redirect_addresses' entry \""
            + s + "\" " + HttpUrl.MUST + ", such as https://vault-2.example.com:8200");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static Optional<String> nonEmpty(Block block, String key) {
    return block.string(key).filter(s -> !s.isEmpty());
  }

  // ---- exec -------------------------------------------------------------------------------------------------------

  private static Optional<ExecConfig> exec(Block block) {
    block.rejectUnknownKeys(EXEC_KEYS);
    List<String> command = block.stringList("command", true);
    if (command.isEmpty()) {
      block.problems().error(block.has("command") ? block.valuePosition("command") : block.position(),
          "'exec' requires a non-empty 'command' field");
    }
    RestartPolicy policy = RestartPolicy.ALWAYS;
    Optional<String> restart = block.string("restart_on_secret_changes").filter(s -> !s.isEmpty());
    if (restart.isPresent()) {
      switch (restart.get()) {
        case "always" -> policy = RestartPolicy.ALWAYS;
        case "never" -> policy = RestartPolicy.NEVER;
        default -> block.problems().error(block.valuePosition("restart_on_secret_changes"),
            "'exec.restart_on_secret_changes' must be \"always\" or \"never\""
                + Suggestions.didYouMean(restart.get(), List.of("always", "never")));
      }
    }
    String signal = ExecConfig.DEFAULT_STOP_SIGNAL;
    Optional<String> written = block.string("restart_stop_signal").filter(s -> !s.isEmpty());
    if (written.isPresent()) {
      Optional<String> parsed = Signals.parse(written.get());
      if (parsed.isEmpty()) {
        block.problems().error(block.valuePosition("restart_stop_signal"),
            "'exec.restart_stop_signal' is not a valid signal" + Signals.hint(written.get())
                + " (e.g. \"SIGTERM\", \"SIGINT\")");
      } else {
        signal = parsed.get();
      }
    }
    return Optional.of(new ExecConfig(block.position(), command, policy, signal,
        nonEmpty(block, "child_process_stdout"), nonEmpty(block, "child_process_stderr")));
  }

  // ---- listener, cache, api_proxy, telemetry --------------------------------------------

  private static List<ListenerConfig> listeners(Block root) {
    List<ListenerConfig> out = new ArrayList<>();
    for (Block block : root.blocks("listener")) {
      Optional<String> type = AutoAuthBinder.typeOf(block, "listener");
      if (type.isPresent() && !type.get().equals("tcp") && !type.get().equals("unix")) {
        block.problems().error(block.has("type") ? block.valuePosition("type") : block.position(),
            "unsupported listener type \"" + Shown.cut(type.get()) + "\" (expected \"tcp\" or \"unix\")");
      }
      String role = block.string("role").filter(s -> !s.isEmpty()).orElse("default");
      if (!role.equals("default") && !role.equals("metrics_only")) {
        block.problems().error(block.valuePosition("role"),
            "'listener.role' must be \"default\" or \"metrics_only\"");
      }
      type.ifPresent(t -> out.add(new ListenerConfig(block.position(), t, nonEmpty(block, "address"), role,
          block.asFreeform("listener"), ListenerBinder.bind(block, t))));
    }
    return out;
  }

  private static CacheConfig cache(Block block) {
    block.warnUnknownKeys(CACHE_KEYS);
    Optional<PersistConfig> persist = block.singleLabelledBlock("persist").flatMap(ConfigBinder::persist);
    return new CacheConfig(block.position(), useAutoAuthToken(block), persist,
        consistency(block, "enforce_consistency", "always", "never"),
        consistency(block, "when_inconsistent", "fail", "retry", "forward"));
  }

  private static Optional<PersistConfig> persist(Block block) {
    block.warnUnknownKeys(PERSIST_KEYS);
    Optional<String> type = AutoAuthBinder.typeOf(block, "persist");
    return type.map(t -> new PersistConfig(block.position(), t, nonEmpty(block, "path"),
        block.bool("keep_after_import", false), block.bool("exit_on_err", false),
        nonEmpty(block, "service_account_token_file")));
  }

  private static ApiProxyConfig apiProxy(Block block) {
    block.warnUnknownKeys(API_PROXY_KEYS);
    return new ApiProxyConfig(block.position(), useAutoAuthToken(block),
        consistency(block, "enforce_consistency", "always", "never"),
        consistency(block, "when_inconsistent", "fail", "retry", "forward"), false);
  }

  /** Vault copies {@code cache.use_auto_auth_token} into an implicit {@code api_proxy} when there is none. */
  private static Optional<ApiProxyConfig> impliedApiProxy(Optional<CacheConfig> cache) {
    return cache.filter(c -> c.useAutoAuthToken().map(AutoAuthTokenUse::enabled).orElse(false))
        .map(c -> new ApiProxyConfig(c.position(), c.useAutoAuthToken(), Optional.empty(), Optional.empty(), true));
  }

  private static Optional<AutoAuthTokenUse> useAutoAuthToken(Block block) {
    Optional<io.vaultlet.config.hcl.Item> item = block.item("use_auto_auth_token");
    if (item.isEmpty()) {
      return Optional.empty();
    }
    if (item.get().value() instanceof LiteralNode lit) {
      Optional<Boolean> b = FreeformMap.weakBool(lit.value());
      if (b.isPresent()) {
        return Optional.of(b.get() ? AutoAuthTokenUse.TRUE : AutoAuthTokenUse.FALSE);
      }
      if (lit.value() instanceof String s && s.trim().equalsIgnoreCase("force")) {
        return Optional.of(AutoAuthTokenUse.FORCE);
      }
    }
    block.problems().error(item.get().value().position(),
        "'" + block.qualify("use_auto_auth_token") + "' can be either true, false or \"force\"");
    return Optional.empty();
  }

  private static Optional<String> consistency(Block block, String key, String... allowed) {
    Optional<String> value = nonEmpty(block, key);
    if (value.isPresent() && !List.of(allowed).contains(value.get())) {
      block.problems().error(block.valuePosition(key),
          "'" + block.qualify(key) + "' must be one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static TelemetryConfig telemetry(Block block) {
    Duration retention = block.seconds("prometheus_retention_time")
        .orElse(TelemetryConfig.DEFAULT_PROMETHEUS_RETENTION);
    return new TelemetryConfig(block.position(), retention, nonEmpty(block, "metrics_prefix"),
        block.bool("disable_hostname", false), block.asFreeform("telemetry"));
  }

  // ---- top-level scalars ------------------------------------------------------------------------------------------

  private static Optional<Log.Level> logLevel(Block root) {
    return root.string("log_level").filter(s -> !s.isBlank()).flatMap(s -> {
      try {
        return Optional.of(Log.Level.parse(s));
      } catch (IllegalArgumentException e) {
        root.problems().error(root.valuePosition("log_level"), "'log_level' must be one of trace, debug, info,"
            + " warn, error" + Suggestions.didYouMean(s.toLowerCase(Locale.ROOT),
                List.of("trace", "debug", "info", "warn", "error")));
        return Optional.empty();
      }
    });
  }

  private static Optional<Log.Format> logFormat(Block root) {
    return root.string("log_format").filter(s -> !s.isBlank()).flatMap(s -> {
      try {
        return Optional.of(Log.Format.parse(s));
      } catch (IllegalArgumentException e) {
        root.problems().error(root.valuePosition("log_format"), "'log_format' must be \"standard\" or \"json\"");
        return Optional.empty();
      }
    });
  }

  private static Optional<Long> atLeast(Block root, String key, long min, String meaning) {
    Optional<Long> value = root.integer(key);
    if (value.isPresent() && value.get() < min) {
      root.problems().error(root.valuePosition(key), "'" + key + "' must be at least " + min + " (" + meaning + ")");
      return Optional.empty();
    }
    return value;
  }

  private static Set<Subsystem> subsystems(Block root, String key) {
    if (!root.has(key)) {
      return Set.of();
    }
    return subsystems(root.stringList(key, true), key, root.valuePosition(key), root.problems());
  }

  /** Parses subsystem names: {@code auto-auth}, {@code caching}, {@code proxying}, {@code templating}. */
  static Set<Subsystem> subsystems(List<String> names, String key, Position at, Problems problems) {
    Set<Subsystem> out = EnumSet.noneOf(Subsystem.class);
    for (String name : names) {
      switch (name) {
        case "auto-auth" -> out.add(Subsystem.AUTO_AUTH);
        case "caching", "proxying" -> out.add(Subsystem.PROXYING);
        case "templating" -> out.add(Subsystem.TEMPLATING);
        case "" -> { }
        default -> problems.error(at, "unknown " + key + " value: \"" + Shown.cut(name) + "\" (expected auto-auth, caching,"
            + " proxying or templating)"
            + Suggestions.didYouMean(name, List.of("auto-auth", "caching", "proxying", "templating")));
      }
    }
    return out;
  }
}
