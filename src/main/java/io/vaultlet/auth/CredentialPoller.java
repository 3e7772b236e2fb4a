package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code enable_reauth_on_new_credentials}: every {@link AuthMethod#credentialPollInterval()} asks the method whether
 * its credentials changed and, if so (and a token is in use, and no login is under way), starts a re-login. Each
 * check runs under the manager's lock; a check that fails keeps the last credentials and polls again.
 */
final class CredentialPoller {

  private static final Log LOG = Log.named("auth.handler");

  /** What the poller needs from the manager; called under the lock. */
  interface Host {
    boolean closed();

    /** A token is in use and no login is under way. */
    boolean idle();

    void reauthenticate();
  }

  private final AuthMethod method;
  private final Scheduler scheduler;
  private final ReentrantLock lock;
  private final boolean enabled;
  private final Host host;
  private Scheduler.Cancellable timer;

  CredentialPoller(AuthMethod method, Scheduler scheduler, ReentrantLock lock, boolean enabled, Host host) {
    this.method = method;
    this.scheduler = scheduler;
    this.lock = lock;
    this.enabled = enabled;
    this.host = host;
  }

  /** Arms the next check, if polling is on. Call under the lock. */
  void schedule() {
    Duration every = method.credentialPollInterval();
    if (!enabled || every.isZero() || every.isNegative() || host.closed()) {
      return;
    }
    timer = scheduler.schedule(every, this::poll);
  }

  /** Call under the lock. */
  void cancel() {
    if (timer != null) {
      timer.cancel();
    }
  }

  private void poll() {
    lock.lock();
    try {
      if (host.closed()) {
        return;
      }
      if (host.idle() && method.credentialsChanged()) {
        LOG.info("new credentials detected, re-authenticating", "method", method.type());
        host.reauthenticate();
      }
      schedule();
    } catch (RuntimeException e) {
      LOG.warn("unable to check for new credentials, retaining last credentials", e);
      schedule();
    } finally {
      lock.unlock();
    }
  }
}
