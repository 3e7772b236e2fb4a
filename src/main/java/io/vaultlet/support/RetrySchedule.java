package io.vaultlet.support;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * consul-template's retry function ({@code retry { enabled, attempts, backoff, max_backoff }}): after a failed fetch,
 * whether to try again and how long to wait first. Pure; the caller counts failures and schedules.
 *
 * <p>Retry {@code r} (0-based: 0 after the first failure) waits {@code 2^r × backoff}; once {@code r} passes
 * {@code floor(log2(max_backoff / backoff))} it waits {@code max_backoff} instead (a zero {@code max_backoff} means no
 * cap). With {@code attempts} above 0 there is no retry {@code attempts} or later; 0 means retry forever. Disabled
 * means never retry.
 *
 * <p>consul-template's waits have no jitter, so a fleet that lost Vault together retries together. vaultlet jitters
 * them as Vault's auth backoff ({@code sdk/helper/backoff}) does: {@link #next(int, DoubleSupplier)} takes the wait above
 * down by up to 25%, {@code floor(t·(1 − 0.25·U))}, U uniform in [0,1) — {@code max_backoff} stays an upper bound.
 *
 * <p>Where Go's arithmetic is undefined this saturates: a wait beyond {@code int64} nanoseconds (uncapped, after
 * dozens of retries) is the longest {@link Duration} of {@code Long.MAX_VALUE} nanoseconds, where Go wraps around; a
 * zero {@code backoff} with a cap waits the cap, as Go does on amd64.
 *
 * @param enabled {@code enabled}, default true
 * @param attempts {@code attempts}, default 12; 0 means unlimited
 * @param backoff {@code backoff}, default 250ms
 * @param maxBackoff {@code max_backoff}, default 1m; zero means no cap
 */
public record RetrySchedule(boolean enabled, int attempts, Duration backoff, Duration maxBackoff) {

  public static final int DEFAULT_ATTEMPTS = 12;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  /** consul-template's defaults: 12 attempts, 250ms doubling to 1m. */
  public static final RetrySchedule DEFAULT =
      new RetrySchedule(true, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  public RetrySchedule {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (attempts < 0 || backoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("retry: attempts, backoff and max_backoff must not be negative");
    }
  }

  public RetrySchedule withEnabled(boolean on) {
    return new RetrySchedule(on, attempts, backoff, maxBackoff);
  }

  public RetrySchedule withAttempts(int n) {
    return new RetrySchedule(enabled, n, backoff, maxBackoff);
  }

  public RetrySchedule withBackoff(Duration d) {
    return new RetrySchedule(enabled, attempts, d, maxBackoff);
  }

  public RetrySchedule withMaxBackoff(Duration d) {
    return new RetrySchedule(enabled, attempts, backoff, d);
  }

  /** The wait before retry {@code retry} (0-based), or empty when there is no such retry: give up. */
  public Optional<Duration> next(int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry index must not be negative: " + retry);
    }
    if (!enabled || (attempts > 0 && retry > attempts - 1)) {
      return Optional.empty();
    }
    if (!maxBackoff.isZero() && retry > retriesBeforeCap()) {
      return Optional.of(maxBackoff);
    }
    return Optional.of(doubled(retry));
  }

  /**
   * The wait before retry {@code retry} as {@link #next(int)}, jittered down by up to 25% with {@code random} (uniform
   * in [0,1)): what the per-dependency retries use.
   */
  public Optional<Duration> next(int retry, DoubleSupplier random) {
    return next(retry).map(d -> jitter(d, random));
  }

  /** {@code floor(t·(1 − 0.25·U))} in milliseconds, at least 1ms for a non-zero wait (Vault's backoff jitter). */
  public static Duration jitter(Duration wait, DoubleSupplier random) {
    if (wait.isZero() || wait.isNegative()) {
      return wait;
    }
    double u = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    long ms = wait.toMillis();
    if (ms >= Long.MAX_VALUE / 2) {
      return wait; // saturated: "forever" needs no jitter
    }
    return Duration.ofMillis(Math.max(1, (long) Math.floor(ms * (1 - 0.25 * u))));
  }

  /** Go's {@code int(math.Log2(max.Seconds() / backoff.Seconds()))}. */
  private long retriesBeforeCap() {
    if (backoff.isZero()) {
      return Long.MIN_VALUE;
    }
    return (long) log2(seconds(maxBackoff) / seconds(backoff));
  }

  /** {@code 2^retry × backoff}, saturated. */
  private Duration doubled(int retry) {
    if (backoff.isZero()) {
      return Duration.ZERO;
    }
    if (retry >= 63) {
      return LONGEST;
    }
    try {
      return Duration.ofNanos(Math.multiplyExact(1L << retry, backoff.toNanos()));
    } catch (ArithmeticException e) {
      return LONGEST;
    }
  }

  /** Go's {@code Duration.Seconds()}: whole seconds and the nanosecond rest converted separately. */
  private static double seconds(Duration d) {
    long ns = d.toNanos();
    return (double) (ns / 1_000_000_000L) + (double) (ns % 1_000_000_000L) / 1e9;
  }

  /** Go's {@code math.Log2}: exact for powers of two, so a cap of exactly {@code 2^k × backoff} is reached at k. */
  static double log2(double x) {
    if (!(x > 0) || Double.isInfinite(x) || x < Double.MIN_NORMAL) {
      return Math.log(x) / Math.log(2);
    }
    int exp = Math.getExponent(x) + 1;
    double frac = Math.scalb(x, -exp);
    if (frac == 0.5) {
      return exp - 1;
    }
    return Math.log(frac) * LOG2_E + exp;
  }

  private static final double LOG2_E = 1.4426950408889634;
}
