package io.vaultlet.lease;

import io.vaultlet.support.Scheduler;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One dependency the {@link LeaseWatcher} keeps fresh, shared by every template that uses it: its value and lease, and
 * its one pending one-shot schedule. Arming a schedule bumps {@link #generation}; a task armed under an older
 * generation does nothing. Mutable state is guarded by the entry's monitor; reads for status are racy snapshots.
 */
final class WatchedDependency {

  /** What the pending schedule will do. */
  enum Action { FETCH, RENEW }

  final Dependency dependency;
  /** Where its templates write: {@code pkiCert} and {@code secret "pki/issue/…"} reuse a certificate there. */
  final Set<String> destinations = ConcurrentHashMap.newKeySet();
  /** The longest {@code renew_before} of the templates that use it; empty: {@code template_config}'s. */
  volatile Optional<Duration> renewBefore = Optional.empty();
  /** For certificates: the serial number of the current one ("" before the first). */
  volatile String serial = "";
  final AtomicBoolean started = new AtomicBoolean();
  volatile Object value;
  volatile Lease lease;
  volatile Action nextAction;
  volatile Instant nextAt;
  volatile Instant lastFetch;
  volatile int failures;
  volatile String lastError;
  /** The Vault response body the value came from (reads and writes), so the API proxy's cache can hand it out. */
  volatile byte[] response;
  /** The next fetch must not reuse a certificate found on disk ({@code POST /agent/v1/rotate}). */
  volatile boolean fresh;
  long generation;
  boolean exhausted;
  Duration grace = Duration.ZERO;
  Scheduler.Cancellable pending;

  WatchedDependency(Dependency dependency) {
    this.dependency = dependency;
  }

  /** A lease replaced by the last fetch, waiting to be reported to the retired-lease listeners. */
  private final java.util.concurrent.atomic.AtomicReference<Lease> retired =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Takes a freshly fetched value and its lease. A {@link Secret} keeps the value before it as its {@code .Previous}
   * when it differs (another lease, or other data); an unchanged re-read keeps the earlier {@code .Previous}. A lease
   * replaced by one with another id is kept for {@link #takeRetired}. Caller holds the entry lock.
   */
  void replaceValue(Object fresh, Lease freshLease) {
    Object old = value;
    Lease oldLease = lease;
    if (fresh instanceof Secret s && old instanceof Secret o) {
      boolean differs = !s.leaseId().isEmpty() || !o.leaseId().isEmpty()
          ? !s.leaseId().equals(o.leaseId()) : !s.data().equals(o.data());
      fresh = s.withPrevious(differs ? o : o.hasPrevious() ? o.previous() : null);
    }
    value = fresh;
    lease = freshLease;
    if (oldLease != null && oldLease.hasLeaseId() && !oldLease.leaseId().equals(freshLease.leaseId())) {
      retired.set(oldLease);
    }
  }

  /** The lease the last fetch replaced, once; null when none. */
  Lease takeRetired() {
    return retired.getAndSet(null);
  }

  /** Takes a using template's {@code renew_before} into account: the longest one wins. */
  void renewBefore(Optional<Duration> d) {
    if (d.isPresent() && (renewBefore.isEmpty() || d.get().compareTo(renewBefore.get()) > 0)) {
      renewBefore = d;
    }
  }

  /** Cancels the pending schedule, if any. */
  void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
    nextAction = null;
    nextAt = null;
  }

  /** The status row (a racy snapshot). */
  LeaseStatus status() {
    Lease l = lease;
    Action next = nextAction;
    return new LeaseStatus(dependency.key(), l == null ? "" : l.displayId(),
        Optional.ofNullable(l).map(Lease::kind), l == null ? Optional.empty() : l.expiry(),
        next == null ? "none" : next.name().toLowerCase(Locale.ROOT), Optional.ofNullable(nextAt),
        Optional.ofNullable(lastFetch), failures, lastError == null ? "" : lastError);
  }
}
