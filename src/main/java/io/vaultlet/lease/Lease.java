package io.vaultlet.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What vaultlet knows about the lifetime of one fetched value: how it was obtained, when it stops being valid and how
 * it is kept fresh.
 *
 * @param kind how the value is refreshed
 * @param leaseId Vault's lease id; empty for lease-less values (KV, certificates issued without a lease)
 * @param obtained when the value (or its last renewal) arrived
 * @param duration the lease duration granted at {@code obtained} (zero when there is none)
 * @param notBefore for certificates: the certificate's validity start
 * @param expiry when the value stops working; empty when it never does (KV)
 * @param token the token the value was obtained with (leases die with it); never logged
 */
public record Lease(Kind kind, String leaseId, Instant obtained, Duration duration, Optional<Instant> notBefore,
    Optional<Instant> expiry, String token) {

  /** How a value is refreshed. */
  public enum Kind {
    /** A renewable lease: renewed like Vault's lifetime watcher, re-fetched when renewal stops extending it. */
    RENEWABLE,
    /** A lease that cannot be renewed: re-fetched at {@code lease_renewal_threshold} of its duration (with jitter). */
    NON_RENEWABLE,
    /** A rotating secret (database static role): re-read one second after its {@code ttl}. */
    ROTATING,
    /** A certificate: re-issued at the threshold of its lifetime or {@code renew_before} ahead of its expiry. */
    CERTIFICATE,
    /** KV, lists, lease-less responses: re-read every {@code static_secret_render_interval}. */
    STATIC,
    /** A local file: polled for changes. */
    FILE
  }

  public Lease {
    leaseId = leaseId == null ? "" : leaseId;
    token = token == null ? "" : token;
  }

  static Lease of(Kind kind, String leaseId, Instant obtained, Duration duration, String token) {
    Optional<Instant> expiry = duration.isZero() || kind == Kind.STATIC || kind == Kind.FILE
        ? Optional.empty() : Optional.of(obtained.plus(duration));
    return new Lease(kind, leaseId, obtained, duration, Optional.empty(), expiry, token);
  }

  static Lease certificate(String leaseId, Instant obtained, Instant notBefore, Instant notAfter, String token) {
    return new Lease(Kind.CERTIFICATE, leaseId, obtained, Duration.between(obtained, notAfter), Optional.of(notBefore),
        Optional.of(notAfter), token);
  }

  /** This lease after a renewal that granted {@code granted} at {@code now}. */
  Lease renewed(Instant now, Duration granted) {
    return new Lease(kind, leaseId, now, granted, notBefore, Optional.of(now.plus(granted)), token);
  }

  /** True when the value is bound to a Vault lease (it dies with the token that obtained it). */
  public boolean hasLeaseId() {
    return !leaseId.isEmpty();
  }

  /**
   * The lease id with its random part shortened (the mount path and the last four characters stay), so it can be shown
   * in a status table without handing out something that could revoke the lease.
   */
  public String displayId() {
    return displayId(leaseId);
  }

  /**
   * {@code leaseId} as logs, events and status tables show it: the mount path and the last four characters of its
   * random part ({@code database/creds/app/…x9Qz}); empty for none.
   */
  public static String displayId(String leaseId) {
    if (leaseId == null || leaseId.isEmpty()) {
      return "";
    }
    int slash = leaseId.lastIndexOf('/');
    String tail = leaseId.substring(slash + 1);
    String shortTail = tail.length() <= 4 ? tail : "…" + tail.substring(tail.length() - 4);
    return leaseId.substring(0, slash + 1) + shortTail;
  }

  @Override
  public String toString() {
    return "Lease[" + kind + " " + displayId() + " expiry=" + expiry.map(Instant::toString).orElse("none") + "]";
  }
}
