package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code telemetry { … }} (vault-agent.md §8). Parsed; vaultlet does not export these metrics yet (a warning
 * says so).
 *
 * @param prometheusRetentionTime {@code prometheus_retention_time}, default 24h when the block exists; zero disables
 *     Prometheus
 * @param metricsPrefix {@code metrics_prefix}
 * @param disableHostname {@code disable_hostname}
 * @param settings every key as written
 */
public record TelemetryConfig(
    Position position,
    Duration prometheusRetentionTime,
    Optional<String> metricsPrefix,
    boolean disableHostname,
    FreeformMap settings) {

  public static final Duration DEFAULT_PROMETHEUS_RETENTION = Duration.ofHours(24);
}
