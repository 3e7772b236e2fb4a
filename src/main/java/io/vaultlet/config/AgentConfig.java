package io.vaultlet.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole, merged, validated agent configuration (vault-agent.md §1). Immutable; every default is already applied,
 * and the {@code vault} block already carries the environment and command-line overrides.
 *
 * @param vault the upstream server; always present (defaults to {@code https://127.0.0.1:8200})
 * @param autoAuth {@code auto_auth}
 * @param templates every {@code template} block, files concatenated in load order
 * @param templateSettings {@code template_config}; its defaults when the block is absent
 * @param exec the top-level {@code exec} block (process-supervisor mode, with {@link #envTemplates})
 * @param envTemplates every {@code env_template "NAME"} block
 * @param listeners {@code listener} blocks (parsed, not implemented by vaultlet yet)
 * @param cache {@code cache} (parsed, not implemented)
 * @param apiProxy {@code api_proxy}, or the one implied by {@code cache.use_auto_auth_token} (parsed, not implemented)
 * @param telemetry {@code telemetry} (parsed, not implemented)
 * @param pidFile {@code pid_file}
 * @param exitAfterAuth {@code exit_after_auth} (true if any file or the {@code -exit-after-auth} flag says so)
 * @param log {@code log_level}, {@code log_format}, {@code log_file}, {@code log_rotate_*}
 * @param disableIdleConnections {@code disable_idle_connections} (or its environment override)
 * @param disableKeepAlives {@code disable_keep_alives} (or its environment override)
 * @param stateDir vaultlet: {@code state_dir}, where rotation state (pending revocations) is kept across restarts;
 *     see {@link #rotationStateFile()}
 * @param awsAccessKeys vaultlet extension: every {@code aws_access_key "name"} block (IAM access-key rotation)
 */
public record AgentConfig(
    VaultConfig vault,
    Optional<AutoAuthConfig> autoAuth,
    List<TemplateConfig> templates,
    TemplateSettings templateSettings,
    Optional<ExecConfig> exec,
    List<EnvTemplateConfig> envTemplates,
    List<ListenerConfig> listeners,
    Optional<CacheConfig> cache,
    Optional<ApiProxyConfig> apiProxy,
    Optional<TelemetryConfig> telemetry,
    Optional<String> pidFile,
    boolean exitAfterAuth,
    LogConfig log,
    Set<Subsystem> disableIdleConnections,
    Set<Subsystem> disableKeepAlives,
    Optional<String> stateDir,
    List<AwsAccessKeyConfig> awsAccessKeys) {

  /** The rotation state file's name, in {@code state_dir} or the pid file's directory. */
  public static final String ROTATION_STATE_FILE = "rotation-state.json";

  public AgentConfig {
    awsAccessKeys = List.copyOf(awsAccessKeys);
    templates = List.copyOf(templates);
    envTemplates = List.copyOf(envTemplates);
    listeners = List.copyOf(listeners);
    disableIdleConnections = Set.copyOf(disableIdleConnections);
    disableKeepAlives = Set.copyOf(disableKeepAlives);
  }

  /**
   * Where pending lease revocations and the leases published files still use survive a restart:
   * {@code <state_dir>/rotation-state.json}, else {@code rotation-state.json} next to the pid file; empty without
   * either (the state is then kept in memory only).
   */
  public Optional<java.nio.file.Path> rotationStateFile() {
    if (stateDir.isPresent()) {
      return Optional.of(java.nio.file.Path.of(stateDir.get()).resolve(ROTATION_STATE_FILE));
    }
    return pidFile.map(p -> java.nio.file.Path.of(p).toAbsolutePath().resolveSibling(ROTATION_STATE_FILE));
  }

  /** Subsystems named by {@code disable_idle_connections} and {@code disable_keep_alives}. */
  public enum Subsystem {
    /** {@code auto-auth}: the client that logs in and renews the auto-auth token. */
    AUTO_AUTH,
    /** {@code caching} or {@code proxying}: the API proxy's upstream client. */
    PROXYING,
    /** {@code templating}: the template engine's client. */
    TEMPLATING
  }
}
