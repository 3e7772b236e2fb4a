package io.vaultlet.dev;

import java.time.Instant;
import java.util.Map;

/**
 * A lease as its backend's callbacks see it.
 *
 * @param leaseId {@code <mount><path>/<24 base62>}
 * @param path the request path that created it (full, e.g. {@code database/creds/readonly})
 * @param internal what the backend put in {@link LeaseSpec#internal} (e.g. the username to drop)
 * @param issueTime when the lease was created (max TTL counts from here)
 * @param expireTime the current expiry
 * @param lastRenewal null until the first renewal
 * @param renewable whether it can be renewed
 * @param tokenAccessor the accessor of the token that created it (null for unauthenticated paths)
 */
public record LeaseView(
    String leaseId,
    String path,
    Map<String, Object> internal,
    Instant issueTime,
    Instant expireTime,
    Instant lastRenewal,
    boolean renewable,
    String tokenAccessor) {}
