package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lease a backend asks the core to register with a response ({@link DevResponse#withLease}). Vault's
 * {@code logical.Secret} with its {@code LeaseOptions}, plus the revoke and renew callbacks of the secret type.
 *
 * <pre>{@code
 * return DevResponse.of(Map.of("username", user, "password", pw))
 *     .withLease(LeaseSpec.of(role.defaultTtl(), role.maxTtl())
 *         .internal("username", user)
 *         .onRevoke(lease -> db.dropRole((String) lease.internal().get("username")))
 *         .onRenew(new LeaseSpec.Renewer() {
 *           public TtlLimits limits(LeaseView lease) { return TtlLimits.of(role.defaultTtl(), role.maxTtl()); }
 *           public void renewed(LeaseView lease, Instant expiry) { db.validUntil(user, expiry); }
 *         }));
 * }</pre>
 *
 * <p>TTLs: zero {@code ttl} means the mount's default; zero {@code maxTtl} means the mount's max. The core applies
 * Vault's {@code CalculateTTL} (a role max above the mount max is clamped, capping adds Vault's warning).
 */
public final class LeaseSpec {

  /** Called when the lease is revoked (explicitly, by prefix, with its token, or on expiry). Throw to fail. */
  @FunctionalInterface
  public interface Revoker {
    void revoke(LeaseView lease) throws Exception;
  }

  /** Renewal hooks; without one, renewals reuse the TTL limits given at issue time. */
  public interface Renewer {
    /** The backend's current limits (Vault re-reads the role at renew time). Throw {@link DevException} to refuse. */
    TtlLimits limits(LeaseView lease);

    /** Side effect once the new expiry is known. Throw to fail: {@code 400 failed to renew entry: …}. */
    default void renewed(LeaseView lease, Instant newExpiry) throws Exception {}
  }

  private final Duration ttl;
  private final Duration maxTtl;
  private boolean renewable = true;
  private Revoker revoker = lease -> {};
  private Renewer renewer;
  private final Map<String, Object> internal = new LinkedHashMap<>();

  private LeaseSpec(Duration ttl, Duration maxTtl) {
    this.ttl = ttl == null ? Duration.ZERO : ttl;
    this.maxTtl = maxTtl == null ? Duration.ZERO : maxTtl;
  }

  /** A renewable lease with the backend's default TTL and max TTL (zero: the mount's). */
  public static LeaseSpec of(Duration ttl, Duration maxTtl) {
    return new LeaseSpec(ttl, maxTtl);
  }

  /** Non-renewable leases (STS credentials, PKI certs) refuse renewal with {@code lease is not renewable}. */
  public LeaseSpec renewable(boolean value) {
    this.renewable = value;
    return this;
  }

  public LeaseSpec onRevoke(Revoker value) {
    this.revoker = value == null ? lease -> {} : value;
    return this;
  }

  public LeaseSpec onRenew(Renewer value) {
    this.renewer = value;
    return this;
  }

  /** Data kept with the lease for the callbacks (never shown to clients). */
  public LeaseSpec internal(String key, Object value) {
    internal.put(key, value);
    return this;
  }

  public Duration ttl() {
    return ttl;
  }

  public Duration maxTtl() {
    return maxTtl;
  }

  public boolean renewable() {
    return renewable;
  }

  public Revoker revoker() {
    return revoker;
  }

  /** May be null. */
  public Renewer renewer() {
    return renewer;
  }

  public Map<String, Object> internal() {
    return internal;
  }
}
