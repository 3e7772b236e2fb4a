package io.vaultlet.auth;

import io.vaultlet.support.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Vault token obtained by auto-auth, with what is known about its life.
 *
 * <p>{@link #token()} is a secret: it is registered with the {@link Redactor} when the record is built and never
 * appears in {@link #toString()}. Log {@link #accessor()} instead.
 *
 * @param token the client token
 * @param accessor its accessor (may be empty, e.g. for a token file whose lookup hides it)
 * @param policies the token's policies, as Vault reported them
 * @param renewable whether Vault said the token can be renewed
 * @param obtainedAt when vaultlet received it (login or lookup), by the injected clock
 * @param expiresAt when it dies unless renewed; empty for tokens without a TTL (root tokens)
 */
public record AuthToken(String token, String accessor, List<String> policies, boolean renewable, Instant obtainedAt,
    Optional<Instant> expiresAt) {

  public AuthToken {
    Objects.requireNonNull(token, "token");
    accessor = accessor == null ? "" : accessor;
    policies = policies == null ? List.of() : List.copyOf(policies);
    Objects.requireNonNull(obtainedAt, "obtainedAt");
    expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    Redactor.register(token);
  }

  /** A token with a TTL ({@code ttl} zero or negative means "never expires"). */
  public static AuthToken of(String token, String accessor, List<String> policies, boolean renewable,
      Instant obtainedAt, Duration ttl) {
    Optional<Instant> expiry = ttl == null || ttl.isZero() || ttl.isNegative()
        ? Optional.empty() : Optional.of(obtainedAt.plus(ttl));
    return new AuthToken(token, accessor, policies, renewable, obtainedAt, expiry);
  }

  /** The same token with a new expiry (after a renewal). */
  public AuthToken renewedUntil(Optional<Instant> newExpiry) {
    return new AuthToken(token, accessor, policies, renewable, obtainedAt, newExpiry);
  }

  /** The remaining life at {@code now}; empty for tokens that never expire, zero once expired. */
  public Optional<Duration> remaining(Instant now) {
    return expiresAt.map(e -> e.isAfter(now) ? Duration.between(now, e) : Duration.ZERO);
  }

  @Override
  public String toString() {
    return "AuthToken{accessor=" + accessor + ", renewable=" + renewable + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("never") + ", token=" + Redactor.MASK + "}";
  }
}
