package io.vaultlet.rotation;

import io.vaultlet.lease.Lease;
import io.vaultlet.lease.LeaseKeeper;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationEvent.Result;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.Log;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which leases published files still use, and when a replaced one ends. Only templates with rotation settings
 * ({@code verify}, {@code grace_period}, {@code slots}) report here; every other lease follows Vault Agent (left to
 * expire).
 *
 * <p>A lease is <em>held</em> by every destination whose published file uses it. When the {@link
 * io.vaultlet.lease.LeaseWatcher} replaces a held lease (it is <em>retired</em>) the {@link LeaseKeeper} keeps it
 * alive, so a file waiting for its replacement to pass verification never holds a dead credential. When a template
 * with {@code grace_period} publishes a file that no longer uses a lease and its reload command succeeded, the lease
 * is kept alive for the grace period and then revoked on purpose ({@code sys/leases/revoke}) — once nothing holds it
 * and the watcher no longer uses it. Without a grace period a released lease is left to expire. The state is saved in
 * {@link StateFile} after every change, so pending revocations survive a restart.
 */
public final class LeaseHolds implements AutoCloseable {

  private static final Log LOG = Log.named("rotation.grace");
  private static final RetrySchedule REVOKE_RETRY = RetrySchedule.DEFAULT.withAttempts(0).withBackoff(
      Duration.ofSeconds(1));

  private final LeaseKeeper keeper;
  private final StateFile state;
  private final Scheduler scheduler;
  private final RotationJournal journal;
  private final Map<String, Held> leases = new LinkedHashMap<>();
  private boolean closed;

  /** One lease the holds know; guarded by the {@link LeaseHolds} monitor. */
  private static final class Held {
    final String leaseId;
    final String dependency;
    final Set<String> holders = new LinkedHashSet<>();
    boolean retired;
    Lease lease;
    Instant expires;
    Instant revokeAt;
    String graceFor = "";
    Duration grace = Duration.ZERO;
    Scheduler.Cancellable timer;
    int revokeFailures;

    Held(String leaseId, String dependency) {
      this.leaseId = leaseId;
      this.dependency = dependency;
    }
  }

  public LeaseHolds(LeaseKeeper keeper, StateFile state, Scheduler scheduler, RotationJournal journal) {
    this.keeper = keeper;
    this.state = state;
    this.scheduler = scheduler;
    this.journal = journal;
  }

  /**
   * Loads the state: the leases the previous process's files used (retired: this process never fetched them; they
   * are not renewed again, they keep the time they have) and the revocations pending at the end of a grace period,
   * armed again (at once when overdue). Entries past their recorded expiry are dropped, except those with a pending
   * revocation: the record may be older than the lease's last renewal (the keeper renews a lease through a grace
   * period longer than its time left), and revoking a lease that did end is harmless (Vault answers 204). Holders not
   * in {@code destinations} (templates no longer configured) are forgotten.
   */
  public synchronized void restore(Collection<String> destinations) {
    Instant now = scheduler.clock().instant();
    for (StateFile.Entry e : state.load()) {
      if (e.revokeAt().isEmpty() && e.expires().map(x -> !x.isAfter(now)).orElse(false)) {
        continue;
      }
      Held h = leases.computeIfAbsent(e.leaseId(), id -> new Held(id, e.dependency()));
      h.retired = true;
      e.heldBy().stream().filter(destinations::contains).forEach(h.holders::add);
      h.expires = e.expires().orElse(null);
      h.revokeAt = e.revokeAt().orElse(null);
      h.graceFor = e.graceFor();
      if (h.revokeAt != null) {
        LOG.info("restored a pending revocation", "lease", Lease.displayId(h.leaseId), "revoke_at", h.revokeAt);
      }
      settle(h, now);
    }
    save();
  }

  /** What the file at {@code destination} uses as far as the holds know: dependency key → lease id. */
  public synchronized Map<String, String> heldBy(String destination) {
    Map<String, String> out = new LinkedHashMap<>();
    leases.values().stream().filter(h -> h.holders.contains(destination)).forEach(h -> out.put(h.dependency,
        h.leaseId));
    return out;
  }

  /** The latest known expiry of {@code leaseId} (after the keeper's renewals); empty when unknown. */
  public Optional<Instant> expiry(String leaseId) {
    Optional<Instant> kept = keeper.expiry(leaseId);
    if (kept.isPresent()) {
      return kept;
    }
    synchronized (this) {
      Held h = leases.get(leaseId);
      return h == null ? Optional.empty() : Optional.ofNullable(h.expires);
    }
  }

  /**
   * A template published a new file and its reload command ran ({@code reloaded}: it succeeded, or there is none).
   * The new file's leases are held by its destination; the ones it no longer uses are released — with a grace period
   * and a successful reload, kept alive until the grace ends and then revoked; after a failed reload left to expire
   * (the application may not have switched).
   */
  public synchronized void handedOver(Handover h, boolean reloaded) {
    if (closed) {
      return;
    }
    Instant now = scheduler.clock().instant();
    h.after().forEach((dep, lease) -> {
      Held held = leases.computeIfAbsent(lease.leaseId(), id -> new Held(id, dep));
      held.holders.add(h.destination());
      lease.expiry().ifPresent(x -> held.expires = x);
      held.lease = held.lease == null ? lease : held.lease;
    });
    String newIds = String.join(",", h.after().values().stream().map(l -> Lease.displayId(l.leaseId())).toList());
    for (String id : h.replaced()) {
      Held held = leases.get(id);
      if (held == null) {
        continue;
      }
      held.holders.remove(h.destination());
      if (!h.grace().isZero()) {
        startGrace(held, h, newIds, reloaded, now);
      }
      settle(held, now);
    }
    save();
  }

