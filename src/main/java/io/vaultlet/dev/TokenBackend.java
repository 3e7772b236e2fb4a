package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code auth/token/}: the token store's endpoints (contract §3). */
final class TokenBackend implements Backend {

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
        return lookup(byToken(req.string("token")), false);
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
        return core.renewToken(byToken(req.string("token")), req.duration("increment"), req.now());
      case "renew-self":
        requireWrite(write);
        return core.renewToken(self(req), req.duration("increment"), req.now());
      case "renew-accessor":
        requireWrite(write);
        return core.renewToken(byAccessor(req.string("accessor")), req.duration("increment"), req.now());
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
        requireSudo(req, "auth/token/revoke-orphan");
        TokenEntry removed = core.tokens.removeOrphaning(tokenIdOrEmpty(req.string("token")));
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

  private TokenEntry byToken(String id) {
    if (id == null || id.isEmpty()) {
      throw DevException.badRequest("missing token");
    }
    TokenEntry e = core.liveToken(id);
    if (e == null) {
      throw DevException.of(403, "bad token");
    }
    return e;
  }

  private static String tokenIdOrEmpty(String id) {
    if (id == null || id.isEmpty()) {
      throw DevException.badRequest("missing token");
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
    if (!period.isZero() && !privileged) {
      throw DevException.badRequest("root or sudo privileges required to create periodic token");
    }
    long numUses = req.integer("num_uses", 0);
    if (numUses < 0) {
      throw DevException.badRequest("number of uses cannot be negative");
    }
    String type = req.string("type", "service");
    if (!type.equals("service") && !type.equals("default")) {
      throw DevException.badRequest("the vaultlet emulator only issues service tokens");
    }
    List<String> requested = req.has("policies") ? req.strings("policies") : null;
    List<String> policies = policies(parent, requested, req.bool("no_default_policy", false), privileged);
    List<String> warnings = new ArrayList<>();
    for (String p : policies) {
      if (!core.policies.exists(p)) {
        warnings.add("Policy \"" + p + "\" does not exist");
      }
    }
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
    e.creationTime = now;
    e.explicitMaxTtl = req.duration("explicit_max_ttl");
    e.period = period;
    e.numUses = (int) numUses;
    e.renewable = req.bool("renewable", true);
    Duration ttl = req.duration("ttl");
    boolean neverExpires = policies.contains("root") && ttl.isZero() && period.isZero()
        && e.explicitMaxTtl.isZero();
    if (neverExpires) {
      e.creationTtl = Duration.ZERO;
      e.expireTime = null;
    } else {
      MountEntry mount = core.mounts.get("auth/token/");
      Ttl.Result r = Ttl.calculate(Duration.ZERO, new TtlLimits(ttl, Duration.ZERO, period), e.explicitMaxTtl, now,
          now, mount.effectiveDefault(), mount.effectiveMax());
      warnings.addAll(r.warnings());
      e.creationTtl = r.ttl();
      e.expireTime = now.plus(r.ttl());
    }
    core.tokens.add(e);
    DevResponse resp = DevResponse.of(null).withAuth(core.authBlock(e, e.creationTtl), e.accessor);
    warnings.forEach(resp::withWarning);
    return resp;
  }

  private static List<String> policies(TokenEntry parent, List<String> requested, boolean noDefault,
      boolean privileged) {
    List<String> out = new ArrayList<>();
    if (requested == null) {
      out.addAll(parent.policies);
    } else {
      for (String p : requested) {
        if (!out.contains(p)) {
          out.add(p);
        }
      }
      if (!privileged) {
        for (String p : out) {
          if (!p.equals("default") && !parent.policies.contains(p)) {
            throw DevException.of(403, "child policies must be subset of parent");
          }
        }
      }
    }
    if (noDefault) {
      out.remove("default");
    } else if (!out.contains("default") && !out.contains("root")) {
      out.add("default");
    }
    if (out.contains("root")) {
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
