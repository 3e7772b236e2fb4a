package io.vaultlet.dev;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code auth/token/}: the token store's endpoints (contract §3). */
final class TokenBackend implements Backend {

  private static final Set<String> RENEW_FIELDS = Set.of("token", "accessor", "increment");

  private final Core core;
  private final TokenCreator creator;
  private final TokenRoles roles;

  TokenBackend(Core core) {
    this.core = core;
    this.creator = new TokenCreator(core);
    this.roles = new TokenRoles(core);
  }

  /** Existence check for ACLs: a role write creates or updates. */
  @Override
  public Boolean exists(DevRequest req) {
    String p = req.path();
    if (p.startsWith("roles/") && p.length() > "roles/".length()) {
      return roles.get(p.substring("roles/".length())) != null;
    }
    return null;
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String p = req.path();
    if (p.equals("accessors/") && req.operation() == Operation.LIST) {
      requireSudo(req, "auth/token/accessors/");
      return DevResponse.keys(core.tokens.accessors());
    }
    boolean read = req.operation() == Operation.READ;
    boolean write = req.operation().isWrite();
    switch (p) {
      case "create":
      case "create-orphan":
        requireWrite(write);
        return creator.create(req, self(req), rootOrSudo(req, "auth/token/" + p), p.equals("create-orphan"), null);
      case "lookup":
        if (!read && !write) {
          throw DevException.unsupportedOperation();
        }
        String lookupId = req.string("token", "");
        return lookup(lookupId.isEmpty() ? self(req) : byToken(lookupId, 403, "bad token"), false);
      case "lookup-self":
        if (!read && !write) {
          throw DevException.unsupportedOperation();
        }
        return lookup(self(req), false);
      case "lookup-accessor":
        requireWrite(write);
        return lookup(byAccessor(req.string("accessor")), true);
      case "renew":
        requireWrite(write);
        return core.renewToken(byToken(req.string("token"), 400, "token not found"), req.duration("increment"),
            req.now()).withWarning(req.unrecognizedFieldsWarning(RENEW_FIELDS));
      case "renew-self":
        requireWrite(write);
        return core.renewToken(self(req), req.duration("increment"), req.now())
            .withWarning(req.unrecognizedFieldsWarning(RENEW_FIELDS));
      case "renew-accessor": {
        requireWrite(write);
        DevResponse renewed = core.renewToken(byAccessor(req.string("accessor")), req.duration("increment"),
            req.now()).withWarning(req.unrecognizedFieldsWarning(RENEW_FIELDS));
        renewed.auth().put("client_token", ""); // an accessor never reveals its token (OpenBao's RenewAccessor)
        return renewed;
      }
      case "revoke":
        requireWrite(write);
        core.revokeToken(tokenIdOrEmpty(req.string("token")));
        return DevResponse.noContent();
      case "revoke-self":
        requireWrite(write);
        core.revokeToken(req.token().id());
        return DevResponse.noContent();
      case "revoke-accessor":
        requireWrite(write);
        core.revokeToken(byAccessor(req.string("accessor")).id);
        return DevResponse.noContent();
      case "revoke-orphan":
        requireWrite(write);
        String orphanId = tokenIdOrEmpty(req.string("token"));
        if (!core.policies.acl(req.token().policies()).capabilities("auth/token/revoke-orphan").contains("sudo")) {
          throw DevException.badRequest("root or sudo privileges required to revoke and orphan");
        }
        TokenEntry removed = core.tokens.removeOrphaning(orphanId);
        if (removed != null) {
          core.afterTokensRemoved(List.of(removed));
        }
        return DevResponse.noContent();
      default:
        if (p.startsWith("create/") && p.length() > "create/".length()) {
          requireWrite(write);
          String name = p.substring("create/".length());
          TokenRoles.Role role = roles.get(name);
          if (role == null) {
            throw DevException.badRequest("unknown role " + name);
          }
          return creator.create(req, self(req), rootOrSudo(req, "auth/token/" + p), false, role);
        }
        if (p.equals("roles") || p.startsWith("roles/")) {
          return roles.handle(req, p.equals("roles") ? "" : p.substring("roles/".length()).replaceAll("/$", ""));
        }
        throw DevException.unsupportedPath();
    }
  }

  private static void requireWrite(boolean write) {
    if (!write) {
      throw DevException.unsupportedOperation();
    }
  }

  private void requireSudo(DevRequest req, String path) {
    if (!core.policies.acl(req.token().policies()).capabilities(path).contains("sudo")) {
      throw DevException.permissionDenied();
    }
  }

  /** Vault's {@code SudoPrivilege(mountPoint + path)}: root, or {@code sudo} on the request's own path. */
  private boolean rootOrSudo(DevRequest req, String path) {
    return req.token().isRoot() || core.policies.acl(req.token().policies()).capabilities(path).contains("sudo");
  }

  private TokenEntry self(DevRequest req) {
    TokenEntry e = core.liveToken(req.token().id());
    if (e == null) {
      throw DevException.invalidToken();
    }
    return e;
  }

  private TokenEntry byToken(String id, int status, String notFound) {
    if (id == null || id.isEmpty()) {
      throw DevException.badRequest("missing token ID");
    }
    TokenEntry e = core.liveToken(id);
    if (e == null) {
      throw DevException.of(status, notFound);
    }
    return e;
  }

  private static String tokenIdOrEmpty(String id) {
    if (id == null || id.isEmpty()) {
      throw DevException.badRequest("missing token ID");
    }
    return id;
  }

  private TokenEntry byAccessor(String accessor) {
    if (accessor == null || accessor.isEmpty()) {
      throw DevException.badRequest("missing accessor");
    }
    TokenEntry e = core.tokens.byAccessor(accessor, core.clock.instant());
    if (e == null) {
      throw DevException.badRequest("invalid accessor");
    }
    return e;
  }

  private DevResponse lookup(TokenEntry e, boolean viaAccessor) {
    Instant now = core.clock.instant();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("accessor", e.accessor);
    d.put("creation_time", e.creationTime.getEpochSecond());
    d.put("creation_ttl", e.creationTtl.getSeconds());
    d.put("display_name", e.displayName);
    d.put("entity_id", e.entityId);
    d.put("expire_time", e.expireTime == null ? null : Times.rfc3339Nano(e.expireTime));
    d.put("explicit_max_ttl", e.explicitMaxTtl.getSeconds());
    d.put("id", viaAccessor ? "" : e.id);
    List<String> identityPolicies = core.identity.policiesFor(e.entityId);
    if (!identityPolicies.isEmpty()) {
      d.put("identity_policies", identityPolicies);
    }
    d.put("issue_time", Times.rfc3339Nano(e.creationTime));
    if (e.lastRenewal != null) {
      d.put("last_renewal", Times.rfc3339Nano(e.lastRenewal));
      d.put("last_renewal_time", e.lastRenewal.getEpochSecond());
    }
    d.put("meta", e.meta.isEmpty() ? null : new LinkedHashMap<>(e.meta));
    d.put("num_uses", Math.max(0, e.numUses));
    d.put("orphan", e.orphan);
    d.put("path", e.path);
    if (!e.period.isZero()) {
      d.put("period", e.period.getSeconds());
    }
    d.put("policies", e.policies);
    d.put("renewable", e.renewable && e.expireTime != null);
    if (e.role != null) {
      d.put("role", e.role);
    }
    d.put("ttl", e.expireTime == null ? 0 : Times.secondsBetween(now, e.expireTime));
    d.put("type", e.type);
    return DevResponse.of(d);
  }
}
