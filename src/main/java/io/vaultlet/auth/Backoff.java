package io.vaultlet.auth;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Vault's auth backoff ({@code sdk/helper/backoff}, vault-agent.md §2.2): the first wait is a jittered {@code min},
 * each later one doubles, capped at {@code max}, then jittered down by up to 25%: {@code floor(t·(1 − 0.25·U))}.
 * Never zero, so no failure path can spin.
 */
final class Backoff {

  private static final Duration FLOOR = Duration.ofMillis(100);

  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;
  private Duration current;
  private boolean started;

  Backoff(Duration min, Duration max, DoubleSupplier random) {
    this.min = min.compareTo(FLOOR) < 0 ? FLOOR : min;
    this.max = max.compareTo(this.min) < 0 ? this.min : max;
    this.random = random;
    reset();
  }

  /** Back to a (jittered) {@code min}. */
  void reset() {
    current = jitter(min);
    started = false;
  }

  /** The next wait. */
  Duration next() {
    if (started) {
      Duration doubled = current.multipliedBy(2);
      current = jitter(doubled.compareTo(max) > 0 ? max : doubled);
    }
    started = true;
    return current;
  }

  private Duration jitter(Duration t) {
    long ms = (long) Math.floor(t.toMillis() * (1 - 0.25 * random.getAsDouble()));
    return Duration.ofMillis(Math.max(FLOOR.toMillis(), ms));
  }
}
