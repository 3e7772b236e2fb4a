package io.vaultlet.lease;

import io.vaultlet.auth.TokenChange;
import io.vaultlet.auth.TokenListener;
import io.vaultlet.config.Limits;
import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.WatchedDependency.Action;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.template.Brain;
import io.vaultlet.template.Dependency;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Keeps every dependency the templates use fresh, and is the {@link Brain} they read.
 *
 * <p>Identical dependencies (equal {@link Dependency#key()}) across templates are one entry: fetched once, renewed
 * once, shared. Each entry has at most one pending one-shot schedule (a fetch or a renewal); every schedule carries the
 * entry's generation at the time it was armed and is dropped when the generation moved on (compare-and-set), so a
 * stale renewal never lands on a newer lease. Timing rules: {@link LeaseTiming}; errors: {@link RetrySchedule}, per
 * entry — one failing dependency never makes the others re-fetch.
 *
 * <pre>{@code
 * LeaseWatcher leases = new LeaseWatcher(client, scheduler, LeaseWatcher.Options.from(settings), journal,
 *     Math::random, exit);
 * leases.onChange(dep -> runner.requestRun());
 * leases.watch(new Dependency.VaultRead("database/creds/app", Map.of()), "/etc/app/db.conf");
 * }</pre>
 */
public final class LeaseWatcher implements Brain, TokenListener, AutoCloseable {

  private static final Log LOG = Log.named("lease.watcher");
  /** How often {@code file} dependencies are checked for changes. */
  public static final Duration DEFAULT_FILE_POLL = Duration.ofSeconds(2);

  /**
   * @param threshold {@code lease_renewal_threshold}
   * @param staticInterval {@code static_secret_render_interval}
   * @param renewBefore {@code renew_before}: certificates are re-issued at least this long before they expire
   * @param retry the per-dependency retry policy
   * @param exitOnRetryFailure {@code exit_on_retry_failure}: call the exit callback when a dependency's retries are
   *     exhausted
   * @param filePoll how often local files are re-read
   */
  public record Options(double threshold, Duration staticInterval, Optional<Duration> renewBefore, RetrySchedule retry,
      boolean exitOnRetryFailure, Duration filePoll, long maxFileSize) {

    public Options(double threshold, Duration staticInterval, Optional<Duration> renewBefore, RetrySchedule retry,
        boolean exitOnRetryFailure, Duration filePoll) {
      this(threshold, staticInterval, renewBefore, retry, exitOnRetryFailure, filePoll,
          Limits.DEFAULT_MAX_FILE_SIZE);
    }

    public static Options from(TemplateSettings s) {
      return new Options(s.leaseRenewalThreshold(), s.staticSecretRenderInterval(), s.renewBefore(),
          RetrySchedule.DEFAULT, s.exitOnRetryFailure(), DEFAULT_FILE_POLL, s.limits().maxFileSize());
    }

    public Options withRetry(RetrySchedule r) {
      return new Options(threshold, staticInterval, renewBefore, r, exitOnRetryFailure, filePoll, maxFileSize);
    }
  }

  private final VaultClient baseClient;
  private final Scheduler scheduler;
  private final Options options;
  private final LeaseTiming timing;
  private final DependencyFetcher fetcher;
  private final CertificateRotations certificates;
  private final DoubleSupplier random;
  private final IntConsumer exit;
  private final Map<String, WatchedDependency> entries = new ConcurrentHashMap<>();
  private final AtomicBoolean exited = new AtomicBoolean();
  private final List<Consumer<Dependency>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<Lease>> retiredListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, VaultException>> rejections = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ProxiedLeases proxied;
  private volatile String token;
  private volatile VaultClient client;
  private volatile boolean closed;

  /**
   * @param journal where certificate re-issues are recorded (a {@link io.vaultlet.events.RotationEvent} of kind
   *     {@code certificate} each): the agent's one journal
   */
  private volatile boolean shareResponses = true;

  public LeaseWatcher(VaultClient client, Scheduler scheduler, Options options, RotationJournal journal,
      DoubleSupplier random, IntConsumer exit) {
    this.baseClient = client;
    this.client = client;
    this.token = client.token().orElse("");
    this.scheduler = scheduler;
    this.options = options;
    this.random = random;
    this.exit = exit;
    this.timing = new LeaseTiming(options.threshold(), options.staticInterval(), options.renewBefore(), random);
    this.fetcher = new DependencyFetcher(timing, options.maxFileSize());
    this.certificates = new CertificateRotations(journal);
    this.proxied = new ProxiedLeases(client, scheduler, timing, random);
  }

  /** Adds a listener called (on a scheduler thread) after a dependency got new data; renewals do not call it. */
  public void onChange(Consumer<Dependency> l) {
    listeners.add(l);
  }

  /**
   * Adds a listener called with a lease this watcher stops keeping: replaced by a fetch that obtained another lease,
   * or dropped with its dependency. It is called before the change listeners hear of the new value, with the lease as
   * last known (its expiry after the last renewal). Vault Agent lets such a lease expire; rotation may keep it.
   */
  public void onRetired(Consumer<Lease> l) {
    retiredListeners.add(l);
  }

  /** The timing rules this watcher renews by. */
  LeaseTiming timing() {
    return timing;
  }

  /** The client of the current token (what every request of this watcher uses now). */
  VaultClient currentClient() {
    return client;
  }

  /**
   * Adds a listener called when Vault refuses a fetch or renewal with 403, with the token the request carried and
   * the error: the token manager's cue to check that token ({@link io.vaultlet.auth.TokenManager#tokenRejected}).
   * Called on a scheduler thread; it must not block.
   */
  public void onTokenRejected(BiConsumer<String, VaultException> l) {
    rejections.add(l);
  }

  /**
   * Starts watching {@code d} (no-op when already watched). {@code destination} is where the using template writes:
   * {@code pkiCert} and {@code secret "pki/issue/…"} reuse a valid certificate found there instead of issuing one.
   */
  public void watch(Dependency d, String destination) {
    watch(d, destination, Optional.empty());
  }

  /**
   * {@link #watch(Dependency, String)} for a template with its own {@code renew_before}: a certificate used by several
   * templates is re-issued at the longest {@code renew_before} among them (else {@code template_config}'s).
   */
  public void watch(Dependency d, String destination, Optional<Duration> renewBefore) {
    WatchedDependency e = entry(d, destination, renewBefore);
    if (e == null) {
      return;
    }
    // Never waits for the entry's lock once started: a fetch in flight holds it for the whole request.
    if (e.started.compareAndSet(false, true)) {
      synchronized (e) {
        arm(e, Action.FETCH, Duration.ZERO);
      }
    }
  }

  /**
   * Records that a template writes {@code d} to {@code destination} without fetching it yet; {@link #watch} starts
   * it. The runner registers every template's dependencies before starting any, so the first fetch of a certificate
   * written into two files knows both.
   */
  public void register(Dependency d, String destination, Optional<Duration> renewBefore) {
    entry(d, destination, renewBefore);
  }

  /** The entry of {@code d} with {@code destination} and {@code renewBefore} recorded; null once closed. */
  private WatchedDependency entry(Dependency d, String destination, Optional<Duration> renewBefore) {
    if (closed) {
      return null;
    }
    WatchedDependency e = entries.computeIfAbsent(d.key(), k -> new WatchedDependency(d));
    if (destination != null && !destination.isEmpty()) {
      e.destinations.add(destination);
    }
    e.renewBefore(renewBefore);
    return e;
  }

  /**
   * Stops watching {@code d}: its value is forgotten at once and its schedule cancelled (without waiting for a fetch in
   * flight, whose result is then dropped). Its lease is left to expire.
   */
  public void unwatch(Dependency d) {
    WatchedDependency e = entries.remove(d.key());
    if (e != null) {
      Lease dropped = e.lease;
      if (dropped != null && dropped.hasLeaseId()) {
        notifyRetired(dropped, e.dependency);
      }
      scheduler.schedule(Duration.ZERO, () -> {
        synchronized (e) {
          e.generation++;
          e.cancel();
        }
      });
    }
  }

  /** The dependencies currently watched. */
  public Set<Dependency> watched() {
    Set<Dependency> out = new LinkedHashSet<>();
    entries.values().forEach(e -> out.add(e.dependency));
    return out;
  }

  @Override
  public Optional<Object> recall(Dependency d) {
    WatchedDependency e = entries.get(d.key());
    return e == null ? Optional.empty() : Optional.ofNullable(e.value);
  }

  /** The current lease of {@code d}, empty before its first fetch. */
  public Optional<Lease> lease(Dependency d) {
    WatchedDependency e = entries.get(d.key());
    return e == null ? Optional.empty() : Optional.ofNullable(e.lease);
  }

  /**
   * Token hand-over: from now on requests use {@code newToken}. Every lease obtained with an older token dies when that
   * token expires ({@code oldTokenExpiry}), so each is re-fetched with the new token at a random moment in the first
   * half of the time left — spread, so the new credentials are on disk while the old ones still work. Values without a
   * lease (KV, certificates) are kept: a valid certificate is not re-issued.
   */
  public void tokenChanged(String newToken, Instant oldTokenExpiry) {
    this.token = newToken == null ? "" : newToken;
    this.client = baseClient.withToken(this.token);
    Instant now = scheduler.clock().instant();
    Duration window = Duration.between(now, oldTokenExpiry);
    if (window.isNegative()) {
      window = Duration.ZERO;
    }
    int moved = 0;
    for (WatchedDependency e : entries.values()) {
      synchronized (e) {
        Lease l = e.lease;
        if (e.failures > 0) {
          // failing, perhaps because of the old token (a 403): try again with the new one now, not after the backoff
          arm(e, Action.FETCH, Duration.ZERO);
          moved++;
          continue;
        }
        if (l == null || !l.hasLeaseId() || l.token().equals(this.token)) {
          continue;
        }
        boolean diesWithToken = l.kind() == Lease.Kind.RENEWABLE
            || l.expiry().map(x -> x.isAfter(oldTokenExpiry)).orElse(true);
        if (!diesWithToken) {
          continue;
        }
        Duration at = Duration.ofMillis((long) (window.toMillis() / 2.0 * random.getAsDouble()));
        if (e.nextAction == Action.FETCH && e.nextAt != null && !e.nextAt.isAfter(now.plus(at))) {
          continue;
        }
        arm(e, Action.FETCH, at);
        moved++;
      }
    }
    LOG.info("new token: leases of the previous token will be re-fetched before it expires", "leases", moved,
        "old_token_expiry", oldTokenExpiry);
  }

  /**
   * The auth helper's hand-over ({@link io.vaultlet.auth.TokenManager#addTokenListener}). The new token is used at
   * once; the re-fetch planning runs on the scheduler so the token manager's thread never waits for a fetch in
   * flight. A previous token reported invalid has already taken its leases with it: those are re-fetched now. A
   * previous token without a known expiry keeps its leases alive, so nothing is re-fetched.
   */
  @Override
  public void tokenChanged(TokenChange change) {
    String next = change.current().token();
    this.token = next;
    this.client = baseClient.withToken(next);
    if (change.previous().isEmpty()) {
      return;
    }
    Instant now = scheduler.clock().instant();
    Optional<Instant> deadline = change.reason() == TokenChange.Reason.INVALID ? Optional.of(now)
        : change.previousExpiry();
    deadline.ifPresent(d -> scheduler.schedule(Duration.ZERO, () -> tokenChanged(next, d)));
    change.previous().ifPresent(p -> deadline.ifPresent(d -> proxied.tokenChanged(p.token(), d)));
  }

  /** A snapshot for the status table, ordered by dependency key. */
  public List<LeaseStatus> status() {
    List<LeaseStatus> out = new ArrayList<>();
    entries.values().forEach(e -> out.add(e.status()));
    out.addAll(proxied.status());
    out.sort(Comparator.comparing(LeaseStatus::dependency));
    return out;
  }

  // ---- hooks for the API proxy's lease cache and the control endpoints ----

  /** The leases the API proxy's cache obtained, renewed here on the templates' rules (one watcher for both). */
  public ProxiedLeases proxied() {
    return proxied;
  }

  /**
   * What a template fetched for {@code d} with {@code token}, as Vault sent it, while its renewable lease is alive: the
   * API proxy answers an identical request with it instead of asking Vault for a second credential.
   */
  public Optional<SharedResponse> sharedResponse(Dependency d, String token) {
    WatchedDependency e = entries.get(d.key());
    if (e == null || token == null || token.isEmpty()) {
      return Optional.empty();
    }
    Lease l = e.lease;
    byte[] body = e.response;
    Instant now = scheduler.clock().instant();
    if (l == null || body == null || l.kind() != Lease.Kind.RENEWABLE || !l.token().equals(token)
        || l.expiry().map(x -> !x.isAfter(now)).orElse(true)) {
      return Optional.empty();
    }
    return Optional.of(new SharedResponse(body, e.lastFetch, l.leaseId()));
  }

  /**
   * Whether fetched bodies are kept for {@link #sharedResponse} (on by default; the agent turns it off when no
   * {@code cache} block runs, so that no lease holds a second copy of its secret for nobody). Only renewable leases'
   * bodies are ever kept: nothing else is shared.
   */
  public void shareResponses(boolean on) {
    shareResponses = on;
    if (!on) {
      entries.values().forEach(e -> e.response = null);
    }
  }

  /** A response a template's dependency got from Vault: the body, when it arrived, and its lease id. */
  public record SharedResponse(byte[] body, Instant fetchedAt, String leaseId) {}

  /** Leases were revoked (through the API proxy): every template value holding one is fetched again now. */
  public void leaseRevoked(java.util.function.Predicate<String> leaseIds) {
    for (WatchedDependency e : entries.values()) {
      Lease l = e.lease;
      if (l != null && l.hasLeaseId() && leaseIds.test(l.leaseId())) {
        refetchSoon(e, "a lease a template uses was revoked; fetching a new one");
      }
    }
  }

  /**
   * Fetches every watched dependency {@code selector} accepts again now, without reusing a certificate found on disk
   * ({@code POST /agent/v1/rotate}); the keys of those scheduled.
   */
  public List<String> refetch(java.util.function.Predicate<Dependency> selector) {
    List<String> out = new ArrayList<>();
    for (WatchedDependency e : entries.values()) {
      if (e.dependency.isVault() && selector.test(e.dependency)) {
        out.add(e.dependency.key());
        e.fresh = true;
        refetchSoon(e, null);
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    closed = true;
    proxied.close();
    for (WatchedDependency e : entries.values()) {
      synchronized (e) {
        e.generation++;
        e.cancel();
      }
    }
  }

  // ---- scheduling ----

  /**
   * Fetches {@code e} again as soon as a scheduler thread is free (not on the caller's thread, which may hold a
   * listener's or the proxy's locks), unless it was dropped or the watcher closed meanwhile; {@code why} is logged.
   */
  private void refetchSoon(WatchedDependency e, String why) {
    scheduler.schedule(Duration.ZERO, () -> {
      synchronized (e) {
        if (!closed && entries.get(e.dependency.key()) == e) {
          if (why != null) {
            LOG.info(why, "dependency", e.dependency.key());
          }
          arm(e, Action.FETCH, Duration.ZERO);
        }
      }
    });
  }

  /** Arms the one pending action of {@code e}; any earlier schedule becomes stale. Caller holds the entry lock. */
  private void arm(WatchedDependency e, Action action, Duration delay) {
    e.cancel();
    long gen = ++e.generation;
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    e.nextAction = action;
    e.nextAt = scheduler.clock().instant().plus(d);
    e.pending = scheduler.schedule(d, () -> run(e, gen, action));
  }

  private void run(WatchedDependency e, long gen, Action action) {
    boolean changed;
    try {
      synchronized (e) {
        if (closed || e.generation != gen || entries.get(e.dependency.key()) != e) {
          return; // stale: a newer schedule (or unwatch) replaced this one
        }
        e.pending = null;
        e.nextAction = null;
        e.nextAt = null;
        changed = action == Action.FETCH ? fetch(e) : renew(e);
      }
    } catch (RuntimeException | Error ex) {
      // Background work never dies silently, and never stops: a bug in one step re-arms a fetch with backoff.
      LOG.error("unexpected failure while refreshing a dependency", ex, "dependency", e.dependency.key());
      synchronized (e) {
        if (e.generation == gen && !closed) {
          failed(e, "internal error: " + ex);
        }
      }
      return;
    }
    Lease retired = e.takeRetired();
    if (retired != null) {
      notifyRetired(retired, e.dependency);
    }
    if (changed) {
      for (Consumer<Dependency> l : listeners) {
        try {
          l.accept(e.dependency);
        } catch (RuntimeException ex) {
          LOG.error("data listener failed", ex, "dependency", e.dependency.key());
        }
      }
    }
  }

  private void notifyRetired(Lease lease, Dependency d) {
    for (Consumer<Lease> l : retiredListeners) {
      try {
        l.accept(lease);
      } catch (RuntimeException ex) {
        LOG.error("retired-lease listener failed", ex, "dependency", d.key());
      }
    }
  }

  /** Fetches and re-arms; true when the value changed. Caller holds the entry lock. */
  private boolean fetch(WatchedDependency e) {
    Instant now = scheduler.clock().instant();
    String used = token;
    DependencyFetcher.Fetched f;
    try {
      Optional<DependencyFetcher.Fetched> taken = takeOverProxied(e, used);
      f = taken.isPresent() ? taken.get()
          : fetcher.fetch(e.dependency, List.copyOf(e.destinations), renewBefore(e), client, used, now, e.fresh);
    } catch (FetchException ex) {
      rejected(used, ex);
      failed(e, ex.getMessage());
      certificates.failed(e, ex.getMessage(), now, scheduler.clock().instant());
      return false;
    }
    certificates.fetched(e, f, now, scheduler.clock().instant());
    Object old = e.value;
    e.replaceValue(f.value(), f.lease());
    e.lease = f.lease();
    e.response = shareResponses && f.lease().kind() == Lease.Kind.RENEWABLE ? f.response() : null;
    e.fresh = false;
    e.lastFetch = now;
    if (e.failures > 0) {
      LOG.info("dependency recovered", "dependency", e.dependency.key(), "after_failures", e.failures);
    }
    e.failures = 0;
    e.lastError = null;
    e.exhausted = false;
    armAfterFetch(e, now);
    LOG.debug("fetched", "dependency", e.dependency.key(), "lease", f.lease());
    return f.lease().kind() != Lease.Kind.FILE || !f.value().equals(old);
  }

  /**
   * A plain {@code secret "<path>"} read that the API proxy already made with the same token, its lease alive in the
   * cache: the template takes that lease over (one credential, renewed here from now on) instead of fetching a second
   * one, as Vault Agent's templates would get the cached answer. Never for a forced re-fetch.
   */
  private Optional<DependencyFetcher.Fetched> takeOverProxied(WatchedDependency e, String token) {
    if (e.fresh || !(e.dependency instanceof Dependency.VaultRead r) || !r.query().isEmpty()) {
      return Optional.empty();
    }
    Optional<ProxiedLeases.HandOver> h = proxied.handOver(e.dependency.key(), token);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    try {
      DependencyFetcher.Fetched f = fetcher.adopted(h.get(), token);
      LOG.info("using the lease the API proxy's cache already holds instead of fetching another", "dependency",
          e.dependency.key(), "lease", f.lease().displayId());
      return Optional.of(f);
    } catch (FetchException ex) {
      LOG.warn("cannot take over the cached lease; fetching", "dependency", e.dependency.key(), "error",
          ex.getMessage());
      return Optional.empty();
    }
  }

  private void armAfterFetch(WatchedDependency e, Instant now) {
    Lease l = e.lease;
    switch (l.kind()) {
      case RENEWABLE -> {
        e.grace = timing.grace(l.duration());
        // counted from when the lease was obtained or last renewed (earlier than now for a lease taken over)
        Duration held = Duration.between(l.obtained(), now);
        arm(e, Action.RENEW, LeaseTiming.renewDelay(l.duration(), e.grace).minus(held.isNegative() ? Duration.ZERO
            : held));
      }
      case NON_RENEWABLE -> arm(e, Action.FETCH, timing.nonRenewableDelay(l.duration()));
      case ROTATING -> arm(e, Action.FETCH, l.duration());
      case CERTIFICATE -> arm(e, Action.FETCH, Duration.between(now, certificateDue(e, l, now)));
      case STATIC -> arm(e, Action.FETCH, timing.staticInterval());
      case FILE -> arm(e, Action.FETCH, options.filePoll());
    }
  }

  private Instant certificateDue(WatchedDependency e, Lease l, Instant now) {
    Instant notBefore = l.notBefore().orElse(now);
    Instant notAfter = l.expiry().orElse(now);
    Instant due = timing.certificateRotation(notBefore, notAfter, renewBefore(e));
    if (due.isAfter(now)) {
      return due;
    }
    // A fresh certificate already past renew_before (renew_before ≥ the role's TTL): fall back to the threshold,
    // else half of what is left, so a misconfiguration never turns into an issue loop.
    LOG.warn("renew_before is longer than the certificate's lifetime; re-issuing at lease_renewal_threshold instead",
        "dependency", e.dependency.key(), "not_after", notAfter);
    Instant threshold = timing.certificateThreshold(notBefore, notAfter);
    if (threshold.isAfter(now)) {
      return threshold;
    }
    Duration left = Duration.between(now, notAfter);
    return now.plus(left.isNegative() ? persistentRetry(options.retry()) : left.dividedBy(2));
  }

  /** The {@code renew_before} of the templates using {@code e}, else {@code template_config}'s. */
  private Optional<Duration> renewBefore(WatchedDependency e) {
    return e.renewBefore.isPresent() ? e.renewBefore : timing.renewBefore();
  }

  /** Renews the lease of {@code e}, or re-fetches when renewal no longer extends it. Caller holds the entry lock. */
  private boolean renew(WatchedDependency e) {
    Lease l = e.lease;
    Instant now = scheduler.clock().instant();
    VaultResponse r;
    try {
      r = client.renewLease(l.leaseId(), null);
    } catch (VaultException ex) {
      LOG.warn("lease renewal failed; fetching a new credential", "dependency", e.dependency.key(), "lease",
          l.displayId(), "error", ex.getMessage());
      return fetch(e);
    }
    Duration granted = Duration.ofSeconds(Math.max(0, r.leaseDuration()));
    if (!r.renewable() || granted.isZero()) {
      LOG.info("lease is no longer renewable; fetching a new credential", "dependency", e.dependency.key());
      return fetch(e);
    }
    Duration prior = l.duration(); // Vault: grace is recomputed only while the granted lease keeps growing
    e.lease = l.renewed(now, granted);
    if (granted.compareTo(prior) > 0) {
      e.grace = timing.grace(granted);
    }
    if (LeaseTiming.stopRenewing(granted, e.grace)) {
      LOG.info("lease can no longer be extended (max TTL near); fetching a new credential while the old one works",
          "dependency", e.dependency.key(), "expires", e.lease.expiry().orElse(now));
      return fetch(e);
    }
    arm(e, Action.RENEW, LeaseTiming.renewDelay(granted, e.grace));
    return false;
  }

  /** A 403 (the token may be gone): tell the listeners, which only schedule work. */
  private void rejected(String usedToken, FetchException ex) {
    if (!(ex.getCause() instanceof VaultException v) || v.status() != 403 || usedToken.isEmpty()) {
      return;
    }
    for (BiConsumer<String, VaultException> l : rejections) {
      try {
        l.accept(usedToken, v);
      } catch (RuntimeException x) {
        LOG.error("token rejection listener failed", x);
      }
    }
  }

  /** Records a failure and re-arms a fetch with backoff. Caller holds the entry lock. */
  private void failed(WatchedDependency e, String message) {
    e.failures++;
    e.lastError = Redactor.redact(message);
    RetrySchedule retry = options.retry();
    Optional<Duration> next = retry.next(e.failures - 1, random);
    Duration delay;
    if (next.isEmpty()) {
      delay = RetrySchedule.jitter(persistentRetry(retry), random);
      if (!e.exhausted) {
        e.exhausted = true;
        LOG.error("giving up on a dependency (exceeded maximum retries); keeping the last good files",
            "dependency", e.dependency.key(), "error", e.lastError);
        if (options.exitOnRetryFailure() && exited.compareAndSet(false, true)) {
          exit.accept(1);
        }
      }
    } else {
      delay = next.get();
      LOG.warn("fetching a dependency failed; will retry", "dependency", e.dependency.key(), "attempt", e.failures,
          "retry_in", delay, "error", e.lastError);
    }
    if (!closed) {
      arm(e, Action.FETCH, delay);
    }
  }

  /** After the retries are exhausted (without exit_on_retry_failure): keep trying at the cap, 1m when uncapped. */
  static Duration persistentRetry(RetrySchedule retry) {
    return retry.maxBackoff().isZero() ? RetrySchedule.DEFAULT_MAX_BACKOFF : retry.maxBackoff();
  }
}
