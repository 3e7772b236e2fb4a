package io.vaultlet.auth;

import io.vaultlet.auth.TokenChange.Reason;
import java.time.Duration;
import java.util.Optional;

/**
 * The lifetime watcher's decisions (vault-agent.md §3.1; see docs/auth.md), pure functions of the token's remaining
 * life, its grace and the renewal's outcome; {@link RenewalTiming} holds the arithmetic.
 *
 * <ul>
 *   <li>A renewable token is renewed at {@code ⅔·remaining + ⅓·grace} (grace uniform in [10%, 20%) of the lease), as
 *       Vault's lifetime watcher. When a renewal leaves no more than {@code 4·grace} (max TTL near), and for
 *       non-renewable tokens at {@code ⅔·ttl + ⅓·grace}, a new token is obtained while the old one still lives.
 *   <li>A renewal refused by Vault (400: past max TTL, not renewable; 403: revoked) means re-login now. A renewal that
 *       cannot reach Vault (connection, 5xx, 429) is retried with backoff until only the grace is left of the
 *       token's life, then a re-login is attempted (and retried with backoff): the token is never given up early and
 *       never revoked.
 * </ul>
 *
 * @param action what to do next
 * @param delay when (zero for {@link Action#NONE} and {@link Action#REPLACE_NOW})
 */
record RenewalPlan(Action action, Duration delay) {

  enum Action {
    /** The token has no TTL: nothing to renew. */
    NONE,
    /** The token is near the end of its life: log in now. */
    REPLACE_NOW,
    /** Not renewable: log in after {@link #delay()}. */
    REAUTH,
    /** Renew after {@link #delay()}. */
    RENEW
  }

  /** The next step for a token with {@code left} to live (empty: no TTL). */
  static RenewalPlan next(Optional<Duration> left, Duration grace, boolean renewable) {
    if (left.isEmpty()) {
      return new RenewalPlan(Action.NONE, Duration.ZERO);
    }
    Duration remaining = left.get();
    if (RenewalTiming.replaceNow(remaining, grace, renewable)) {
      return new RenewalPlan(Action.REPLACE_NOW, Duration.ZERO);
    }
    return new RenewalPlan(renewable ? Action.RENEW : Action.REAUTH, RenewalTiming.sleep(remaining, grace));
  }

  /**
   * A renewal Vault answered with {@code status} and refused for good: why to log in again (403: the token is
   * invalid; another 4xx but 412 and 429: it expires). Empty when the failure is worth retrying.
   */
  static Optional<Reason> refusal(int status) {
    if (status == 403) {
      return Optional.of(Reason.INVALID);
    }
    if (status >= 400 && status < 500 && status != 429 && status != 412) {
      return Optional.of(Reason.EXPIRING);
    }
    return Optional.empty();
  }

  /**
   * How long the token can still wait for a failed renewal to be retried: its remaining life less the grace. Empty
   * when nothing is left of it: log in now.
   */
  static Optional<Duration> retryBudget(Duration remaining, Duration grace) {
    Duration budget = remaining.minus(grace);
    return budget.compareTo(Duration.ZERO) <= 0 ? Optional.empty() : Optional.of(budget);
  }

  /** After a renewal backoff: renew while the token still has more than its grace left. */
  static boolean stillRenewable(Duration remaining, Duration grace) {
    return remaining.compareTo(grace) > 0;
  }
}