  private void startGrace(Held held, Handover h, String newIds, boolean reloaded, Instant now) {
    if (!reloaded) {
      journal.record(event(h.destination(), "revoke", held.leaseId, newIds, Result.SKIPPED, Duration.ZERO,
          "the reload command failed, so the application may still use the previous lease: it is not ended on "
              + "purpose and runs to its expiry"));
      return;
    }
    Instant at = now.plus(h.grace());
    if (held.revokeAt == null || at.isAfter(held.revokeAt)) {
      held.revokeAt = at;
      held.graceFor = h.destination();
      held.grace = h.grace();
    }
    journal.record(event(h.destination(), "grace", held.leaseId, newIds, Result.PENDING, Duration.ZERO,
        "the previous lease is kept alive for the grace period (" + io.vaultlet.support.GoDurations.format(h.grace())
            + ") and revoked at " + held.revokeAt));
  }

  /** The watcher no longer keeps {@code lease}: keep it alive when a file still uses it or its grace is running. */
  public synchronized void retired(Lease lease) {
    Held held = leases.get(lease.leaseId());
    if (held == null || closed) {
      return; // no rotation template uses it: Vault Agent's behaviour, it runs to its expiry
    }
    held.retired = true;
    held.lease = lease;
    lease.expiry().ifPresent(x -> held.expires = x);
    settle(held, scheduler.clock().instant());
    save();
  }

  /** Decides what a lease needs now: kept alive, revoked, or forgotten. Caller holds the monitor. */
  private void settle(Held h, Instant now) {
    if (!h.holders.isEmpty() || (h.revokeAt != null && now.isBefore(h.revokeAt))) {
      if (h.retired && h.lease != null) {
        keeper.keep(h.lease);
      }
      if (h.revokeAt != null && h.holders.isEmpty()) {
        armRevocation(h, Duration.between(now, h.revokeAt));
      }
      return;
    }
    if (h.revokeAt != null) {
      if (h.retired) {
        armRevocation(h, Duration.ZERO);
      }
      return; // the watcher still uses it: revoked once it is retired
    }
    leases.remove(h.leaseId);
    keeper.release(h.leaseId);
  }

  private void armRevocation(Held h, Duration delay) {
    if (h.timer != null) {
      h.timer.cancel();
    }
    h.timer = scheduler.schedule(delay, () -> revoke(h));
  }

  /** Revokes {@code h} when its grace is over and nothing holds it; the request runs outside the monitor. */
  private void revoke(Held h) {
    synchronized (this) {
      h.timer = null;
      Instant now = scheduler.clock().instant();
      if (closed || leases.get(h.leaseId) != h || h.revokeAt == null || now.isBefore(h.revokeAt)
          || !h.holders.isEmpty() || !h.retired) {
        return;
      }
    }
    long start = System.nanoTime();
    try {
      keeper.revoke(h.leaseId);
      revoked(h, Result.SUCCEEDED, since(start), "ended on purpose: its grace period"
          + (h.grace.isZero() ? "" : " (" + io.vaultlet.support.GoDurations.format(h.grace) + ")")
          + " is over (Vault Agent would let it run to its expiry)");
    } catch (VaultException e) {
      revokeFailed(h, since(start), e);
    }
  }

  private synchronized void revoked(Held h, Result result, Duration took, String message) {
    leases.remove(h.leaseId, h);
    journal.record(event(h.graceFor, "revoke", h.leaseId, "", result, took, message));
    save();
  }

  private void revokeFailed(Held h, Duration took, VaultException e) {
    Instant now = scheduler.clock().instant();
    synchronized (this) {
      if (h.expires != null && !now.isBefore(h.expires)) {
        revoked(h, Result.SKIPPED, took, "could not revoke it before it expired; it has ended anyway");
        return;
      }
      Duration wait = REVOKE_RETRY.next(h.revokeFailures++).orElseThrow();
      journal.record(event(h.graceFor, "revoke", h.leaseId, "", Result.FAILED, took,
          "revocation failed, retrying in " + io.vaultlet.support.GoDurations.format(wait) + ": " + e.getMessage()
              + (e.isPermissionDenied() ? " (the agent's token needs the \"update\" capability on sys/leases/revoke;"
                  + " Vault's default policy does not grant it)" : "")));
      if (!closed) {
        armRevocation(h, wait);
      }
    }
  }

  private RotationEvent event(String target, String step, String oldId, String newId, Result result, Duration took,
      String message) {
    return new RotationEvent(scheduler.clock().instant(), "lease", target, step, Lease.displayId(oldId), newId,
        "", result, took, message);
  }

  private void save() {
    List<StateFile.Entry> out = new ArrayList<>();
    for (Held h : leases.values()) {
      out.add(new StateFile.Entry(h.leaseId, h.dependency, h.holders, Optional.ofNullable(h.revokeAt),
          Optional.ofNullable(h.expires), h.graceFor));
    }
    state.save(out);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Stops the timers and the keeper; the state file keeps the pending revocations for the next start. */
  @Override
  public synchronized void close() {
    closed = true;
    leases.values().forEach(h -> {
      if (h.timer != null) {
        h.timer.cancel();
      }
    });
    keeper.close();
  }
}
