package io.vaultlet.auth;

import io.vaultlet.auth.TokenChange.Reason;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Logging in, again and again (vault-agent.md §2.2; see docs/auth.md). Each attempt is a step on the {@link StepTimer},
 * run under the manager's lock; its outcome goes to {@link Outcomes}.
 *
 * <ul>
 *   <li>Login failures back off from {@code min_backoff} to {@code max_backoff}, doubling with downward jitter; with
 *       {@code exit_on_err} the first failure ends auto-auth ({@link Outcomes#gaveUp}).
 *   <li>A re-login outside the plan (token refused or reported invalid) starts at once the first time after a healthy
 *       period, with backoff after that.
 *   <li>The backoff resets once a token proved healthy ({@link #healthy()}: a renewal succeeded or it reached its
 *       planned re-login), not on the login itself; so a token refused right after every login cannot drive a login
 *       loop.
 * </ul>
 */
final class LoginLoop {

  private static final Log LOG = Log.named("auth.handler");

  /** Where a login attempt's outcome goes; called under the lock. */
  interface Outcomes {
    /** The token in use, or null. */
    AuthToken current();

    void loggedIn(AuthToken token, Reason reason);

    void loggedInWrapped(String wrapInfoJson);

    /** {@code exit_on_err}: auto-auth ends with {@code cause}. */
    void gaveUp(AuthException cause);
  }

  private final AuthMethod method;
  private final VaultClient client;
  private final Duration wrapTtl;
  private final boolean exitOnErr;
  private final Backoff backoff;
  private final StepTimer steps;
  private final Notifier notifier;
  private final Clock clock;
  private final Outcomes outcomes;
  private boolean inProgress;
  private boolean unplannedSinceHealthy;

  LoginLoop(AuthMethod method, VaultClient client, Duration wrapTtl, boolean exitOnErr, Backoff backoff,
      StepTimer steps, Notifier notifier, Clock clock, Outcomes outcomes) {
    this.method = method;
    this.client = client;
    this.wrapTtl = wrapTtl;
    this.exitOnErr = exitOnErr;
    this.backoff = backoff;
    this.steps = steps;
    this.notifier = notifier;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  /** A login after {@code delay}, replacing whatever step was pending. */
  void schedule(Duration delay, Reason reason) {
    inProgress = true;
    steps.arm(delay, () -> login(reason));
  }

  /** Whether a login is pending or under way (no token yet from it). */
  boolean inProgress() {
    return inProgress;
  }

  /** One login attempt, now. */
  void login(Reason reason) {
    inProgress = true;
    LOG.info("authenticating", "method", method.type());
    LoginOutcome outcome;
    try {
      outcome = Logins.perform(method, client, wrapTtl, clock.instant());
    } catch (RuntimeException e) {
      // AuthException and VaultException are the expected ones; anything else is still a failed login.
      failed(e, reason);
      return;
    }
    inProgress = false;
    if (outcome.wrapInfoJson() != null) {
      outcomes.loggedInWrapped(outcome.wrapInfoJson());
      return;
    }
    outcomes.loggedIn(outcome.token(), reason);
  }

  /** The token reached its planned re-login: it proved healthy; log in now. */
  void planned() {
    healthy();
    login(Reason.EXPIRING);
  }

  /** Re-login outside the plan: at once the first time after a healthy period, with backoff after that. */
  void unplanned(Reason reason) {
    Duration wait = Duration.ZERO;
    if (unplannedSinceHealthy) {
      wait = backoff.next();
      LOG.warn("re-authenticating again before the last token proved healthy", "backoff", wait);
      notifier.emit(AuthEvent.Type.BACKOFF, outcomes.current(), Optional.of(wait), Optional.empty());
    }
    unplannedSinceHealthy = true;
    schedule(wait, reason);
  }

  /** The token in use proved healthy: the backoff starts over. */
  void healthy() {
    backoff.reset();
    unplannedSinceHealthy = false;
  }

  /** A login succeeded with a wrapped token (which is never renewed): the backoff starts over. */
  void resetBackoff() {
    backoff.reset();
  }

  /** The next login backoff. */
  Duration nextBackoff() {
    return backoff.next();
  }

  private void failed(RuntimeException e, Reason reason) {
    String why = Redactor.redact(String.valueOf(e.getMessage()));
    notifier.emit(AuthEvent.Type.LOGIN_FAILURE, outcomes.current(), Optional.empty(), Optional.of(why));
    if (exitOnErr) {
      LOG.error("error authenticating, exit_on_err is set: giving up", "error", why);
      outcomes.gaveUp(e instanceof AuthException a ? a : new AuthException("error authenticating: " + why, e));
      return;
    }
    Duration wait = backoff.next();
    LOG.error("error authenticating", "error", why, "backoff", wait);
    notifier.emit(AuthEvent.Type.BACKOFF, outcomes.current(), Optional.of(wait), Optional.empty());
    schedule(wait, reason);
  }
}
