package io.vaultlet.auth;

import io.vaultlet.auth.TokenChange.Reason;
import io.vaultlet.config.AutoAuthConfig;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.MethodConfig;
import io.vaultlet.config.SinkConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
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
 * token to the sinks and to {@link TokenListener}s (vault-agent.md §2, §3.1). This class coordinates the parts: the
 * {@link LoginLoop} (logins and their backoff), the {@link LifetimeWatcher} (renewals, with the decisions in
 * {@link RenewalPlan}), the {@link SinkPublisher}, the {@link Notifier}, the {@link CredentialPoller} and the
 * {@link RejectionCheck} (a 403 on the current token).
 *
 * <p>Timing: every rule runs on the injected {@link Scheduler}, as one pending {@link StepTimer} step at a time; the
 * rules are described where they are implemented, and in docs/auth.md.
 *
 * <p>Thread-safety: every step runs under one lock; listeners are called on the scheduler's thread, in order.
 */
public final class TokenManager implements AutoCloseable {

  private static final Log LOG = Log.named("auth.handler");

  private final AuthMethod method;
  private final VaultClient client;
  private final Scheduler scheduler;
  private final SinkPublisher sinks;
  private final Notifier notifier;
  private final ReentrantLock lock = new ReentrantLock();
  private final StepTimer steps;
  private final LoginLoop logins;
  private final LifetimeWatcher lifetime;
  private final CredentialPoller poller;
  private final RejectionCheck rejections;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  /** Written under the lock, read without it: {@link #current()} never waits for a login in progress. */
  private volatile AuthToken current;
  private boolean started;
  private CompletableFuture<Optional<AuthToken>> once;

