package io.vaultlet.auth;

import io.vaultlet.auth.TokenChange.Reason;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Keeps the token in use alive, as Vault's lifetime watcher (vault-agent.md §3.1): renews it, or hands it to the
 * {@link LoginLoop} for replacement, as {@link RenewalPlan} decides. Holds the token's grace and the renewal backoff;
 * every step runs on the {@link StepTimer}, under the manager's lock.
 */
final class LifetimeWatcher {

  private static final Log LOG = Log.named("auth.handler");

  /** The manager's token in use; called under the lock. */
  interface Host {
    AuthToken current();

    /** The current token was renewed: {@code token} replaces it. */
    void renewed(AuthToken token);
  }

  private final VaultClient client;
  private final StepTimer steps;
  private final LoginLoop logins;
  private final Notifier notifier;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Backoff backoff;
  private final Host host;
  private Duration grace = Duration.ZERO;
  private Duration priorLease = Duration.ZERO;
  private boolean renewalFailing;

  LifetimeWatcher(VaultClient client, StepTimer steps, LoginLoop logins, Notifier notifier, Clock clock,
      DoubleSupplier random, Backoff backoff, Host host) {
    this.client = client;
    this.steps = steps;
    this.logins = logins;
    this.notifier = notifier;
    this.clock = clock;
    this.random = random;
    this.backoff = backoff;
    this.host = host;
  }

  /** A new token with a lease of {@code lease}: a new grace, and no renewal failing. */
  void newToken(Duration lease) {
    renewalFailing = false;
    priorLease = lease;
    grace = RenewalTiming.grace(lease, random);
  }

  /** The token's lease is now {@code lease}: a longer one than before gets a new grace. Returns {@code lease}. */
  Duration leaseRefreshed(Duration lease) {
    if (lease.compareTo(priorLease) > 0) {
      grace = RenewalTiming.grace(lease, random);
    }
    priorLease = lease;
    return lease;
  }

  Duration grace() {
    return grace;
  }

  /** Arms the next step for the current token, as the lifetime watcher's sleep and done checks. */
  void planNext() {
    AuthToken current = host.current();
    Optional<Duration> left = current.remaining(clock.instant());
    RenewalPlan plan = RenewalPlan.next(left, grace, current.renewable());
    switch (plan.action()) {
      case NONE -> LOG.info("token has no TTL: no renewal needed", "accessor", current.accessor());
      case REPLACE_NOW -> {
        LOG.info("token is near the end of its life, re-authenticating", "accessor", current.accessor(),
            "remaining", left.orElseThrow());
        logins.planned();
      }
      case REAUTH -> {
        LOG.info("token is not renewable, will re-authenticate", "accessor", current.accessor(), "in", plan.delay());
        steps.arm(plan.delay(), logins::planned);
      }
      case RENEW -> steps.arm(plan.delay(), this::renew);
    }
  }

  private void renew() {
    AuthToken token = host.current();
    try {
      var response = client.withToken(token.token()).renewSelf(null);
      Duration lease = leaseRefreshed(
          Duration.ofSeconds(response.auth().map(a -> a.leaseDuration()).orElse(response.leaseDuration())));
      AuthToken renewed =
          token.renewedUntil(lease.isZero() ? Optional.empty() : Optional.of(clock.instant().plus(lease)));
      host.renewed(renewed);
      logins.healthy();
      renewalFailing = false;
      LOG.info("renewed auth token", "accessor", token.accessor(), "ttl", lease);
      notifier.emit(AuthEvent.Type.RENEW, renewed, Optional.empty(), Optional.empty());
      notifier.renewed(renewed);
      planNext();
    } catch (VaultException e) {
      renewFailed(e);
    }
  }

  private void renewFailed(VaultException e) {
    AuthToken current = host.current();
    String why = Redactor.redact(String.valueOf(e.getMessage()));
    notifier.emit(AuthEvent.Type.RENEW_FAILURE, current, Optional.empty(), Optional.of(why));
    Optional<Reason> refused = RenewalPlan.refusal(e.status());
    if (refused.isPresent()) {
      LOG.warn(refused.get() == Reason.INVALID
          ? "token renewal refused: the token is no longer valid, re-authenticating"
          : "token renewal refused, re-authenticating", "accessor", current.accessor(), "error", why);
      logins.unplanned(refused.get());
      return;
    }
    retryLater(current, why);
  }

  /** A renewal that could not reach Vault: retried with backoff while more than the grace is left. */
  private void retryLater(AuthToken current, String why) {
    if (!renewalFailing) {
      renewalFailing = true;
      backoff.reset();
    }
    Duration remaining = current.remaining(clock.instant()).orElse(Duration.ZERO);
    Optional<Duration> budget = RenewalPlan.retryBudget(remaining, grace);
    if (budget.isEmpty()) {
      LOG.error("error renewing token, its life is nearly over: re-authenticating", "accessor",
          current.accessor(), "error", why, "remaining", remaining);
      logins.schedule(Duration.ZERO, Reason.EXPIRING);
      return;
    }
    Duration wait = backoff.next();
    if (wait.compareTo(budget.get()) > 0) {
      wait = budget.get();
    }
    LOG.error("error renewing token", "accessor", current.accessor(), "error", why, "backoff", wait,
        "remaining", remaining);
    notifier.emit(AuthEvent.Type.BACKOFF, current, Optional.of(wait), Optional.empty());
    steps.arm(wait, this::renewOrLogin);
  }

  /** After a renewal backoff: renew while the token still has more than its grace left, else log in. */
  private void renewOrLogin() {
    if (RenewalPlan.stillRenewable(host.current().remaining(clock.instant()).orElse(Duration.ZERO), grace)) {
      renew();
    } else {
      logins.login(Reason.EXPIRING);
    }
  }
}
