package io.vaultlet.auth;

import io.vaultlet.auth.TokenChange.Reason;
import io.vaultlet.config.AutoAuthConfig;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.MethodConfig;
import io.vaultlet.config.SinkConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/**
 * Auto-auth: logs in with one {@link AuthMethod}, keeps the token alive, replaces it before it dies, publishes each new
 * token to the sinks and to {@link TokenListener}s (vault-agent.md §2, §3.1).
 *
 * <p>Timing (every rule runs on the injected {@link Scheduler}; see docs/auth.md):
 *
 * <ul>
 *   <li>Login failures back off from {@code min_backoff} to {@code max_backoff}, doubling with downward jitter; with
 *       {@code exit_on_err} the first failure ends auto-auth ({@link #terminated()} fails).
 *   <li>A renewable token is renewed at {@code ⅔·remaining + ⅓·grace} (grace uniform in [10%, 20%) of the lease), as
 *       Vault's lifetime watcher. When a renewal leaves no more than {@code 4·grace} (max TTL near), and for
 *       non-renewable tokens at {@code ⅔·ttl + ⅓·grace}, a new token is obtained while the old one still lives.
 *   <li>A renewal refused by Vault (400: past max TTL, not renewable; 403: revoked) means re-login now. A renewal that
 *       cannot reach Vault (connection, 5xx, 429) is retried with backoff until only the grace is left of the
 *       token's life, then a re-login is attempted (and retried with backoff): the token is never given up early and
 *       never revoked.
 *   <li>The backoff resets once a token proved healthy (a renewal succeeded or it reached its planned re-login), not on
 *       the login itself; so a token refused right after every login cannot drive a login loop.
 * </ul>
 *
 * <p>Thread-safety: every step runs under one lock; listeners are called on the scheduler's thread, in order.
 */
public final class TokenManager implements AutoCloseable {

  private static final Log LOG = Log.named("auth.handler");

  private final AuthMethod method;
  private final VaultClient client;
  private final Scheduler scheduler;
  private final Duration wrapTtl;
  private final boolean exitOnErr;
  private final boolean reauthOnNewCredentials;
  private final DoubleSupplier random;
  private final Backoff loginBackoff;
  private final Backoff renewBackoff;
  private final SinkPublisher sinks;
  private final Notifier notifier = new Notifier();
  private final ReentrantLock lock = new ReentrantLock();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  /** Written under the lock, read without it: {@link #current()} never waits for a login in progress. */
  private volatile AuthToken current;
  private Duration grace = Duration.ZERO;
  private Duration priorLease = Duration.ZERO;
  private boolean unplannedSinceHealthy;
  private boolean renewalFailing;
  private boolean loginInProgress;
  private boolean closed;
  private boolean started;
  private long generation;
  private Scheduler.Cancellable timer;
  private Scheduler.Cancellable pollTimer;
  private CompletableFuture<Optional<AuthToken>> once;

  private TokenManager(Builder b) {
    this.method = b.method;
    this.client = b.client.withMaxRetries(0);
    this.scheduler = b.scheduler;
    this.wrapTtl = b.wrapTtl;
    this.exitOnErr = b.exitOnErr;
    this.reauthOnNewCredentials = b.reauthOnNewCredentials;
    this.random = b.random;
    this.loginBackoff = new Backoff(b.minBackoff, b.maxBackoff, random);
    this.renewBackoff = new Backoff(b.minBackoff, b.maxBackoff, random);
    this.sinks = new SinkPublisher(b.sinks, scheduler, random, notifier::event, method.type());
  }

  /** A manager for {@code method}, logging in through {@code client} (its token, if any, is not used). */
  public static Builder builder(AuthMethod method, VaultClient client, Scheduler scheduler) {
    return new Builder(method, client, scheduler);
  }

