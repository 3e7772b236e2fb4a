package io.vaultlet.dev;

import java.time.Instant;
import java.util.Map;

/** A lease of the expiration manager. Mutable; guarded by {@link Leases}'s lock. */
final class LeaseEntry {

  String id;
  String path;
  String mountPath;
  /** The token that created it (null on unauthenticated paths); revoking that token revokes this lease. */
  String tokenId;
  String tokenAccessor;
  Instant issueTime;
  Instant expireTime;
  Instant lastRenewal;
  boolean renewable;
  TtlLimits limits;
  LeaseSpec.Revoker revoker;
  LeaseSpec.Renewer renewer;
  Map<String, Object> internal;
  int failedRevocations;
  String revokeError;

  LeaseView view() {
    return new LeaseView(id, path, internal, issueTime, expireTime, lastRenewal, renewable, tokenAccessor);
  }
}
