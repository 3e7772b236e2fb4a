package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sys/}: mounts, auth methods, ACL policies, leases, capabilities (contract §5, §7, §18). */
final class SysBackend implements Backend {

  private final Core core;

  SysBackend(Core core) {
    this.core = core;
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String p = req.path();
    if (p.equals("mounts")) {
      return listMounts(MountKind.SECRET, req);
    }
    if (p.equals("auth")) {
      return listMounts(MountKind.AUTH, req);
    }
    if (p.startsWith("mounts/")) {
      return mountPath(MountKind.SECRET, p.substring("mounts/".length()), req);
    }
    if (p.startsWith("auth/")) {
      return mountPath(MountKind.AUTH, p.substring("auth/".length()), req);
    }
    if (p.startsWith("policies/acl")) {
      return SysPolicies.acl(core, req, p.substring("policies/acl".length()));
    }
    if (p.equals("policy") || p.startsWith("policy/")) {
      return SysPolicies.legacy(core, req, p.equals("policy") ? "" : p.substring("policy/".length()));
    }
    if (p.startsWith("leases/")) {
      return SysLeases.handle(core, req, p.substring("leases/".length()));
    }
    if (p.equals("renew") || p.startsWith("renew/") || p.equals("revoke") || p.startsWith("revoke/")
        || p.startsWith("revoke-prefix/") || p.startsWith("revoke-force/")) {
      return SysLeases.handle(core, req, p);
    }
    if (p.equals("remount")) {
      return core.remounts.remount(req);
    }
    if (p.startsWith("remount/status/")) {
      return core.remounts.status(req, p.substring("remount/status/".length()));
    }
    if (p.equals("capabilities-self") || p.equals("capabilities") || p.equals("capabilities-accessor")) {
      return SysPolicies.capabilities(core, req, p);
    }
    throw DevException.unsupportedPath();
  }

  private DevResponse listMounts(MountKind kind, DevRequest req) {
    if (req.operation() != Operation.READ) {
      throw DevException.unsupportedOperation();
    }
    Map<String, Object> d = new LinkedHashMap<>();
    for (MountEntry e : core.mounts.list(kind)) {
      d.put(kind == MountKind.AUTH ? e.path.substring("auth/".length()) : e.path, e.describe(false));
    }
    return DevResponse.of(d);
  }

  private DevResponse mountPath(MountKind kind, String rest, DevRequest req) {
    boolean tune = rest.endsWith("/tune");
    String name = tune ? rest.substring(0, rest.length() - "/tune".length()) : rest;
    if (name.isEmpty()) {
      throw DevException.unsupportedPath();
    }
    String path = (kind == MountKind.AUTH ? "auth/" : "") + (name.endsWith("/") ? name : name + "/");
    if (tune) {
      return tune(path, req);
    }
    switch (req.operation()) {
      case READ: {
        MountEntry e = core.mounts.get(path);
        return e == null ? null : DevResponse.of(e.describe(false));
      }
      case CREATE:
      case UPDATE: {
        String type = req.string("type");
        if (type == null || type.isEmpty()) {
          throw DevException.badRequest("backend type must be specified as a string");
        }
        Map<String, Object> config = req.map("config");
        Duration def = config == null ? Duration.ZERO : ttl(config.get("default_lease_ttl"));
        Duration max = config == null ? Duration.ZERO : ttl(config.get("max_lease_ttl"));
        if (!max.isZero() && def.compareTo(max) > 0) {
          throw DevException.badRequest("given default lease TTL greater than given max lease TTL");
        }
        if (max.isZero() && def.compareTo(Ttl.SYSTEM_DEFAULT) > 0) {
          throw DevException.badRequest("given default lease TTL greater than system max lease TTL of "
              + Ttl.SYSTEM_DEFAULT.getSeconds());
        }
        Map<String, String> options = strings(req.map("options"));
        if ("kv-v2".equals(type)) {
          type = "kv";
          options.put("version", "2");
        }
        core.mount(path, type, kind, req.string("description", ""), options, def, max);
        return DevResponse.noContent();
      }
      case DELETE:
        core.unmount(path);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private DevResponse tune(String path, DevRequest req) {
    MountEntry e = core.mounts.get(path);
    if (e == null) {
      throw DevException.badRequest(req.operation() == Operation.READ
          ? "cannot fetch mount configuration: no mount at \"" + path + "\""
          : "tune of path \"" + path + "\" failed: no mount entry found");
    }
    if (req.operation() == Operation.READ) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("default_lease_ttl", e.effectiveDefault().getSeconds());
      d.put("description", e.description);
      d.put("force_no_cache", false);
      d.put("max_lease_ttl", e.effectiveMax().getSeconds());
      d.put("options", e.options.isEmpty() ? null : new LinkedHashMap<>(e.options));
      return DevResponse.of(d);
    }
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
    Duration def = req.has("default_lease_ttl") ? ttl(req.data().get("default_lease_ttl")) : e.defaultLeaseTtl;
    Duration max = req.has("max_lease_ttl") ? ttl(req.data().get("max_lease_ttl")) : e.maxLeaseTtl;
    if (!def.isZero() && !max.isZero() && max.compareTo(def) < 0) {
      // Vault's tuneMountTTLs: only when both are set (zero means "system")
      throw DevException.badRequest("backend max lease TTL of " + max.getSeconds()
          + " would be less than backend default lease TTL of " + def.getSeconds());
    }
    e.defaultLeaseTtl = def;
    e.maxLeaseTtl = max;
    if (req.has("description")) {
      e.description = req.string("description");
    }
    Map<String, String> options = strings(req.map("options"));
    String version = options.get("version");
    if (version != null && e.backend instanceof KvBackend kv) {
      kv.setVersion("2".equals(version) ? 2 : 1);
    }
    e.options.putAll(options);
    return DevResponse.noContent();
  }

  private static Duration ttl(Object v) {
    if (v == null || "system".equals(v)) {
      return Duration.ZERO;
    }
    try {
      return GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("unable to parse TTL: " + v);
    }
  }

  private static Map<String, String> strings(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
    }
    return out;
  }

