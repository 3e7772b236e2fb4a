package io.vaultlet.lease;

import java.time.Duration;

/**
 * consul-template's per-dependency retry ({@code retry { attempts, backoff, max_backoff }}; vault-agent.md §6.2): the
 * wait before retry {@code r} (0-based) is {@code 2^r × base}, capped at {@code max}. After {@code attempts} failures
 * the retries are "exhausted"; vaultlet then keeps trying at {@code max} (or exits with {@code exit_on_retry_failure}).
 *
 * @param attempts retries before giving up; 0 means never give up
 */
public record RetryPolicy(int attempts, Duration base, Duration max) {

  /** consul-template's defaults: 12 attempts, 250ms doubling to 1m (about 4.3 minutes in all). */
  public static final RetryPolicy DEFAULT = new RetryPolicy(12, Duration.ofMillis(250), Duration.ofMinutes(1));

  public RetryPolicy {
    if (attempts < 0 || base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("retry policy: attempts >= 0 and 0 < base <= max");
    }
  }

  /** The wait before retry {@code retry} (0-based). */
  public Duration delay(int retry) {
    Duration d = base;
    for (int i = 0; i < retry && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** True once {@code failures} consecutive failures used up the attempts. */
  public boolean exhausted(int failures) {
    return attempts > 0 && failures > attempts;
  }
}
