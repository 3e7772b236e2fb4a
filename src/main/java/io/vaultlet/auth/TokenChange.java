package io.vaultlet.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A new token replaced the previous one (first login, re-login, or a changed token file).
 *
 * <p>The previous token is <em>not</em> revoked: it keeps working until {@link #previousExpiry()}. Leases created with
 * it die with it at the latest then, so a lease watcher can re-fetch only the leases that belong to the old token,
 * spread out before that moment, instead of throwing everything away at once.
 *
 * @param current the token to use from now on
 * @param previous the token it replaces; empty on the first login
 * @param previousExpiry when the previous token dies (its expiry as last known); empty on the first login and for a
 *     previous token without TTL
 * @param reason why the token changed
 */
public record TokenChange(AuthToken current, Optional<AuthToken> previous, Optional<Instant> previousExpiry,
    Reason reason) {

  public TokenChange {
    Objects.requireNonNull(current, "current");
    previous = previous == null ? Optional.empty() : previous;
    previousExpiry = previousExpiry == null ? Optional.empty() : previousExpiry;
    Objects.requireNonNull(reason, "reason");
  }

  /** Why a new token was obtained. */
  public enum Reason {
    /** The first token of this process. */
    FIRST_LOGIN,
    /** The old token is near its max TTL, is not renewable, or its renewal was refused or kept failing. */
    EXPIRING,
    /** Vault said the old token is invalid (revoked under us, or reported by {@link TokenManager#tokenInvalid}). */
    INVALID,
    /** The method's credentials changed ({@code enable_reauth_on_new_credentials}) or the token file changed. */
    NEW_CREDENTIALS
  }
}
