package io.vaultlet.lease;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The part of the {@link LeaseWatcher} that keeps the API proxy's cached leases alive: a lease (or a token) that a
 * client obtained through the agent is renewed on the same rule as the templates' leases (Vault's lifetime watcher:
 * at {@code ⅔·lease + grace/3}, {@link LeaseTiming}) with the token that obtained it, on the same scheduler. A proxied
 * lease is never fetched again — there is no request to repeat on a client's behalf — so where a template's lease
 * would be re-fetched (renewal refused, no longer extended, the token that holds it about to be replaced), a proxied
 * one ends and its {@code onEnd} callback evicts it from the cache, as Vault Agent's lease cache does.
 */
public final class ProxiedLeases {

  private static final Log LOG = Log.named("lease.proxied");

  /** What to renew: a secret's lease ({@code sys/leases/renew}) or a token ({@code auth/token/renew-self}). */
  public record Term(String label, boolean token, String leaseId, String clientToken, String requestToken,
      Duration duration) {
    @Override
    public String toString() {
      return "Term[" + label + (token ? " token" : " lease " + Lease.displayId(leaseId)) + "]";
    }
  }

  /**
   * A proxied answer a template could use instead of fetching its own: the {@link io.vaultlet.template.Dependency#key()}
   * the request stands for ({@code GET /v1/<path>} is {@code secret "<path>"}) and the response body as Vault sent it.
   */
  public record Shareable(String dependencyKey, byte[] body) {}

  /** A lease handed over to a template: Vault's body, the lease, when it was last obtained or renewed, for how long. */
  record HandOver(byte[] body, String leaseId, Instant obtained, Duration duration) {}

  /**
   * One kept lease. Complete when constructed (it is published to {@code entries} only then); the mutable fields are
   * read and written under its monitor, which is never held across a Vault request.
   */
  private static final class Entry {
    final String key;
    final Term term;
    final Shareable shareable;
    final Consumer<String> onEnd;
    Instant obtained;
    Duration duration;
    Duration grace;
    Instant nextAt;
    int failures;
    String lastError = "";
    long generation;
    Scheduler.Cancellable pending;
    boolean ended;

    Entry(String key, Term term, Shareable shareable, Consumer<String> onEnd, Instant obtained, Duration grace) {
      this.key = key;
      this.term = term;
      this.shareable = shareable;
      this.onEnd = onEnd;
      this.obtained = obtained;
      this.duration = term.duration();
      this.grace = grace;
    }

    Instant expiry() {
      return obtained.plus(duration);
    }
  }

  private final VaultClient baseClient;
  private final Scheduler scheduler;
  private final LeaseTiming timing;
  private final DoubleSupplier random;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ProxiedLeases(VaultClient baseClient, Scheduler scheduler, LeaseTiming timing, DoubleSupplier random) {
    this.baseClient = baseClient;
    this.scheduler = scheduler;
    this.timing = timing;
    this.random = random;
  }

  /**
   * Starts renewing {@code term} (just obtained) under {@code key}; {@code onEnd} is called once, on a scheduler
   * thread, when it can no longer be kept (not after {@link #release}).
   */
  public void adopt(String key, Term term, Consumer<String> onEnd) {
    adopt(key, term, null, onEnd);
  }

  /**
   * {@link #adopt(String, Term, Consumer)} for an answer a template may take over ({@code shareable}, null when none):
   * a template that starts reading the same secret with the same token gets this lease instead of a second one.
   */
  public void adopt(String key, Term term, Shareable shareable, Consumer<String> onEnd) {
    Redactor.register(term.clientToken());
    Redactor.register(term.requestToken());
    Entry e = new Entry(key, term, shareable, onEnd, scheduler.clock().instant(), timing.grace(term.duration()));
    Entry old;
    synchronized (e) { // published complete; scheduled before anyone else can touch it
      old = entries.put(key, e);
      arm(e, LeaseTiming.renewDelay(e.duration, e.grace));
    }
    if (old != null) {
      stop(old);
    }
  }

