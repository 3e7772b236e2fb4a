package io.vaultlet.lease;

import io.vaultlet.support.Log;
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
 * while its replacement fails verification, or that is inside its grace period. Each renewable one is renewed by a
 * {@link RenewalLoop} on the watcher's rule: first after {@code ⅔·remaining + grace/3}, then again after each renewal
 * while what Vault granted still reaches beyond the grace (10–20 % of the lease); then it is left to its expiry. A
 * failed renewal is retried with backoff until the lease expires; a lease Vault no longer knows is dropped. Every
 * request uses the watcher's current token. Revocation ({@link #revoke}) is explicit.
 */
public final class LeaseKeeper implements AutoCloseable {

  private static final Log LOG = Log.named("lease.keeper");

  private final LeaseWatcher watcher;
  private final Scheduler scheduler;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One kept lease; a renewable one has its {@link RenewalLoop}, the others just run to their expiry. */
  private final class Kept implements RenewalLoop.Policy {
    final Lease lease;
    final RenewalLoop loop;

    Kept(Lease lease, Instant now) {
      this.lease = lease;
      Duration remaining = lease.expiry().map(x -> Duration.between(now, x)).orElse(Duration.ZERO);
      this.loop = lease.kind() == Lease.Kind.RENEWABLE && remaining.compareTo(Duration.ZERO) > 0
          ? new RenewalLoop(lease.displayId(), scheduler, watcher.timing(), now, remaining,
              watcher.timing().grace(lease.duration()), false, this::renew, this,
              () -> !closed && kept.get(lease.leaseId()) == this)
          : null;
    }

    private RenewalLoop.Granted renew() {
      VaultResponse r = watcher.currentClient().renewLease(lease.leaseId(), null); // the watcher's current token
      return new RenewalLoop.Granted(Duration.ofSeconds(r.leaseDuration()), r.renewable());
    }

    Optional<Instant> expiry() {
      return loop == null ? lease.expiry() : Optional.of(loop.expiry());
    }

    /** Vault no longer knows it (400, 404): nothing to keep. Anything else is retried while there is time. */
    @Override
    public boolean refuses(int status) {
      return status == 400 || status == 404;
    }

    /** It was kept as long as it could be; now it runs to its expiry (and stays here until released). */
    @Override
    public void ended(RenewalLoop.End end, String why) {
      switch (end) {
        case REFUSED -> {
          LOG.warn("a previous lease is gone (Vault no longer knows it); no longer keeping it", "lease",
              lease.displayId(), "error", why);
          kept.remove(lease.leaseId(), this);
        }
        case FAILING -> LOG.warn("renewing a previous lease failed; it stays valid until it expires", "lease",
            lease.displayId(), "expires", loop.expiry(), "error", why);
        default -> LOG.info("a previous lease can no longer be extended; it stays valid until it expires", "lease",
            lease.displayId(), "expires", loop.expiry(), "reason", why);
      }
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
    Kept k = new Kept(lease, scheduler.clock().instant());
    if (kept.putIfAbsent(lease.leaseId(), k) != null) {
      return;
    }
    if (k.loop != null) {
      k.loop.start(); // the renewal then says how far it can still go
    }
    LOG.debug("keeping a previous lease alive", "lease", lease.displayId(), "expires", lease.expiry().orElse(null));
  }

  /** Stops renewing {@code leaseId}; it runs to its expiry unless revoked. */
  public void release(String leaseId) {
    Kept k = kept.remove(leaseId);
    if (k != null && k.loop != null) {
      k.loop.stop();
    }
  }

  /** True while {@code leaseId} is kept. */
  public boolean keeps(String leaseId) {
    return kept.containsKey(leaseId);
  }

  /** The kept lease's expiry as last renewed; empty when it is not kept or never expires. */
  public Optional<Instant> expiry(String leaseId) {
    Kept k = kept.get(leaseId);
    return k == null ? Optional.empty() : k.expiry();
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
}
