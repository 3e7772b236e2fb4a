package io.vaultlet.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code template_config}: settings shared by every template (vault-agent.md §1.7).
 *
 * @param exitOnRetryFailure {@code exit_on_retry_failure}: exit 1 when the template engine gives up
 * @param staticSecretRenderInterval {@code static_secret_render_interval}, default 5m: how often secrets without a
 *     lease (KV) are re-read
 * @param maxConnectionsPerHost {@code max_connections_per_host}, default 10
 * @param leaseRenewalThreshold {@code lease_renewal_threshold}, default 0.9: fraction of a non-renewable lease (and of
 *     a certificate's lifetime) after which to re-fetch
 * @param renewBefore vaultlet: {@code renew_before}, the default for every template's {@code renew_before}
 * @param limits vaultlet: {@code max_output_size}, {@code max_file_size}, {@code max_response_size},
 *     {@code max_render_steps}, {@code max_render_time} ({@link Limits})
 */
public record TemplateSettings(
    boolean exitOnRetryFailure,
    Duration staticSecretRenderInterval,
    int maxConnectionsPerHost,
    double leaseRenewalThreshold,
    Optional<Duration> renewBefore,
    Limits limits) {

  public TemplateSettings(boolean exitOnRetryFailure, Duration staticSecretRenderInterval, int maxConnectionsPerHost,
      double leaseRenewalThreshold, Optional<Duration> renewBefore) {
    this(exitOnRetryFailure, staticSecretRenderInterval, maxConnectionsPerHost, leaseRenewalThreshold, renewBefore,
        Limits.defaults());
  }

  public static final Duration DEFAULT_STATIC_SECRET_RENDER_INTERVAL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 10;
  public static final double DEFAULT_LEASE_RENEWAL_THRESHOLD = 0.9;

  /** The settings without a {@code template_config} block (or with an empty one). */
  public static TemplateSettings defaults() {
    return new TemplateSettings(false, DEFAULT_STATIC_SECRET_RENDER_INTERVAL, DEFAULT_MAX_CONNECTIONS_PER_HOST,
        DEFAULT_LEASE_RENEWAL_THRESHOLD, Optional.empty());
  }
}
