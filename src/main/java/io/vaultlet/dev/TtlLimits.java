package io.vaultlet.dev;

import java.time.Duration;

/**
 * A backend's TTL settings for a lease or token, as fed to Vault's {@code CalculateTTL} (contract §14.1). Zero means
 * unset: {@code ttl} falls back to the mount default, {@code maxTtl} to the mount max, {@code period} to non-periodic.
 */
public record TtlLimits(Duration ttl, Duration maxTtl, Duration period) {

  public TtlLimits {
    ttl = ttl == null ? Duration.ZERO : ttl;
    maxTtl = maxTtl == null ? Duration.ZERO : maxTtl;
    period = period == null ? Duration.ZERO : period;
  }

  public static TtlLimits of(Duration ttl, Duration maxTtl) {
    return new TtlLimits(ttl, maxTtl, Duration.ZERO);
  }

  public static TtlLimits none() {
    return new TtlLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }
}
