package io.vaultlet.dev;

import io.vaultlet.support.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vault's expiration manager: registers leases and login tokens with their TTLs (Vault's {@code CalculateTTL}),
 * renews them, revokes tokens with their descendants and leases (the cascade), and reaps what the clock has passed.
 */
final class Expiration {

  private static final Log LOG = Log.named("dev.expiration");

  private final Core core;

  Expiration(Core core) {
    this.core = core;
  }

  Map<String, Object> registerLease(LeaseSpec spec, MountEntry mount, String path, TokenEntry token,
      Instant now, List<String> warnings) {
    TtlLimits limits = TtlLimits.of(spec.ttl(), spec.maxTtl());
    Ttl.Result ttl = Ttl.calculate(Duration.ZERO, limits, Duration.ZERO, now, now, mount.effectiveDefault(),
        mount.effectiveMax());
    warnings.addAll(ttl.warnings());
    LeaseEntry e = new LeaseEntry();
    e.id = path + "/" + Ids.base62(24);
    e.path = path;
    e.mountPath = mount.path;
    e.tokenId = token == null ? null : token.id;
    e.tokenAccessor = token == null ? null : token.accessor;
    e.issueTime = now;
    e.expireTime = now.plus(ttl.ttl());
    e.renewable = spec.renewable();
    e.limits = limits;
    e.revoker = spec.revoker();
    e.renewer = spec.renewer();
    e.internal = Map.copyOf(spec.internal());
    core.leases.add(e);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lease_id", e.id);
    m.put("renewable", e.renewable);
    m.put("lease_duration", ttl.ttl().getSeconds());
    return m;
  }

  /** {@code sys/leases/renew}: Vault's {@code ExpirationManager.Renew}. Returns the envelope fields. */
  DevResponse renewLease(String leaseId, Duration increment, Instant now) {
    if (leaseId == null || leaseId.isBlank()) {
      throw DevException.badRequest("lease_id must be specified");
    }
    LeaseEntry e = core.leases.get(leaseId);
    if (e == null) {
      if (leaseId.startsWith("auth/")) {
        throw DevException.badRequest("tokens cannot be renewed through this endpoint");
      }
      throw DevException.badRequest("lease not found");
    }
    if (e.failedRevocations >= Leases.MAX_ATTEMPTS) {
      throw DevException.badRequest("lease is expired and has failed previous revocation attempts");
    }
    if (!now.isBefore(e.expireTime)) {
      core.renewalTimes.refusedExpired();
      throw DevException.badRequest("lease expired");
    }
    if (!e.renewable) {
      throw DevException.badRequest("lease is not renewable");
    }
    MountEntry mount = core.mounts.get(e.mountPath);
    TtlLimits limits = e.renewer == null ? e.limits : e.renewer.limits(e.view());
    Ttl.Result ttl = Ttl.calculate(increment, new TtlLimits(limits.ttl(), limits.maxTtl(), Duration.ZERO),
        Duration.ZERO, e.issueTime, now, mount == null ? Ttl.SYSTEM_DEFAULT : mount.effectiveDefault(),
        mount == null ? Ttl.SYSTEM_DEFAULT : mount.effectiveMax());
    Instant expiry = now.plus(ttl.ttl());
    if (e.renewer != null) {
      try {
        e.renewer.renewed(e.view(), expiry);
      } catch (DevException ex) {
        throw ex;
      } catch (Exception ex) {
        throw DevException.badRequest("failed to renew entry: " + ex.getMessage());
      }
    }
    synchronized (core.leases) {
      core.renewalTimes.renewed(e.id, e.lastRenewal == null ? e.issueTime : e.lastRenewal, e.expireTime, now);
      e.expireTime = expiry;
      e.lastRenewal = now;
    }
    Map<String, Object> lease = new LinkedHashMap<>();
    lease.put("lease_id", e.id);
    lease.put("renewable", e.renewable);
    lease.put("lease_duration", ttl.ttl().getSeconds());
    DevResponse resp = DevResponse.of(null);
    ttl.warnings().forEach(resp::withWarning);
    return resp.withLeaseFields(lease);
  }

  String createRootToken(String id) {
    TokenEntry e = new TokenEntry();
    e.id = id == null || id.isBlank() ? Ids.serviceToken() : id;
    e.accessor = Ids.accessor();
    e.policies = List.of("root");
    e.displayName = "root";
    e.path = "auth/token/root";
    e.orphan = true;
    e.creationTime = core.clock.instant();
    e.renewable = false;
    core.tokens.add(e);
    return e.id;
  }

