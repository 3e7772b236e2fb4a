package io.vaultlet.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something auto-auth did, for metrics and status. Carries the token's accessor, never the token.
 *
 * @param type what happened
 * @param at when, by the injected clock
 * @param method the auth method type ({@code approle}, {@code aws}, …)
 * @param accessor the accessor of the token concerned; empty when there is none (failed first login)
 * @param expiresAt the token's expiry after the event, when known
 * @param backoff for {@link Type#BACKOFF}: the wait before the next attempt
 * @param error for failures: a redacted, human-readable reason
 */
public record AuthEvent(Type type, Instant at, String method, String accessor, Optional<Instant> expiresAt,
    Optional<Duration> backoff, Optional<String> error) {

  public AuthEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    method = method == null ? "" : method;
    accessor = accessor == null ? "" : accessor;
    expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    backoff = backoff == null ? Optional.empty() : backoff;
    error = error == null ? Optional.empty() : error;
  }

  /** Event kinds. */
  public enum Type {
    /** A login succeeded (first token). */
    LOGIN,
    /** A login succeeded and replaced an earlier token. */
    REAUTH,
    /** {@code renew-self} succeeded. */
    RENEW,
    /** A login failed. */
    LOGIN_FAILURE,
    /** A renewal failed (Vault unreachable, 5xx) or was refused (4xx). */
    RENEW_FAILURE,
    /** The next attempt waits {@link AuthEvent#backoff()}. */
    BACKOFF,
    /** A token was written to a sink (or a sink write failed: {@link AuthEvent#error()} is present). */
    SINK_WRITE,
    /** {@code exit_on_err}: auto-auth gave up; the agent should exit 1. */
    EXIT
  }
}
