package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The 403 check, Vault's self-heal made deterministic: a request made with the current token was refused with 403, so
 * the token is checked with {@code auth/token/lookup-self}; when Vault refuses that too (the token was revoked, or
 * Vault lost its state), the manager logs in again — at once the first time after a healthy token, with the login
 * backoff after that, so a token that is refused again right after every login never turns into a login loop. A token
 * Vault still knows (a policy refusal) changes nothing and is not checked again for {@value #RECHECK_AFTER_SECONDS}s.
 * Ignored while a login or a check is under way, and for any other token (its replacement is already in use).
 *
 * <p>The check runs on the scheduler; lookup-self is sent without the manager's lock, the decisions are taken under it.
 */
final class RejectionCheck {

  private static final Log LOG = Log.named("auth.handler");
  static final long RECHECK_AFTER_SECONDS = 10;
  /** After a check found the token alive (a policy refusal), later 403s are not checked again this soon. */
  static final Duration RECHECK_AFTER = Duration.ofSeconds(RECHECK_AFTER_SECONDS);

  /** What the check needs from the manager; called under the lock. */
  interface Host {
    /** The token in use, or null. */
    AuthToken current();

    /** Closed, or a login is under way: no check now. */
    boolean busy();

    /** {@code suspect}, still the token in use, is no longer valid: log in again. */
    void invalid(AuthToken suspect, boolean vaultSaidInvalidToken);
  }

  private final VaultClient client;
  private final Scheduler scheduler;
  private final ReentrantLock lock;
  private final Host host;
  /** A check is under way (lookup-self in flight). */
  private boolean checking;
  /** When a check last found the current token alive. */
  private Instant aliveCheckedAt;

  RejectionCheck(VaultClient client, Scheduler scheduler, ReentrantLock lock, Host host) {
    this.client = client;
    this.scheduler = scheduler;
    this.lock = lock;
    this.host = host;
  }

  /** A request made with {@code token} was refused with 403 ({@code errors}: Vault's {@code errors[]}). */
  void rejected(String token, List<String> errors) {
    boolean saysInvalid = errors != null
        && errors.stream().anyMatch(m -> m != null && m.toLowerCase(Locale.ROOT).contains("invalid token"));
    scheduler.schedule(Duration.ZERO, () -> check(token, saysInvalid));
  }

  /** A new token is in use: the last "alive" verdict was about another one. Called under the lock. */
  void newToken() {
    aliveCheckedAt = null;
  }

  private void check(String token, boolean saysInvalid) {
    AuthToken suspect;
    lock.lock();
    try {
      AuthToken current = host.current();
      if (current == null || host.busy() || checking || token == null || !token.equals(current.token())) {
        return;
      }
      if (aliveCheckedAt != null && now().isBefore(aliveCheckedAt.plus(RECHECK_AFTER))) {
        return;
      }
      checking = true;
      suspect = current;
    } finally {
      lock.unlock();
    }
    Boolean alive = null;
    String why = "";
    try {
      client.withToken(suspect.token()).lookupSelf();
      alive = true;
    } catch (VaultException e) {
      if (e.status() == 403 || e.status() == 401) {
        alive = false;
      }
      why = e.getMessage();
    } catch (RuntimeException e) {
      why = String.valueOf(e.getMessage());
    }
    lock.lock();
    try {
      checking = false;
      if (alive == null) {
        LOG.debug("a request was refused with 403; Vault did not answer the token check", "accessor",
            suspect.accessor(), "error", why);
      } else if (alive) {
        aliveCheckedAt = now();
        LOG.info("a request was refused with 403 but the token is valid: a policy does not allow it", "accessor",
            suspect.accessor());
      } else if (host.current() == suspect && !host.busy()) {
        LOG.warn("the token is no longer valid (revoked, or Vault lost its state); re-authenticating", "accessor",
            suspect.accessor(), "vault_said_invalid_token", saysInvalid);
        host.invalid(suspect, saysInvalid);
      }
    } finally {
      lock.unlock();
    }
  }

  private Instant now() {
    return scheduler.clock().instant();
  }
}