  /** Stops renewing {@code key} (evicted from the cache); its lease is left to expire, as Vault Agent does. */
  public void release(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      stop(e);
    }
  }

  /** True while {@code key} is being kept. */
  public boolean holds(String key) {
    return entries.containsKey(key);
  }

  /**
   * The lease of a proxied answer to {@code dependencyKey} obtained with {@code token}, taken over by a template (Vault
   * Agent's templates read through its cache and would get it): it is no longer renewed here, its cache entry ends
   * ({@code onEnd}: the cache then answers from the template's lease, the same credential) and the caller renews it.
   * Empty when there is none, or when it is not worth taking over (expired, or too close to its end to renew).
   */
  Optional<HandOver> handOver(String dependencyKey, String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    Instant now = scheduler.clock().instant();
    for (Entry e : entries.values()) {
      if (e.shareable == null || e.term.token() || !e.shareable.dependencyKey().equals(dependencyKey)
          || !e.term.requestToken().equals(token)) {
        continue;
      }
      HandOver h;
      synchronized (e) {
        if (e.ended || entries.get(e.key) != e || !e.expiry().minus(e.grace).isAfter(now)) {
          continue;
        }
        e.ended = true;
        e.generation++;
        if (e.pending != null) {
          e.pending.cancel();
        }
        entries.remove(e.key, e);
        h = new HandOver(e.shareable.body(), e.term.leaseId(), e.obtained, e.duration);
      }
      LOG.debug("a template takes over a proxied lease", "entry", e.term.label());
      try {
        e.onEnd.accept("handed over to a template");
      } catch (RuntimeException ex) {
        LOG.error("cache eviction failed", ex, "entry", e.term.label());
      }
      return Optional.of(h);
    }
    return Optional.empty();
  }

  /**
   * Token hand-over: leases and tokens obtained with {@code oldToken} die with it at {@code oldExpiry}; each ends at a
   * random moment in the first half of the time left, so the next client request fetches anew with a live token.
   */
  void tokenChanged(String oldToken, Instant oldExpiry) {
    Instant now = scheduler.clock().instant();
    long window = Math.max(0, Duration.between(now, oldExpiry).toMillis());
    for (Entry e : entries.values()) {
      if (!e.term.requestToken().equals(oldToken)) {
        continue;
      }
      synchronized (e) {
        if (!e.expiry().isAfter(oldExpiry) && !e.term.token()) {
          continue;
        }
        long gen = ++e.generation;
        if (e.pending != null) {
          e.pending.cancel();
        }
        Duration at = Duration.ofMillis((long) (window / 2.0 * random.getAsDouble()));
        e.nextAt = now.plus(at);
        e.pending = scheduler.schedule(at, () -> end(e, gen, "the token that obtained it is being replaced"));
      }
    }
  }

  List<LeaseStatus> status() {
    List<LeaseStatus> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      synchronized (e) {
        out.add(new LeaseStatus("proxy: " + e.term.label(),
            e.term.token() ? "(token)" : Lease.displayId(e.term.leaseId()), Optional.of(Lease.Kind.RENEWABLE),
            Optional.of(e.expiry()), "renew", Optional.ofNullable(e.nextAt), Optional.of(e.obtained), e.failures,
            e.lastError));
      }
    }
    return out;
  }

  void close() {
    entries.values().forEach(this::stop);
    entries.clear();
  }

  // ---- scheduling ----

  private void arm(Entry e, Duration delay) {
    long gen = ++e.generation;
    if (e.pending != null) {
      e.pending.cancel();
    }
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    e.nextAt = scheduler.clock().instant().plus(d);
    e.pending = scheduler.schedule(d, () -> renew(e, gen));
  }

  private void stop(Entry e) {
    synchronized (e) {
      e.ended = true;
      e.generation++;
      if (e.pending != null) {
        e.pending.cancel();
      }
    }
  }

  /** True when the scheduled step {@code gen} no longer applies to {@code e}; called under its monitor. */
  private boolean stale(Entry e, long gen) {
    return e.ended || e.generation != gen || entries.get(e.key) != e;
  }

  /** One renewal: the request is made without the entry's monitor; its answer applies only if nothing moved since. */
  private void renew(Entry e, long gen) {
    synchronized (e) {
      if (stale(e, gen)) {
        return;
      }
    }
    Instant now = scheduler.clock().instant();
    VaultResponse r;
    try {
      r = e.term.token()
          ? baseClient.withToken(e.term.clientToken()).renewSelf(null)
          : baseClient.withToken(e.term.requestToken()).renewLease(e.term.leaseId(), null);
    } catch (VaultException ex) {
      failed(e, gen, ex.status(), ex.getMessage(), now);
      return;
    } catch (RuntimeException ex) {
      LOG.error("unexpected failure while renewing a proxied lease", ex, "entry", e.term.label());
      failed(e, gen, 0, "internal error: " + ex, now);
      return;
    }
    long seconds = e.term.token() ? r.auth().map(VaultResponse.Auth::leaseDuration).orElse(0L) : r.leaseDuration();
    boolean renewable = e.term.token() ? r.auth().map(VaultResponse.Auth::renewable).orElse(false) : r.renewable();
    Duration granted = Duration.ofSeconds(Math.max(0, seconds));
    if (!renewable || granted.isZero()) {
      end(e, gen, "no longer renewable");
      return;
    }
    synchronized (e) {
      if (stale(e, gen)) {
        return;
      }
      if (granted.compareTo(e.duration) > 0) {
        e.grace = timing.grace(granted);
      }
      e.obtained = now;
      e.duration = granted;
      e.failures = 0;
      e.lastError = "";
      if (!LeaseTiming.stopRenewing(granted, e.grace)) {
        LOG.debug("renewed a proxied lease", "entry", e.term.label(), "ttl", granted);
        arm(e, LeaseTiming.renewDelay(granted, e.grace));
        return;
      }
    }
    end(e, gen, "renewal no longer extends it (max TTL near)");
  }

  private void failed(Entry e, long gen, int s, String message, Instant now) {
    String why;
    synchronized (e) {
      if (stale(e, gen)) {
        return;
      }
      e.failures++;
      e.lastError = Redactor.redact(message);
      Duration delay = RetrySchedule.DEFAULT.withAttempts(0).next(e.failures - 1).orElse(Duration.ofMinutes(1));
      if (s >= 400 && s < 500 && s != 412 && s != 429) {
        why = "renewal refused (" + s + ")";
      } else if (!now.plus(delay).isBefore(e.expiry().minus(e.grace))) {
        why = "renewal keeps failing and the lease is about to expire";
      } else {
        LOG.warn("renewing a proxied lease failed; will retry", "entry", e.term.label(), "retry_in", delay, "error",
            e.lastError);
        arm(e, delay);
        return;
      }
    }
    end(e, gen, why);
  }

  private void end(Entry e, long gen, String why) {
    synchronized (e) {
      if (stale(e, gen)) {
        return;
      }
      e.ended = true;
      entries.remove(e.key, e);
    }
    LOG.debug("proxied lease ends; evicting it from the cache", "entry", e.term.label(), "reason", why);
    try {
      e.onEnd.accept(why);
    } catch (RuntimeException ex) {
      LOG.error("cache eviction failed", ex, "entry", e.term.label());
    }
  }
}