  /** {@code sys/internal/ui/mounts[/<path>]} and {@code sys/mounts-all/<path>} (contract §5). */
  static DevResponse internalUiMounts(Core core, HttpCall call, String fullPath) {
    String rest;
    if (fullPath.startsWith("sys/mounts-all/")) {
      rest = fullPath.substring("sys/mounts-all/".length());
    } else {
      rest = fullPath.length() > "sys/internal/ui/mounts".length()
          ? fullPath.substring("sys/internal/ui/mounts/".length()) : "";
    }
    TokenEntry token = core.liveToken(call.token());
    Acl acl = token == null ? null : core.aclFor(token);
    if (rest.isEmpty()) {
      Map<String, Object> secret = new LinkedHashMap<>();
      Map<String, Object> auth = new LinkedHashMap<>();
      if (acl != null) {
        for (MountEntry e : core.mounts.all()) {
          if (acl.anyUnder(e.path)) {
            Map<String, Object> m = e.describe(false);
            if (e.kind == MountKind.AUTH) {
              auth.put(e.path.substring("auth/".length()), m);
            } else {
              secret.put(e.path, m);
            }
          }
        }
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("auth", auth);
      d.put("secret", secret);
      return DevResponse.of(d);
    }
    if (call.token() == null || call.token().isEmpty()) {
      throw DevException.permissionDenied();
    }
    if (token == null) {
      throw DevException.invalidToken();
    }
    // Vault answers an unknown mount and a mount without access alike, so mounts cannot be enumerated
    String p = rest.endsWith("/") ? rest : rest + "/";
    DevException preflight = DevException.of(403, "preflight capability check returned 403, please ensure "
        + "client's policies grant access to path \"" + p + "\"");
    MountEntry e = core.mounts.route(rest);
    if (e == null || !acl.anyUnder(e.path)) {
      throw preflight;
    }
    return DevResponse.of(e.describe(true));
  }

  /** {@code sys/leases/lookup} data. */
  static Map<String, Object> leaseInfo(LeaseEntry e, Instant now) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", e.id);
    d.put("issue_time", Times.rfc3339Nano(e.issueTime));
    d.put("expire_time", e.expireTime == null ? null : Times.rfc3339Nano(e.expireTime));
    d.put("last_renewal", e.lastRenewal == null ? null : Times.rfc3339Nano(e.lastRenewal));
    d.put("renewable", e.renewable && e.expireTime != null && now.isBefore(e.expireTime)
        && e.failedRevocations < Leases.MAX_ATTEMPTS);
    d.put("ttl", e.expireTime == null ? 0 : Times.secondsBetween(now, e.expireTime));
    if (e.revokeError != null) {
      d.put("revoke_error", e.revokeError);
    }
    return d;
  }

  static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(null);
    return out;
  }
}
