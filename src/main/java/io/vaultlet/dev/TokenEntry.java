package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A token record of the token store (contract §18). Mutable; guarded by {@link TokenStore}'s lock. */
final class TokenEntry {

  String id;
  String accessor;
  List<String> policies;
  Map<String, String> meta = new LinkedHashMap<>();
  String displayName = "token";
  String path = "auth/token/create";
  /** The auth mount whose limits apply at renewal ({@code auth/token/}, {@code auth/approle/}). */
  String mountPath = "auth/token/";
  String parentId;
  boolean orphan;
  Instant creationTime;
  Duration creationTtl = Duration.ZERO;
  /** The TTL granted by the last issue or renewal: a token-store token's renewal without increment reuses it. */
  Duration grantedTtl = Duration.ZERO;
  /** Null: never expires. */
  Instant expireTime;
  Duration explicitMaxTtl = Duration.ZERO;
  Duration period = Duration.ZERO;
  /** Uses left; 0 = unlimited. */
  int numUses;
  boolean renewable = true;
  String entityId = "";
  String type = "service";
  /** The token role it was created against ({@code create/<role>}), else null. */
  String role;
  Instant lastRenewal;
  /** The backend's limits for renewals (login tokens: the role's, refreshed through {@link #renewer}). */
  TtlLimits limits = TtlLimits.none();
  TokenSpec.Renewer renewer;
  final Set<String> children = new LinkedHashSet<>();

  boolean isRoot() {
    return policies.contains("root");
  }

  boolean expiredAt(Instant now) {
    return expireTime != null && !now.isBefore(expireTime);
  }

  TokenView view() {
    return new TokenView(id, accessor, List.copyOf(policies), Map.copyOf(meta), displayName, path, entityId, orphan,
        creationTime, expireTime, numUses, type);
  }
}
