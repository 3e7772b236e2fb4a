package io.vaultlet.lease;

import io.vaultlet.support.Log;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps alive leases the {@link LeaseWatcher} no longer keeps: a previous credential that a published file still uses
 * while its replacement fails verification, or that is inside its grace period. Each renewable one is renewed by the
 * watcher's rule: first after {@code ⅔·remaining + grace/3}, then again after each renewal while what Vault granted
 * still reaches beyond the grace (10–20 % of the lease); then it is left to its expiry. A failed renewal is retried with backoff until the lease expires; a lease Vault no longer
 * knows is dropped. Every request uses the watcher's current token. Revocation ({@link #revoke}) is explicit.
 */
public final class LeaseKeeper implements AutoCloseable {

  private static final Log LOG = Log.named("lease.keeper");

  private final LeaseWatcher watcher;
  private final Scheduler scheduler;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One kept lease; guarded by its own monitor ({@code lease} is also read without it). */
  private static final class Kept {
    volatile Lease lease;
    Duration grace;
    int failures;
    Scheduler.Cancellable pending;
    long generation;

    Kept(Lease lease, Duration grace) {
      this.lease = lease;
      this.grace = grace;
    }
  }

  public LeaseKeeper(LeaseWatcher watcher, Scheduler scheduler) {
    this.watcher = watcher;
    this.scheduler = scheduler;
  }

  /** Starts keeping {@code lease} alive (no-op when it is kept already or has no lease id). */
  public void keep(Lease lease) {
    if (closed || !lease.hasLeaseId()) {
      return;
    }
    Kept k = new Kept(lease, watcher.timing().grace(lease.duration()));
    if (kept.putIfAbsent(lease.leaseId(), k) != null) {
      return;
    }
    synchronized (k) {
      Duration remaining = lease.expiry().map(x -> Duration.between(scheduler.clock().instant(), x))
          .orElse(Duration.ZERO);
      if (lease.kind() == Lease.Kind.RENEWABLE && remaining.compareTo(Duration.ZERO) > 0) {
        arm(k, LeaseTiming.renewDelay(remaining, k.grace)); // the renewal then says how far it can still go
      }
    }
    LOG.debug("keeping a previous lease alive", "lease", lease.displayId(), "expires", lease.expiry().orElse(null));
  }

  /** Stops renewing {@code leaseId}; it runs to its expiry unless revoked. */
  public void release(String leaseId) {
    Kept k = kept.remove(leaseId);
    if (k != null) {
      synchronized (k) {
        k.generation++;
        cancel(k);
      }
    }
  }

  /** True while {@code leaseId} is kept. */
  public boolean keeps(String leaseId) {
    return kept.containsKey(leaseId);
  }

  /** The kept lease's expiry as last renewed; empty when it is not kept or never expires. */
  public Optional<Instant> expiry(String leaseId) {
    Kept k = kept.get(leaseId);
    return k == null ? Optional.empty() : k.lease.expiry();
  }

  /**
   * Revokes {@code leaseId} at once ({@code PUT sys/leases/revoke}) with the current token and stops keeping it.
   *
   * @throws VaultException when Vault refuses or cannot be reached
   */
  public void revoke(String leaseId) {
    release(leaseId);
    watcher.currentClient().revokeLease(leaseId);
  }

  @Override
  public void close() {
    closed = true;
    for (String id : kept.keySet()) {
      release(id);
    }
  }

  // ---- renewal ----

  /** After a renewal that granted {@code granted}: renew again, unless that would not extend it beyond its grace. */
  private void armRenewal(Kept k, Duration granted) {
    if (LeaseTiming.stopRenewing(granted, k.grace)) {
      LOG.info("a previous lease can no longer be extended; it stays valid until it expires", "lease",
          k.lease.displayId(), "expires", k.lease.expiry().orElse(null));
      return;
    }
    arm(k, LeaseTiming.renewDelay(granted, k.grace));
  }

  private void arm(Kept k, Duration delay) {
    cancel(k);
    long gen = ++k.generation;
    k.pending = scheduler.schedule(delay, () -> renew(k, gen));
  }

  private static void cancel(Kept k) {
    if (k.pending != null) {
      k.pending.cancel();
      k.pending = null;
    }
  }

  private void renew(Kept k, long gen) {
    synchronized (k) {
      if (closed || k.generation != gen || kept.get(k.lease.leaseId()) != k) {
        return;
      }
      k.pending = null;
      Instant now = scheduler.clock().instant();
      try {
        VaultResponse r = watcher.currentClient().renewLease(k.lease.leaseId(), null);
        Duration granted = Duration.ofSeconds(Math.max(0, r.leaseDuration()));
        k.failures = 0;
        if (!r.renewable() || granted.isZero()) {
          k.lease = k.lease.renewed(now, granted);
          LOG.info("a previous lease is no longer renewable", "lease", k.lease.displayId());
          return;
        }
        k.lease = k.lease.renewed(now, granted);
        LOG.debug("renewed a previous lease", "lease", k.lease.displayId(), "ttl", granted);
        armRenewal(k, granted);
      } catch (VaultException e) {
        failed(k, now, e);
      }
    }
  }

  private void failed(Kept k, Instant now, VaultException e) {
    if (e.status() == 400 || e.status() == 404) {
      LOG.warn("a previous lease is gone (Vault no longer knows it); no longer keeping it", "lease",
          k.lease.displayId(), "error", e.getMessage());
      kept.remove(k.lease.leaseId(), k);
      return;
    }
    Duration wait = RetrySchedule.DEFAULT.withAttempts(0).next(k.failures++).orElseThrow();
    Instant expiry = k.lease.expiry().orElse(now);
    if (!now.plus(wait).isBefore(expiry)) {
      LOG.warn("renewing a previous lease failed; it stays valid until it expires", "lease", k.lease.displayId(),
          "expires", expiry, "error", e.getMessage());
      return;
    }
    LOG.warn("renewing a previous lease failed; will retry", "lease", k.lease.displayId(), "retry_in", wait,
        "error", e.getMessage());
    arm(k, wait);
  }
}
