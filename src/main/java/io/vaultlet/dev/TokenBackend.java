package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code auth/token/}: the token store's endpoints (contract §3). */
final class TokenBackend implements Backend {

  private static final Set<String> CREATE_FIELDS = Set.of("id", "role_name", "policies", "meta", "no_parent",
      "no_default_policy", "renewable", "ttl", "lease", "explicit_max_ttl", "period", "type", "display_name",
      "num_uses", "entity_alias");
  private static final Set<String> RENEW_FIELDS = Set.of("token", "accessor", "increment");

  private final Core core;

  TokenBackend(Core core) {
    this.core = core;
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
        return create(req, p.equals("create-orphan"));
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
        if (p.startsWith("create/") || p.startsWith("roles")) {
          throw DevException.badRequest("token roles are not supported by the vaultlet emulator");
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

  private boolean rootOrSudo(DevRequest req) {
    return req.token().isRoot()
        || core.policies.acl(req.token().policies()).capabilities("auth/token/create").contains("sudo");
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

  private DevResponse create(DevRequest req, boolean orphanPath) {
    TokenEntry parent = self(req);
    boolean privileged = rootOrSudo(req);
    boolean noParent = req.bool("no_parent", false);
    if (noParent && !privileged) {
      throw DevException.badRequest("root or sudo privileges required to create orphan token");
    }
    String id = req.string("id");
    if (id != null && !id.isEmpty()) {
      if (!privileged) {
        throw DevException.badRequest("root or sudo privileges required to specify token id");
      }
      if (id.contains(".")) {
        throw DevException.badRequest("token IDs can not contain periods");
      }
    }
    Duration period = req.duration("period");
    if (period.isNegative()) {
      throw DevException.badRequest("period must be positive");
    }
    if (!period.isZero() && !privileged) {
      throw DevException.badRequest("root or sudo privileges required to create periodic token");
    }
    Duration ttl = req.duration(req.has("ttl") ? "ttl" : "lease");
    if (ttl.isNegative()) {
      throw DevException.badRequest("ttl must be positive");
    }
    Duration explicitMax = req.duration("explicit_max_ttl");
    if (explicitMax.isNegative()) {
      throw DevException.badRequest("explicit_max_ttl must be positive");
    }
    long numUses = req.integer("num_uses", 0);
    if (numUses < 0) {
      throw DevException.badRequest("number of uses cannot be negative");
    }
    String type = req.string("type", "service");
    if (!type.equals("service") && !type.equals("default")) {
      throw DevException.badRequest("the vaultlet emulator only issues service tokens");
    }
    List<String> requested = req.strings("policies");
    List<String> policies = policies(parent, requested, req.bool("no_default_policy", false), privileged);
    List<String> warnings = new ArrayList<>();
    Instant now = req.now();
    TokenEntry e = new TokenEntry();
    e.id = id == null || id.isEmpty() ? Ids.serviceToken() : id;
    e.accessor = Ids.accessor();
    e.policies = policies;
    Map<String, Object> meta = req.map("meta");
    if (meta != null) {
      meta.forEach((k, v) -> e.meta.put(k, v == null ? "" : v.toString()));
    }
    String display = req.string("display_name", "");
    e.displayName = display.isEmpty() ? "token" : sanitize("token-" + display);
    e.path = orphanPath ? "auth/token/create-orphan" : "auth/token/create";
    e.orphan = orphanPath || noParent;
    e.parentId = e.orphan ? null : parent.id;
    e.entityId = e.orphan ? "" : parent.entityId;
    e.creationTime = now;
    e.explicitMaxTtl = explicitMax;
    e.period = period;
    e.numUses = (int) numUses;
    e.renewable = req.bool("renewable", true);
    Duration granted = Duration.ZERO;
    if (!period.isZero() || !ttl.isZero() || !policies.contains("root")) {
      MountEntry mount = core.mounts.get("auth/token/");
      Ttl.Result r = Ttl.calculate(Duration.ZERO, new TtlLimits(ttl, Duration.ZERO, period), explicitMax, now, now,
          mount.effectiveDefault(), mount.effectiveMax());
      warnings.addAll(r.warnings());
      granted = r.ttl();
    }
    if (granted.isZero() && !explicitMax.isZero()) {
      granted = explicitMax;
    }
    if (granted.isZero()) {
      if (parent.expireTime != null) {
        throw DevException.badRequest("expiring root tokens cannot create non-expiring root tokens");
      }
      e.renewable = false;
      e.expireTime = null;
    } else {
      e.expireTime = now.plus(granted);
    }
    e.creationTtl = granted;
    e.grantedTtl = granted;
    if (id != null && !id.isEmpty()) {
      warnings.add("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure "
          + "SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.");
    }
    for (String p : policies) {
      if (!core.policies.exists(p)) {
        warnings.add("Policy \"" + p + "\" does not exist");
      }
    }
    String ignored = req.unrecognizedFieldsWarning(CREATE_FIELDS);
    if (ignored != null) {
      warnings.add(ignored);
    }
    core.tokens.add(e);
    DevResponse resp = DevResponse.of(null).withAuth(core.authBlock(e, e.creationTtl), e.accessor);
    warnings.forEach(resp::withWarning);
    return resp;
  }

  /** OpenBao's token_store.go policy rules: inherit, or a subset unless root/sudo; {@code default} rules. */
  private static List<String> policies(TokenEntry parent, List<String> requested, boolean noDefault,
      boolean privileged) {
    List<String> out = new ArrayList<>();
    boolean addDefault;
    if (requested.isEmpty()) {
      out.addAll(parent.policies);
      addDefault = false;
    } else {
      for (String raw : requested) {
        String p = PolicyStore.sanitize(raw); // policyutil.SanitizePolicies lower-cases
        if (!p.isEmpty() && !out.contains(p)) {
          out.add(p);
        }
      }
      if (privileged) {
        addDefault = !noDefault;
      } else {
        for (String p : out) {
          if (!p.equals("default") && !parent.policies.contains(p)) {
            throw DevException.badRequest("child policies must be subset of parent");
          }
        }
        addDefault = !noDefault && parent.policies.contains("default");
      }
    }
    if (addDefault && !out.contains("default") && !out.contains("root")) {
      out.add("default");
    }
    if (noDefault) {
      out.remove("default");
    }
    out.sort(null);
    return List.copyOf(out);
  }

  private static String sanitize(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9-]", "-");
    return s.endsWith("-") ? s.substring(0, s.length() - 1) : s;
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
    d.put("ttl", e.expireTime == null ? 0 : Times.secondsBetween(now, e.expireTime));
    d.put("type", e.type);
    return DevResponse.of(d);
  }
}
