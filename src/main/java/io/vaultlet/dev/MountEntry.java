package io.vaultlet.dev;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the mount table (secret engines and auth methods alike; auth paths start with {@code auth/}). */
final class MountEntry {

  String path;
  String type;
  MountKind kind;
  String description = "";
  String accessor;
  String uuid;
  Map<String, String> options = new LinkedHashMap<>();
  /** Zero: the system default (768h). */
  Duration defaultLeaseTtl = Duration.ZERO;
  /** Zero: the system max (768h). */
  Duration maxLeaseTtl = Duration.ZERO;
  boolean local;
  boolean sealWrap;
  Backend backend;
  /** Built-in mounts (sys/, auth/token/, cubbyhole/, identity/) cannot be disabled. */
  boolean builtin;

  Duration effectiveDefault() {
    Duration max = effectiveMax();
    Duration d = defaultLeaseTtl.isZero() ? Ttl.SYSTEM_DEFAULT : defaultLeaseTtl;
    return d.compareTo(max) > 0 ? max : d;
  }

  Duration effectiveMax() {
    return maxLeaseTtl.isZero() ? Ttl.SYSTEM_DEFAULT : maxLeaseTtl;
  }

  /** Vault's mount description for sys/mounts and sys/internal/ui/mounts. */
  Map<String, Object> describe(boolean withPath) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accessor", accessor);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("default_lease_ttl", defaultLeaseTtl.getSeconds());
    config.put("force_no_cache", false);
    config.put("max_lease_ttl", maxLeaseTtl.getSeconds());
    m.put("config", config);
    m.put("description", description);
    m.put("external_entropy_access", false);
    m.put("local", local);
    m.put("options", options.isEmpty() && !"kv".equals(type) ? null : new LinkedHashMap<>(options));
    if (withPath) {
      m.put("path", kind == MountKind.AUTH ? path.substring("auth/".length()) : path);
    }
    m.put("plugin_version", "");
    m.put("running_plugin_version", "v0.0.0+builtin.vaultlet");
    m.put("running_sha256", "");
    m.put("seal_wrap", sealWrap);
    m.put("type", type);
    m.put("uuid", uuid);
    return m;
  }

  MountContext context(DevClock clock, DevOptions server, io.vaultlet.dev.iam.IamStandIn iam) {
    return new MountContext(path, type, kind, accessor, Map.copyOf(options), effectiveDefault(), effectiveMax(), clock,
        server, iam);
  }
}