  /**
   * Everything from an {@code auto_auth} block: the method (fatal errors such as a missing role_id file path or no
   * AWS credentials surface here, as Vault's "Error creating … auth method"), its namespace, backoff, wrapping and
   * {@code exit_on_err}, and one {@link FileSink} per {@code sink "file"}.
   *
   * @throws ConfigException a method or sink that cannot be built; the agent should exit 1
   */
  public static TokenManager fromConfig(AutoAuthConfig config, VaultClient client, Scheduler scheduler)
      throws ConfigException {
    MethodConfig m = config.method();
    AuthMethod method = AuthMethods.create(m, scheduler.clock());
    VaultClient c = m.namespace().filter(ns -> !ns.isEmpty()).map(client::withNamespace).orElse(client);
    List<TokenSink> sinks = new ArrayList<>();
    for (SinkConfig s : config.sinks()) {
      sinks.add(FileSink.create(s));
    }
    return builder(method, c, scheduler).minBackoff(m.minBackoff()).maxBackoff(m.maxBackoff())
        .exitOnErr(m.exitOnErr()).wrapTtl(m.wrapTtl()).sinks(sinks)
        .reauthOnNewCredentials(config.enableReauthOnNewCredentials()).build();
  }

  // ---- public API ----

  /** Registers a token listener; if a token is already in use, the listener hears about it at once. */
  public void addTokenListener(TokenListener listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      notifier.add(listener);
      if (current != null) {
        notifier.changed(listener, new TokenChange(current, Optional.empty(), Optional.empty(), Reason.FIRST_LOGIN));
      }
    } finally {
      lock.unlock();
    }
  }

  public void addEventListener(AuthEventListener listener) {
    notifier.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Starts auto-auth: the first login is attempted at once, then the token is kept alive until {@link #close()}. */
  public void start() {
    lock.lock();
    try {
      if (started || closed) {
        return;
      }
      started = true;
      LOG.info("starting auto-auth", "method", method.type());
      scheduleLogin(Duration.ZERO, Reason.FIRST_LOGIN);
      schedulePoll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code exit_after_auth}: logs in (with the usual backoff, and {@code exit_on_err}), writes every sink, then
   * stops. The future completes once all sinks hold the token: with the token, or empty when the method logs in
   * with {@code wrap_ttl} (the sink then holds the wrap info). It fails when {@code exit_on_err} gives up or the
   * manager is closed first.
   */
  public CompletableFuture<Optional<AuthToken>> authenticateOnce() {
    lock.lock();
    try {
      if (once == null) {
        once = new CompletableFuture<>();
        if (!started && !closed) {
          started = true;
          LOG.info("authenticating once (exit_after_auth)", "method", method.type());
          scheduleLogin(Duration.ZERO, Reason.FIRST_LOGIN);
        }
      }
      return once;
    } finally {
      lock.unlock();
    }
  }

  /** Completes normally on {@link #close()}; fails with the cause when {@code exit_on_err} ends auto-auth. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** The token in use, if any. Never blocks. */
  public Optional<AuthToken> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Someone using the token got "permission denied / invalid token" (Vault's self-heal). If {@code accessor} is the
   * current token's (or empty), a new login starts now, unless one is already under way. Returns at once: the check
   * runs on the scheduler.
   */
  public void tokenInvalid(String accessor) {
    scheduler.schedule(Duration.ZERO, () -> checkInvalid(accessor));
  }

  private void checkInvalid(String accessor) {
    lock.lock();
    try {
      if (closed || current == null || loginInProgress) {
        return;
      }
      if (accessor != null && !accessor.isEmpty() && !accessor.equals(current.accessor())) {
        return;
      }
      LOG.warn("token reported invalid, re-authenticating", "accessor", current.accessor());
      unplannedReauth(Reason.INVALID);
    } finally {
      lock.unlock();
    }
  }

  /** Stops timers and sink retries. The token is not revoked (as Vault Agent); sink files stay. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      generation++;
      cancel();
      if (pollTimer != null) {
        pollTimer.cancel();
      }
      sinks.close();
    } finally {
      lock.unlock();
    }
    terminated.complete(null);
    if (once != null) {
      once.completeExceptionally(new AuthException("auto-auth stopped before a token was obtained"));
    }
  }

  // ---- scheduling ----

  private void scheduleLogin(Duration delay, Reason reason) {
    loginInProgress = true;
    arm(delay, () -> login(reason));
  }

  /** One pending step at a time (a login or a renewal); a stale step (older generation) does nothing. */
  private void arm(Duration delay, Runnable step) {
    cancel();
    long gen = ++generation;
    timer = scheduler.schedule(delay, () -> runStep(gen, step));
  }

  private void runStep(long gen, Runnable step) {
    lock.lock();
    try {
      if (closed || gen != generation) {
        return;
      }
      step.run();
    } catch (RuntimeException e) {
      // A bug, not a Vault failure: log, and make sure auto-auth carries on rather than dying silently.
      LOG.error("auto-auth step failed unexpectedly", e);
      if (!closed && gen == generation) {
        scheduleLogin(loginBackoff.next(), Reason.EXPIRING);
      }
    } finally {
      lock.unlock();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private Instant now() {
    return scheduler.clock().instant();
  }

  // ---- login ----

  private void login(Reason reason) {
    loginInProgress = true;
    LOG.info("authenticating", "method", method.type());
    LoginOutcome outcome;
    try {
      outcome = Logins.perform(method, client, wrapTtl, now());
    } catch (RuntimeException e) {
      // AuthException and VaultException are the expected ones; anything else is still a failed login.
      loginFailed(e, reason);
      return;
    }
    loginInProgress = false;
    if (outcome.wrapInfoJson() != null) {
      loginWrapped(outcome.wrapInfoJson());
      return;
    }
    loginSucceeded(outcome.token(), reason);
  }

  private void loginFailed(RuntimeException e, Reason reason) {
    String why = Redactor.redact(String.valueOf(e.getMessage()));
    emit(AuthEvent.Type.LOGIN_FAILURE, current, Optional.empty(), Optional.of(why));
    if (exitOnErr) {
      LOG.error("error authenticating, exit_on_err is set: giving up", "error", why);
      exit(e instanceof AuthException a ? a : new AuthException("error authenticating: " + why, e));
      return;
    }
    Duration wait = loginBackoff.next();
    LOG.error("error authenticating", "error", why, "backoff", wait);
    emit(AuthEvent.Type.BACKOFF, current, Optional.of(wait), Optional.empty());
    scheduleLogin(wait, reason);
  }

  private void loginWrapped(String wrapInfoJson) {
    LOG.info("authentication successful, sending wrapped token to sinks (no renewal: the token is wrapped)");
    emit(AuthEvent.Type.LOGIN, null, Optional.empty(), Optional.empty());
    loginBackoff.reset();
    method.loginSucceeded();
    CompletableFuture<Void> written = sinks.publish(wrapInfoJson, true, client, "");
    if (once != null) {
      CompletableFuture<Optional<AuthToken>> done = once;
      written.whenComplete((v, t) -> done.complete(Optional.empty()));
    }
  }

  private void loginSucceeded(AuthToken token, Reason reason) {
    if (current != null && current.token().equals(token.token())) {
      sameTokenAgain(token);
      return;
    }
    AuthToken previous = current;
    current = token;
    renewalFailing = false;
    Duration lease = token.remaining(now()).orElse(Duration.ZERO);
    priorLease = lease;
    grace = grace(lease);
    method.loginSucceeded();
    LOG.info("authentication successful, sending token to sinks", "accessor", token.accessor(),
        "ttl", lease, "renewable", token.renewable());
    emit(previous == null ? AuthEvent.Type.LOGIN : AuthEvent.Type.REAUTH, token, Optional.empty(), Optional.empty());
    CompletableFuture<Void> written = sinks.publish(token.token(), false, client.withToken(token.token()),
        token.accessor());
    TokenChange change = new TokenChange(token, Optional.ofNullable(previous),
        previous == null ? Optional.empty() : previous.expiresAt(), previous == null ? Reason.FIRST_LOGIN : reason);
    notifier.changed(change);
    if (once != null) {
      CompletableFuture<Optional<AuthToken>> done = once;
      written.whenComplete((v, t) -> done.complete(Optional.of(token)));
      cancel();
      return;
    }
    planNext();
  }

  /** token_file handing back the token already in use: not a new token, only fresh TTL facts. */
  private void sameTokenAgain(AuthToken token) {
    current = token;
    Duration lease = token.remaining(now()).orElse(Duration.ZERO);
    if (lease.compareTo(priorLease) > 0) {
      grace = grace(lease);
    }
    priorLease = lease;
    LOG.info("token unchanged after re-authentication", "accessor", token.accessor(), "ttl", lease);
    if (once != null) {
      once.complete(Optional.of(token));
      return;
    }
    if (lease.compareTo(grace) <= 0 && token.expiresAt().isPresent()) {
      // The same dying token again (a token file nobody refreshed): retry later, never in a loop.
      Duration wait = loginBackoff.next();
      LOG.warn("the token file still holds a token near its end of life", "accessor", token.accessor(),
          "backoff", wait);
      emit(AuthEvent.Type.BACKOFF, token, Optional.of(wait), Optional.empty());
      scheduleLogin(wait, Reason.EXPIRING);
      return;
    }
    planNext();
  }

  private void exit(AuthException cause) {
    emit(AuthEvent.Type.EXIT, current, Optional.empty(), Optional.of(String.valueOf(cause.getMessage())));
    closed = true;
    generation++;
    cancel();
    if (pollTimer != null) {
      pollTimer.cancel();
    }
    sinks.close();
    terminated.completeExceptionally(cause);
    if (once != null) {
      once.completeExceptionally(cause);
    }
  }

  // ---- renewal ----

  /** Decides the next step for the current token, as the lifetime watcher's sleep and done checks. */
  private void planNext() {
    Optional<Duration> left = current.remaining(now());
    if (left.isEmpty()) {
      LOG.info("token has no TTL: no renewal needed", "accessor", current.accessor());
      return;
    }
    Duration remaining = left.get();
    Duration sleep = RenewalTiming.sleep(remaining, grace);
    if (RenewalTiming.replaceNow(remaining, grace, current.renewable())) {
      LOG.info("token is near the end of its life, re-authenticating", "accessor", current.accessor(),
          "remaining", remaining);
      plannedReauth();
      return;
    }
    if (!current.renewable()) {
      LOG.info("token is not renewable, will re-authenticate", "accessor", current.accessor(), "in", sleep);
      arm(sleep, this::plannedReauth);
      return;
    }
    arm(sleep, this::renew);
  }

  private void renew() {
    AuthToken token = current;
    try {
      var response = client.withToken(token.token()).renewSelf(null);
      var auth = response.auth();
      Duration lease = Duration.ofSeconds(auth.map(a -> a.leaseDuration()).orElse(response.leaseDuration()));
      if (lease.compareTo(priorLease) > 0) {
        grace = grace(lease);
      }
      priorLease = lease;
      current = token.renewedUntil(lease.isZero() ? Optional.empty() : Optional.of(now().plus(lease)));
      healthy();
      renewalFailing = false;
      LOG.info("renewed auth token", "accessor", token.accessor(), "ttl", lease);
      emit(AuthEvent.Type.RENEW, current, Optional.empty(), Optional.empty());
      notifier.renewed(current);
      planNext();
    } catch (VaultException e) {
      renewFailed(e);
    }
  }

  private void renewFailed(VaultException e) {
    String why = Redactor.redact(String.valueOf(e.getMessage()));
    emit(AuthEvent.Type.RENEW_FAILURE, current, Optional.empty(), Optional.of(why));
    int status = e.status();
    if (status == 403) {
      LOG.warn("token renewal refused: the token is no longer valid, re-authenticating", "accessor",
          current.accessor(), "error", why);
      unplannedReauth(Reason.INVALID);
      return;
    }
    if (status >= 400 && status < 500 && status != 429 && status != 412) {
      LOG.warn("token renewal refused, re-authenticating", "accessor", current.accessor(), "error", why);
      unplannedReauth(Reason.EXPIRING);
      return;
    }
    if (!renewalFailing) {
      renewalFailing = true;
      renewBackoff.reset();
    }
    Duration remaining = current.remaining(now()).orElse(Duration.ZERO);
    Duration budget = remaining.minus(grace);
    if (budget.compareTo(Duration.ZERO) <= 0) {
      LOG.error("error renewing token, its life is nearly over: re-authenticating", "accessor",
          current.accessor(), "error", why, "remaining", remaining);
      scheduleLogin(Duration.ZERO, Reason.EXPIRING);
      return;
    }
    Duration wait = renewBackoff.next();
    if (wait.compareTo(budget) > 0) {
      wait = budget;
    }
    LOG.error("error renewing token", "accessor", current.accessor(), "error", why, "backoff", wait,
        "remaining", remaining);
    emit(AuthEvent.Type.BACKOFF, current, Optional.of(wait), Optional.empty());
    arm(wait, this::renewOrLogin);
  }

  /** After a renewal backoff: renew while the token still has more than its grace left, else log in. */
  private void renewOrLogin() {
    Duration remaining = current.remaining(now()).orElse(Duration.ZERO);
    if (remaining.compareTo(grace) <= 0) {
      login(Reason.EXPIRING);
    } else {
      renew();
    }
  }

  private void plannedReauth() {
    healthy();
    login(Reason.EXPIRING);
  }

  /** Re-login outside the plan: at once the first time after a healthy period, with backoff after that. */
  private void unplannedReauth(Reason reason) {
    Duration wait = Duration.ZERO;
    if (unplannedSinceHealthy) {
      wait = loginBackoff.next();
      LOG.warn("re-authenticating again before the last token proved healthy", "backoff", wait);
      emit(AuthEvent.Type.BACKOFF, current, Optional.of(wait), Optional.empty());
    }
    unplannedSinceHealthy = true;
    scheduleLogin(wait, reason);
  }

  private void healthy() {
    loginBackoff.reset();
    unplannedSinceHealthy = false;
  }

  private Duration grace(Duration lease) {
    return RenewalTiming.grace(lease, random);
  }

  // ---- credential polling (enable_reauth_on_new_credentials) ----

  private void schedulePoll() {
    Duration every = method.credentialPollInterval();
    if (!reauthOnNewCredentials || every.isZero() || every.isNegative() || closed) {
      return;
    }
    pollTimer = scheduler.schedule(every, this::poll);
  }

  private void poll() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (current != null && !loginInProgress && method.credentialsChanged()) {
        LOG.info("new credentials detected, re-authenticating", "method", method.type());
        scheduleLogin(Duration.ZERO, Reason.NEW_CREDENTIALS);
      }
      schedulePoll();
    } catch (RuntimeException e) {
      LOG.warn("unable to check for new credentials, retaining last credentials", e);
      schedulePoll();
    } finally {
      lock.unlock();
    }
  }

  // ---- events ----

  private void emit(AuthEvent.Type type, AuthToken token, Optional<Duration> backoff, Optional<String> error) {
    notifier.event(new AuthEvent(type, now(), method.type(), token == null ? "" : token.accessor(),
        token == null ? Optional.empty() : token.expiresAt(), backoff, error));
  }

  /** Builder; defaults as Vault Agent: backoff 1s to 5m, no wrapping, no exit on error. */
  public static final class Builder {
    private final AuthMethod method;
    private final VaultClient client;
    private final Scheduler scheduler;
    private Duration minBackoff = MethodConfig.DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = MethodConfig.DEFAULT_MAX_BACKOFF;
    private Duration wrapTtl = Duration.ZERO;
    private boolean exitOnErr;
    private boolean reauthOnNewCredentials;
    private List<TokenSink> sinks = List.of();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(AuthMethod method, VaultClient client, Scheduler scheduler) {
      this.method = Objects.requireNonNull(method, "method");
      this.client = Objects.requireNonNull(client, "client");
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    public Builder minBackoff(Duration d) { this.minBackoff = d; return this; }
    public Builder maxBackoff(Duration d) { this.maxBackoff = d; return this; }
    public Builder wrapTtl(Duration d) { this.wrapTtl = d == null ? Duration.ZERO : d; return this; }
    public Builder exitOnErr(boolean b) { this.exitOnErr = b; return this; }
    public Builder reauthOnNewCredentials(boolean b) { this.reauthOnNewCredentials = b; return this; }
    public Builder sinks(List<? extends TokenSink> s) { this.sinks = List.copyOf(s); return this; }
    /** Uniform [0,1) source for jitter and grace (tests pin it). */
    public Builder random(DoubleSupplier r) { this.random = Objects.requireNonNull(r); return this; }

    public TokenManager build() {
      return new TokenManager(this);
    }
  }
}