  TokenEntry issueLoginToken(TokenSpec spec, MountEntry mount, String path, Instant now,
      List<String> warnings) {
    TokenEntry e = new TokenEntry();
    e.id = Ids.serviceToken();
    e.accessor = Ids.accessor();
    List<String> pol = new ArrayList<>();
    for (String raw : spec.policies()) {
      String p = PolicyStore.sanitize(raw);
      if (!p.isEmpty() && !pol.contains(p)) {
        pol.add(p);
      }
    }
    if (!spec.noDefaultPolicy() && !pol.contains("default") && !pol.contains("root")) {
      pol.add("default");
    }
    pol.sort(null);
    e.policies = List.copyOf(pol);
    e.meta.putAll(spec.metadata());
    String prefix = mount.path.substring("auth/".length()).replace('/', '-');
    String name = prefix + spec.displayName();
    e.displayName = name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
    e.path = path;
    e.mountPath = mount.path;
    e.orphan = true;
    e.creationTime = now;
    e.explicitMaxTtl = spec.explicitMaxTtl();
    e.period = spec.limits().period();
    e.numUses = spec.numUses();
    e.renewable = spec.renewable();
    e.limits = spec.limits();
    e.renewer = spec.renewer();
    e.entityId = !spec.entityId().isEmpty() ? spec.entityId()
        : spec.aliasName() == null ? "" : core.identity.entityIdForLogin(mount.accessor, spec.aliasName(),
            spec.aliasMetadata());
    Ttl.Result ttl = Ttl.calculate(Duration.ZERO, spec.limits(), spec.explicitMaxTtl(), now, now,
        mount.effectiveDefault(), mount.effectiveMax());
    warnings.addAll(ttl.warnings());
    e.creationTtl = ttl.ttl();
    e.grantedTtl = ttl.ttl();
    e.expireTime = now.plus(ttl.ttl());
    core.tokens.add(e);
    return e;
  }

  /** Vault's {@code auth} block for a token, with {@code lease_duration} = {@code ttl}. */
  Map<String, Object> authBlock(TokenEntry e, Duration ttl) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("client_token", e.id);
    a.put("accessor", e.accessor);
    List<String> identityPolicies = core.identity.policiesFor(e.entityId);
    a.put("policies", core.identity.allPolicies(e.policies, e.entityId));
    a.put("token_policies", e.policies);
    if (!identityPolicies.isEmpty()) {
      a.put("identity_policies", identityPolicies);
    }
    a.put("metadata", e.meta.isEmpty() ? null : new LinkedHashMap<>(e.meta));
    a.put("lease_duration", e.expireTime == null ? 0L : ttl.getSeconds());
    a.put("renewable", e.renewable && e.expireTime != null);
    a.put("entity_id", e.entityId);
    a.put("token_type", e.type);
    a.put("orphan", e.orphan);
    a.put("mfa_requirement", null);
    a.put("num_uses", Math.max(0, e.numUses));
    return a;
  }

  /** Renews a token (renew, renew-self, renew-accessor): Vault's {@code ExpirationManager.RenewToken}. */
  DevResponse renewToken(TokenEntry e, Duration increment, Instant now) {
    if (e.expireTime == null) {
      throw DevException.badRequest("invalid lease ID");
    }
    if (!now.isBefore(e.expireTime)) {
      core.renewalTimes.refusedExpired();
      throw DevException.badRequest("lease expired");
    }
    if (!e.renewable) {
      throw DevException.badRequest("lease is not renewable");
    }
    TtlLimits limits;
    if (e.renewer != null) {
      limits = e.renewer.limits(e.view());
    } else if (e.mountPath.equals("auth/token/")) {
      limits = new TtlLimits(e.grantedTtl, Duration.ZERO, e.period);
    } else {
      limits = e.limits;
    }
    MountEntry mount = core.mounts.get(e.mountPath);
    Ttl.Result ttl = Ttl.calculate(increment, limits, e.explicitMaxTtl, e.creationTime, now,
        mount == null ? Ttl.SYSTEM_DEFAULT : mount.effectiveDefault(),
        mount == null ? Ttl.SYSTEM_DEFAULT : mount.effectiveMax());
    synchronized (core.tokens) {
      e.expireTime = now.plus(ttl.ttl());
      e.grantedTtl = ttl.ttl();
      e.lastRenewal = now;
    }
    DevResponse resp = DevResponse.of(null).withAuth(authBlock(e, ttl.ttl()), e.accessor);
    ttl.warnings().forEach(resp::withWarning);
    return resp;
  }

  /** Revokes a token, its descendants, and every lease any of them created. */
  void revokeToken(String id) {
    List<TokenEntry> removed = core.tokens.removeTree(id);
    afterTokensRemoved(removed);
  }

  void afterTokensRemoved(List<TokenEntry> removed) {
    if (removed.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (TokenEntry e : removed) {
      ids.add(e.id);
      LOG.debug("revoked token", "accessor", e.accessor);
    }
    core.leases.revokeQuietly(core.leases.ownedBy(ids));
    core.cubbyhole.purge(ids);
    core.wrapping.purge(ids);
  }

  /**
   * The reaper: revokes what the clock has passed. Never throws. Runs one at a time, so a caller that advanced the
   * clock (and reaps) returns only after a background run in progress has finished too.
   */
  synchronized void reap() {
    try {
      Instant now = core.clock.instant();
      for (String id : core.tokens.expired(now)) {
        revokeToken(id);
      }
      List<String> expired = core.leases.expired(now);
      core.renewalTimes.reaped(expired.size());
      core.leases.revokeQuietly(expired);
    } catch (RuntimeException e) {
      LOG.error("reaper run failed", e);
    }
  }
}
