package io.vaultlet.config;

import io.vaultlet.config.AgentConfig.Subsystem;
import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one configuration file says, before merging: absent blocks and keys are empty, so that
 * {@link ConfigMerger} can tell "not written" from "written with the default value".
 */
record ConfigFragment(
    Position position,
    Optional<VaultConfig> vault,
    Optional<AutoAuthConfig> autoAuth,
    List<TemplateConfig> templates,
    Optional<TemplateSettings> templateSettings,
    Optional<ExecConfig> exec,
    List<EnvTemplateConfig> envTemplates,
    List<ListenerConfig> listeners,
    Optional<CacheConfig> cache,
    Optional<ApiProxyConfig> apiProxy,
    Optional<TelemetryConfig> telemetry,
    Optional<String> pidFile,
    boolean exitAfterAuth,
    Optional<Log.Level> logLevel,
    Optional<Log.Format> logFormat,
    Optional<String> logFile,
    Optional<Duration> logRotateDuration,
    Optional<Long> logRotateBytes,
    Optional<Integer> logRotateMaxFiles,
    Set<Subsystem> disableIdleConnections,
    Set<Subsystem> disableKeepAlives,
    Optional<String> stateDir,
    List<AwsAccessKeyConfig> awsAccessKeys) {

  static ConfigFragment empty(Position position) {
    return new ConfigFragment(position, Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), Set.of(), Optional.empty(), List.of());
  }
}