  private TokenManager(Builder b) {
    this.method = b.method;
    this.client = b.client.withMaxRetries(0);
    this.scheduler = b.scheduler;
    this.notifier = new Notifier(method.type(), scheduler.clock());
    this.steps = new StepTimer(scheduler, lock);
    Backoff loginBackoff = new Backoff(b.minBackoff, b.maxBackoff, b.random);
    Backoff renewBackoff = new Backoff(b.minBackoff, b.maxBackoff, b.random);
    this.sinks = new SinkPublisher(b.sinks, scheduler, b.random, notifier::event, method.type());
    this.logins = new LoginLoop(method, client, b.wrapTtl, b.exitOnErr, loginBackoff, steps, notifier,
        scheduler.clock(), new LoginOutcomes());
    this.lifetime = new LifetimeWatcher(client, steps, logins, notifier, scheduler.clock(), b.random, renewBackoff,
        new WatcherHost());
    this.poller = new CredentialPoller(method, scheduler, lock, b.reauthOnNewCredentials, new PollerHost());
    this.rejections = new RejectionCheck(client, scheduler, lock, new RejectionHost());
    // A step that failed unexpectedly (a bug, not a Vault failure): auto-auth carries on with a new login.
    steps.onUnexpectedFailure(() -> logins.schedule(logins.nextBackoff(), Reason.EXPIRING));
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
      if (started || steps.closed()) {
        return;
      }
      started = true;
      LOG.info("starting auto-auth", "method", method.type());
      logins.schedule(Duration.ZERO, Reason.FIRST_LOGIN);
      poller.schedule();
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
        if (!started && !steps.closed()) {
          started = true;
          LOG.info("authenticating once (exit_after_auth)", "method", method.type());
          logins.schedule(Duration.ZERO, Reason.FIRST_LOGIN);
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
      if (steps.closed() || current == null || logins.inProgress()) {
        return;
      }
      if (accessor != null && !accessor.isEmpty() && !accessor.equals(current.accessor())) {
        return;
      }
      LOG.warn("token reported invalid, re-authenticating", "accessor", current.accessor());
      logins.unplanned(Reason.INVALID);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A request made with {@code token} was refused with 403 ({@code errors}: Vault's {@code errors[]}): if it is the
   * current token, it is checked and, when Vault no longer knows it, replaced ({@link RejectionCheck}). Returns at
   * once: the check runs on the scheduler.
   */
  public void tokenRejected(String token, List<String> errors) {
    rejections.rejected(token, errors);
  }

  /** Stops timers and sink retries. The token is not revoked (as Vault Agent); sink files stay. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (steps.closed()) {
        return;
      }
      stop();
    } finally {
      lock.unlock();
    }
    terminated.complete(null);
    if (once != null) {
      once.completeExceptionally(new AuthException("auto-auth stopped before a token was obtained"));
    }
  }

  private void stop() {
    steps.close();
    poller.cancel();
    sinks.close();
  }

  private Instant now() {
    return scheduler.clock().instant();
  }

  // ---- login outcomes ----

  private void loginWrapped(String wrapInfoJson) {
    LOG.info("authentication successful, sending wrapped token to sinks (no renewal: the token is wrapped)");
    notifier.emit(AuthEvent.Type.LOGIN, null, Optional.empty(), Optional.empty());
    logins.resetBackoff();
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
    rejections.newToken();
    Duration lease = token.remaining(now()).orElse(Duration.ZERO);
    lifetime.newToken(lease);
    method.loginSucceeded();
    LOG.info("authentication successful, sending token to sinks", "accessor", token.accessor(),
        "ttl", lease, "renewable", token.renewable());
    notifier.emit(previous == null ? AuthEvent.Type.LOGIN : AuthEvent.Type.REAUTH, token, Optional.empty(),
        Optional.empty());
    CompletableFuture<Void> written = sinks.publish(token.token(), false, client.withToken(token.token()),
        token.accessor());
    notifier.changed(new TokenChange(token, Optional.ofNullable(previous),
        previous == null ? Optional.empty() : previous.expiresAt(), previous == null ? Reason.FIRST_LOGIN : reason));
    if (once != null) {
      CompletableFuture<Optional<AuthToken>> done = once;
      written.whenComplete((v, t) -> done.complete(Optional.of(token)));
      steps.cancel();
      return;
    }
    lifetime.planNext();
  }

  /** token_file handing back the token already in use: not a new token, only fresh TTL facts. */
  private void sameTokenAgain(AuthToken token) {
    current = token;
    Duration lease = lifetime.leaseRefreshed(token.remaining(now()).orElse(Duration.ZERO));
    LOG.info("token unchanged after re-authentication", "accessor", token.accessor(), "ttl", lease);
    if (once != null) {
      once.complete(Optional.of(token));
      return;
    }
    if (lease.compareTo(lifetime.grace()) <= 0 && token.expiresAt().isPresent()) {
      // The same dying token again (a token file nobody refreshed): retry later, never in a loop.
      Duration wait = logins.nextBackoff();
      LOG.warn("the token file still holds a token near its end of life", "accessor", token.accessor(),
          "backoff", wait);
      notifier.emit(AuthEvent.Type.BACKOFF, token, Optional.of(wait), Optional.empty());
      logins.schedule(wait, Reason.EXPIRING);
      return;
    }
    lifetime.planNext();
  }

  private void exit(AuthException cause) {
    notifier.emit(AuthEvent.Type.EXIT, current, Optional.empty(), Optional.of(String.valueOf(cause.getMessage())));
    stop();
    terminated.completeExceptionally(cause);
    if (once != null) {
      once.completeExceptionally(cause);
    }
  }

  /** The {@link LoginLoop}'s view of this manager. */
  private final class LoginOutcomes implements LoginLoop.Outcomes {
    @Override public AuthToken current() { return current; }
    @Override public void loggedIn(AuthToken token, Reason reason) { loginSucceeded(token, reason); }
    @Override public void loggedInWrapped(String wrapInfoJson) { loginWrapped(wrapInfoJson); }
    @Override public void gaveUp(AuthException cause) { exit(cause); }
  }

  /** The {@link LifetimeWatcher}'s view of this manager. */
  private final class WatcherHost implements LifetimeWatcher.Host {
    @Override public AuthToken current() { return current; }
    @Override public void renewed(AuthToken token) { current = token; }
  }

  /** The {@link CredentialPoller}'s view of this manager. */
  private final class PollerHost implements CredentialPoller.Host {
    @Override public boolean closed() { return steps.closed(); }
    @Override public boolean idle() { return current != null && !logins.inProgress(); }
    @Override public void reauthenticate() { logins.schedule(Duration.ZERO, Reason.NEW_CREDENTIALS); }
  }

  /** The {@link RejectionCheck}'s view of this manager. */
  private final class RejectionHost implements RejectionCheck.Host {
    @Override public AuthToken current() { return current; }
    @Override public boolean busy() { return steps.closed() || logins.inProgress(); }
    @Override public void invalid(AuthToken suspect, boolean saysInvalid) { logins.unplanned(Reason.INVALID); }
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
