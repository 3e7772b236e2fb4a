package io.vaultlet.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The timing rules, as pure functions of the lease and a random source (vault-agent.md §3.1–§3.3).
 *
 * <ul>
 *   <li>Renewable leases follow Vault's {@code LifetimeWatcher}: grace {@code g} in [10%, 20%) of the lease, renew
 *       after {@code ⅔·remaining + g/3}, and stop renewing (re-fetch now) once {@code remaining ≤ g} or
 *       {@code remaining − sleep ≤ g} — i.e. when the lease can no longer be extended far enough.</li>
 *   <li>Non-renewable leases: re-fetch after {@code lease × f}, {@code f = threshold ± 0.05} (uniform).</li>
 *   <li>Certificates: re-issue at {@code notBefore + threshold × lifetime} or {@code notAfter − renewBefore}, whichever
 *       comes first.</li>
 * </ul>
 */
final class LeaseTiming {

  private final double threshold;
  private final Duration staticInterval;
  private final Optional<Duration> renewBefore;
  private final DoubleSupplier random;

  LeaseTiming(double threshold, Duration staticInterval, Optional<Duration> renewBefore, DoubleSupplier random) {
    this.threshold = threshold;
    this.staticInterval = staticInterval;
    this.renewBefore = renewBefore;
    this.random = random;
  }

  Duration staticInterval() {
    return staticInterval;
  }

  /** The configured {@code renew_before} ({@code template_config}), used when no template sets its own. */
  Optional<Duration> renewBefore() {
    return renewBefore;
  }

  /** Vault's grace: {@code 0.1·L + U·0.1·L}, zero for a non-positive lease. */
  Duration grace(Duration lease) {
    if (lease.isZero() || lease.isNegative()) {
      return Duration.ZERO;
    }
    long tenth = lease.toMillis() / 10;
    return Duration.ofMillis(tenth + (long) (random.getAsDouble() * tenth));
  }

  /** The wait before the next renewal of a lease with {@code remaining} left. */
  static Duration renewDelay(Duration remaining, Duration grace) {
    return Duration.ofMillis(remaining.toMillis() * 2 / 3 + grace.toMillis() / 3);
  }

  /** Vault's done check: true when renewing again would not keep the lease beyond its grace. */
  static boolean stopRenewing(Duration remaining, Duration grace) {
    Duration sleep = renewDelay(remaining, grace);
    return remaining.compareTo(grace) <= 0 || remaining.minus(sleep).compareTo(grace) <= 0;
  }

  /** consul-template's {@code leaseCheckWait} for a non-renewable lease of {@code base}. */
  Duration nonRenewableDelay(Duration base) {
    double f = threshold + (random.getAsDouble() - 0.5) * 0.1;
    if (f <= 0 || f >= 1) {
      f = threshold;
    }
    return Duration.ofMillis((long) (base.toMillis() * f));
  }

  /** When a certificate valid from {@code notBefore} to {@code notAfter} must be replaced. */
  Instant certificateRotation(Instant notBefore, Instant notAfter) {
    return certificateRotation(notBefore, notAfter, renewBefore);
  }

  /** {@link #certificateRotation(Instant, Instant)} with the {@code renew_before} of the templates that use it. */
  Instant certificateRotation(Instant notBefore, Instant notAfter, Optional<Duration> renewBefore) {
    long lifeMillis = Duration.between(notBefore, notAfter).toMillis();
    Instant atThreshold = notBefore.plusMillis((long) (lifeMillis * threshold));
    if (renewBefore.isPresent()) {
      Instant floor = notAfter.minus(renewBefore.get());
      if (floor.isBefore(atThreshold)) {
        return floor;
      }
    }
    return atThreshold;
  }

  /** {@link #certificateRotation} ignoring {@code renew_before} (used when the floor lies before the issue time). */
  Instant certificateThreshold(Instant notBefore, Instant notAfter) {
    long lifeMillis = Duration.between(notBefore, notAfter).toMillis();
    return notBefore.plusMillis((long) (lifeMillis * threshold));
  }
}
