package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code kv} secrets engine, both versions over one store (contract §6): version 1 keeps a single version per
 * key; version 2 ({@code options.version = "2"}) adds {@code data/ metadata/ delete/ undelete/ destroy/ config
 * subkeys/}, versions, check-and-set and soft deletion. Tuning a v1 mount to version 2 upgrades it in place.
 */
final class KvBackend implements Backend {

  /** One key: its versions and key-level settings. */
  static final class Key {
    final TreeMap<Integer, Version> versions = new TreeMap<>();
    int current;
    Instant created;
    Instant updated;
    int maxVersions;
    boolean casRequired;
    Duration deleteVersionAfter = Duration.ZERO;
    Map<String, String> customMetadata;
  }

  /** One version of a key. */
  static final class Version {
    Map<String, Object> data;
    Instant created;
    Instant deletion;
    boolean destroyed;
  }

  private final TreeMap<String, Key> keys = new TreeMap<>();
  private volatile int version;
  private int maxVersions;
  private boolean casRequired;
  private Duration deleteVersionAfter = Duration.ZERO;

  private KvBackend(MountContext context) {
    this.version = "2".equals(context.options().get("version")) ? 2 : 1;
  }

  static Backend create(MountContext context) {
    String v = context.options().getOrDefault("version", "1");
    if (!v.isEmpty() && !v.equals("1") && !v.equals("2")) {
      throw DevException.badRequest("invalid kv version \"" + v + "\": expected 1 or 2");
    }
    return new KvBackend(context);
  }

  /** {@code sys/mounts/<p>/tune} with {@code options.version}: 1 → 2 upgrades; 2 → 1 is refused as in Vault. */
  void setVersion(int v) {
    if (v == 1 && version == 2) {
      throw DevException.badRequest("cannot downgrade mount from version 2");
    }
    version = v;
  }

  int version() {
    return version;
  }

  @Override
  public synchronized DevResponse handle(DevRequest req) {
    return version == 2 ? KvV2.handle(this, req) : handleV1(req);
  }

  @Override
  public synchronized Boolean exists(DevRequest req) {
    String p = req.path();
    if (version == 1) {
      return keys.containsKey(p);
    }
    int slash = p.indexOf('/');
    String head = slash < 0 ? p : p.substring(0, slash);
    String key = slash < 0 ? "" : p.substring(slash + 1);
    Key k = keys.get(key);
    switch (head) {
      case "data":
        return k != null && !k.versions.isEmpty();
      case "metadata":
        return k != null;
      default:
        return true;
    }
  }

  private DevResponse handleV1(DevRequest req) {
    String path = req.path();
    switch (req.operation()) {
      case READ: {
        Key k = keys.get(path);
        Version v = k == null ? null : k.versions.get(k.current);
        if (v == null) {
          return null;
        }
        DevResponse resp = DevResponse.of(Json.copy(v.data)).withMountDefaultLeaseDuration();
        Object hint = v.data.containsKey("ttl") ? v.data.get("ttl") : v.data.get("lease");
        if (hint != null) {
          try {
            resp.withLeaseDuration(GoDuration.parse(hint));
          } catch (IllegalArgumentException e) {
            // a stored value that is not a duration is just data
          }
        }
        return resp;
      }
      case LIST:
        return DevResponse.keys(childKeys(keys.keySet(), path));
      case CREATE:
      case UPDATE: {
        if (path.isEmpty()) {
          throw DevException.badRequest("missing path");
        }
        if (req.data().isEmpty()) {
          throw DevException.badRequest("no data provided");
        }
        Key k = keys.computeIfAbsent(path, p -> new Key());
        Version v = new Version();
        v.data = Json.copy(req.data());
        v.created = req.now();
        k.versions.clear();
        k.versions.put(1, v);
        k.current = 1;
        k.created = k.created == null ? req.now() : k.created;
        k.updated = req.now();
        return DevResponse.noContent();
      }
      case DELETE:
        keys.remove(path);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** The immediate children of {@code prefix} among {@code keys}: names, and folders with a trailing slash. */
  static List<String> childKeys(Set<String> keys, String prefix) {
    TreeSet<String> out = new TreeSet<>();
    for (String k : keys) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        String rest = k.substring(prefix.length());
        int slash = rest.indexOf('/');
        out.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    return new ArrayList<>(out);
  }

  // --- state for KvV2 (same package, same lock)

  TreeMap<String, Key> keys() {
    return keys;
  }

  int effectiveMaxVersions(Key k) {
    if (k != null && k.maxVersions > 0) {
      return k.maxVersions;
    }
    return maxVersions > 0 ? maxVersions : 10;
  }

  boolean casRequired(Key k) {
    return casRequired || (k != null && k.casRequired);
  }

  Duration deleteVersionAfter(Key k) {
    if (k != null && !k.deleteVersionAfter.isZero()) {
      return k.deleteVersionAfter;
    }
    return deleteVersionAfter;
  }

  Map<String, Object> config() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cas_required", casRequired);
    m.put("delete_version_after", GoDuration.goString(deleteVersionAfter));
    m.put("max_versions", maxVersions);
    return m;
  }

  void configure(DevRequest req) {
    if (req.has("max_versions")) {
      maxVersions = (int) req.integer("max_versions", 0);
    }
    if (req.has("cas_required")) {
      casRequired = req.bool("cas_required", false);
    }
    if (req.has("delete_version_after")) {
      deleteVersionAfter = req.duration("delete_version_after");
    }
  }
}
