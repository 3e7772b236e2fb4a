package io.vaultlet.lease;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
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
 * one ends and its {@code onEnd} callback evicts it from the cache, as Vault Agent's lease cache does. Each entry's
 * renewals are a {@link RenewalLoop} (shared with {@link LeaseKeeper}; its end policy here: evict).
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

  /** One kept lease: what the cache stored, and its {@link RenewalLoop} (complete before it is published). */
  private final class Entry implements RenewalLoop.Policy {
    final String key;
    final Term term;
    final Shareable shareable;
    final Consumer<String> onEnd;
    final RenewalLoop loop;

    Entry(String key, Term term, Shareable shareable, Consumer<String> onEnd) {
      this.key = key;
      this.term = term;
      this.shareable = shareable;
      this.onEnd = onEnd;
      this.loop = new RenewalLoop(term.toString(), scheduler, timing, scheduler.clock().instant(), term.duration(),
          timing.grace(term.duration()), true, this::renew, this, () -> entries.get(key) == this);
    }

    private RenewalLoop.Granted renew() {
      if (term.token()) {
        VaultResponse r = baseClient.withToken(term.clientToken()).renewSelf(null);
        return new RenewalLoop.Granted(Duration.ofSeconds(r.auth().map(VaultResponse.Auth::leaseDuration).orElse(0L)),
            r.auth().map(VaultResponse.Auth::renewable).orElse(false));
      }
      VaultResponse r = baseClient.withToken(term.requestToken()).renewLease(term.leaseId(), null);
      return new RenewalLoop.Granted(Duration.ofSeconds(r.leaseDuration()), r.renewable());
    }

    /** Vault Agent's cache: a refused renewal (but 412, 429) ends the entry, as any other reason to stop. */
    @Override
    public boolean refuses(int status) {
      return status >= 400 && status < 500 && status != 412 && status != 429;
    }

    @Override
    public void ended(RenewalLoop.End end, String why) {
      entries.remove(key, this);
      LOG.debug("proxied lease ends; evicting it from the cache", "entry", term.label(), "reason", why);
      evict(this, why);
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
    Entry e = new Entry(key, term, shareable, onEnd); // complete: status() may read it as soon as it is in the map
    Entry old = entries.put(key, e);
    e.loop.start();
    if (old != null) {
      old.loop.stop();
    }
  }

  /** Stops renewing {@code key} (evicted from the cache); its lease is left to expire, as Vault Agent does. */
  public void release(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      e.loop.stop();
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
      Optional<RenewalLoop.State> taken = e.loop.takeOver(now);
      if (taken.isEmpty()) {
        continue;
      }
      entries.remove(e.key, e);
      HandOver h = new HandOver(e.shareable.body(), e.term.leaseId(), taken.get().obtained(), taken.get().duration());
      LOG.debug("a template takes over a proxied lease", "entry", e.term.label());
      evict(e, "handed over to a template");
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
      if (!e.loop.expiry().isAfter(oldExpiry) && !e.term.token()) {
        continue;
      }
      Duration at = Duration.ofMillis((long) (window / 2.0 * random.getAsDouble()));
      e.loop.endAfter(at, "the token that obtained it is being replaced");
    }
  }

  List<LeaseStatus> status() {
    List<LeaseStatus> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      RenewalLoop.State st = e.loop.state();
      out.add(new LeaseStatus("proxy: " + e.term.label(),
          e.term.token() ? "(token)" : Lease.displayId(e.term.leaseId()), Optional.of(Lease.Kind.RENEWABLE),
          Optional.of(st.expiry()), "renew", st.nextAt(), Optional.of(st.obtained()), st.failures(), st.lastError()));
    }
    return out;
  }

  void close() {
    entries.values().forEach(e -> e.loop.stop());
    entries.clear();
  }

  private static void evict(Entry e, String why) {
    try {
      e.onEnd.accept(why);
    } catch (RuntimeException ex) {
      LOG.error("cache eviction failed", ex, "entry", e.term.label());
    }
  }
}
