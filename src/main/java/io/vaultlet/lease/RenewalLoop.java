package io.vaultlet.lease;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One lease (or token) kept alive by renewing it, on Vault's lifetime-watcher rule (the part {@link LeaseKeeper} and
 * {@link ProxiedLeases} share): renew after {@link LeaseTiming#renewDelay}, again after each renewal while what Vault
 * granted still reaches beyond the grace ({@link LeaseTiming#stopRenewing}); retry a failed renewal with
 * {@link RetrySchedule#DEFAULT}'s backoff while the retry still comes in time. Every scheduled step carries the loop's
 * generation and is dropped when it moved on (or when the owner no longer holds the loop), so a stale step never
 * lands. The request is made without the loop's monitor. How a loop ends is its owner's {@link Policy}: the proxy's
 * cache evicts the entry, the keeper lets the lease run to its expiry.
 */
final class RenewalLoop {

  private static final Log LOG = Log.named("lease.renewal");

  /** Why a loop ended by itself. */
  enum End {
    /** Vault answered the renewal as not renewable (or with no time). */
    NOT_RENEWABLE,
    /** A renewal would no longer extend it beyond its grace (max TTL near). */
    MAX_TTL,
    /** Vault refused the renewal ({@link Policy#refuses}). */
    REFUSED,
    /** Renewals kept failing and the next retry would come too late. */
    FAILING,
    /** The owner asked it to end ({@link #endAfter}). */
    ASKED
  }

  /** The renewal request: what Vault granted. */
  @FunctionalInterface
  interface Request {
    Granted renew() throws VaultException;
  }

  /** A renewal's answer: the new TTL and whether it can be renewed again. */
  record Granted(Duration ttl, boolean renewable) {}

  /** The owner's end policy. */
  interface Policy {
    /** True when a renewal refused with {@code status} ends the loop at once (else it is retried). */
    boolean refuses(int status);

    /** Called once, on a scheduler thread and without the loop's monitor, when the loop ends by itself. */
    void ended(End end, String why);
  }

  /** What a status shows, read under the loop's monitor. */
  record State(Instant obtained, Duration duration, Duration grace, Optional<Instant> nextAt, int failures,
      String lastError) {
    Instant expiry() {
      return obtained.plus(duration);
    }
  }

  private final String label;
  private final Scheduler scheduler;
  private final LeaseTiming timing;
  private final Request request;
  private final Policy policy;
  private final BooleanSupplier held;
  /** Retries stop when they would come after {@code expiry − grace} (true) or after the expiry itself (false). */
  private final boolean retryWithinGrace;
  private Instant obtained;
  private Duration duration;
  private Duration grace;
  private Instant nextAt;
  private int failures;
  private String lastError = "";
  private long generation;
  private Scheduler.Cancellable pending;
  private boolean stopped;

  /**
   * A loop for a lease valid from {@code obtained} for {@code duration}; nothing runs before {@link #start}.
   *
   * @param label what logs call it (never a lease id or a token)
   * @param held true while the owner still holds this loop (checked with every step)
   */
  RenewalLoop(String label, Scheduler scheduler, LeaseTiming timing, Instant obtained, Duration duration,
      Duration grace, boolean retryWithinGrace, Request request, Policy policy, BooleanSupplier held) {
    this.label = label;
    this.scheduler = scheduler;
    this.timing = timing;
    this.obtained = obtained;
    this.duration = duration;
    this.grace = grace;
    this.retryWithinGrace = retryWithinGrace;
    this.request = request;
    this.policy = policy;
    this.held = held;
  }

  /** Schedules the first renewal: {@link LeaseTiming#renewDelay} of the time left. */
  synchronized void start() {
    Duration left = Duration.between(scheduler.clock().instant(), obtained.plus(duration));
    arm(LeaseTiming.renewDelay(left.isNegative() ? Duration.ZERO : left, grace));
  }

  /** Stops it without calling the policy (released, replaced, closed). */
  synchronized void stop() {
    stopped = true;
    generation++;
    cancel();
  }

  /** Ends it after {@code delay} ({@link End#ASKED}: the policy is called then) instead of renewing it. */
  synchronized void endAfter(Duration delay, String why) {
    long gen = ++generation;
    cancel();
    nextAt = scheduler.clock().instant().plus(delay);
    pending = scheduler.schedule(delay, () -> end(gen, End.ASKED, why));
  }

  /**
   * Stops it and returns its state when it is still worth keeping at {@code now} (before {@code expiry − grace}), for
   * someone else to renew it from there; empty (and nothing changed) otherwise. The policy is not called.
   */
  synchronized Optional<State> takeOver(Instant now) {
    if (stopped || !held.getAsBoolean() || !obtained.plus(duration).minus(grace).isAfter(now)) {
      return Optional.empty();
    }
    State s = state();
    stop();
    return Optional.of(s);
  }

  synchronized State state() {
    return new State(obtained, duration, grace, Optional.ofNullable(nextAt), failures, lastError);
  }

  synchronized Instant expiry() {
    return obtained.plus(duration);
  }

  // ---- the steps ----

  private void arm(Duration delay) {
    long gen = ++generation;
    cancel();
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    nextAt = scheduler.clock().instant().plus(d);
    pending = scheduler.schedule(d, () -> renew(gen));
  }

  private void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  private boolean stale(long gen) {
    return stopped || generation != gen || !held.getAsBoolean();
  }

  private void renew(long gen) {
    synchronized (this) {
      if (stale(gen)) {
        return;
      }
      pending = null;
    }
    Instant now = scheduler.clock().instant();
    Granted g;
    try {
      g = request.renew();
    } catch (VaultException e) {
      failed(gen, e.status(), e.getMessage(), now);
      return;
    } catch (RuntimeException e) {
      LOG.error("unexpected failure while renewing", e, "lease", label);
      failed(gen, 0, "internal error: " + e, now);
      return;
    }
    End end;
    synchronized (this) {
      if (stale(gen)) {
        return;
      }
      Duration granted = g.ttl().isNegative() ? Duration.ZERO : g.ttl();
      if (granted.compareTo(duration) > 0) {
        grace = timing.grace(granted);
      }
      obtained = now;
      duration = granted;
      failures = 0;
      lastError = "";
      if (!g.renewable() || granted.isZero()) {
        end = End.NOT_RENEWABLE;
      } else if (LeaseTiming.stopRenewing(granted, grace)) {
        end = End.MAX_TTL;
      } else {
        LOG.debug("renewed", "lease", label, "ttl", granted);
        arm(LeaseTiming.renewDelay(granted, grace));
        return;
      }
    }
    end(gen, end, end == End.NOT_RENEWABLE ? "no longer renewable" : "renewal no longer extends it (max TTL near)");
  }

  private void failed(long gen, int status, String message, Instant now) {
    End end;
    String why;
    synchronized (this) {
      if (stale(gen)) {
        return;
      }
      failures++;
      lastError = Redactor.redact(message);
      Duration wait = RetrySchedule.DEFAULT.withAttempts(0).next(failures - 1).orElse(Duration.ofMinutes(1));
      Instant last = obtained.plus(duration).minus(retryWithinGrace ? grace : Duration.ZERO);
      if (policy.refuses(status)) {
        end = End.REFUSED;
        why = "renewal refused (" + status + ")";
      } else if (!now.plus(wait).isBefore(last)) {
        end = End.FAILING;
        why = "renewal keeps failing and the lease is about to expire";
      } else {
        LOG.warn("renewing failed; will retry", "lease", label, "retry_in", wait, "error", lastError);
        arm(wait);
        return;
      }
    }
    end(gen, end, why + ": " + lastError);
  }

  private void end(long gen, End end, String why) {
    synchronized (this) {
      if (stale(gen)) {
        return;
      }
      stopped = true;
      generation++;
      cancel();
    }
    try {
      policy.ended(end, why);
    } catch (RuntimeException e) {
      LOG.error("ending a renewal failed", e, "lease", label);
    }
  }
}
