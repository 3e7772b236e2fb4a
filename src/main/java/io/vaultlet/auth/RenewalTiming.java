package io.vaultlet.auth;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The lifetime watcher's arithmetic (vault-agent.md §3.1), pure so that it can be checked on its own: the grace, the
 * sleep before the next renewal, and when a token is too close to its end to be worth renewing.
 */
final class RenewalTiming {

  private RenewalTiming() {}

  /** Vault's grace: uniform in [10%, 20%) of the lease; zero for a lease of zero. */
  static Duration grace(Duration lease, DoubleSupplier random) {
    if (lease.isZero() || lease.isNegative()) {
      return Duration.ZERO;
    }
    long tenth = lease.toMillis() / 10;
    return Duration.ofMillis(tenth + (long) (random.getAsDouble() * tenth));
  }

  /** The wait before the next renewal (or planned re-login): {@code ⅔·remaining + ⅓·grace}. */
  static Duration sleep(Duration remaining, Duration grace) {
    return remaining.multipliedBy(2).dividedBy(3).plus(grace.dividedBy(3));
  }

  /**
   * Vault's done check: a token with no more than its grace left, or (renewable) whose next renewal would come when
   * no more than the grace is left ({@code remaining ≤ 4·grace}, the max TTL is near), should be replaced now.
   */
  static boolean replaceNow(Duration remaining, Duration grace, boolean renewable) {
    if (remaining.compareTo(grace) <= 0) {
      return true;
    }
    return renewable && remaining.minus(sleep(remaining, grace)).compareTo(grace) <= 0;
  }
}
