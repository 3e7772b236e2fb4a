package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KV version 2's paths over {@link KvBackend}'s store (contract §6.2). Called with the backend's lock held. */
final class KvV2 {

  private static final List<String> ROOTS = List.of("data", "metadata", "delete", "undelete", "destroy", "subkeys");

  private KvV2() {}

  static DevResponse handle(KvBackend kv, DevRequest req) {
    String p = req.path();
    if (p.equals("config")) {
      return config(kv, req);
    }
    int slash = p.indexOf('/');
    String head = slash < 0 ? p : p.substring(0, slash);
    String key = slash < 0 ? "" : p.substring(slash + 1);
    if (!ROOTS.contains(head)) {
      return invalidPath(req);
    }
    if (key.isEmpty() && req.operation() != Operation.LIST) {
      return DevResponse.of(null).withStatus(404)
          .withWarning("Non-listing operations on the root of a K/V v2 mount are not supported.");
    }
    KvBackend.Key k = kv.keys().get(key);
    switch (head) {
      case "data":
        return data(kv, req, key, k);
      case "metadata":
        return metadata(kv, req, key, k);
      case "subkeys":
        return subkeys(kv, req, k);
      default:
        return versions(kv, req, head, k);
    }
  }

  private static DevResponse invalidPath(DevRequest req) {
    String verb;
    switch (req.operation()) {
      case READ: verb = "get"; break;
      case LIST: verb = "list"; break;
      case DELETE: verb = "delete"; break;
      case PATCH: verb = "patch"; break;
      default: verb = "put";
    }
    return DevResponse.of(null).withStatus(404).withWarning("Invalid path for a versioned K/V secrets engine. See the "
        + "API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + verb
        + "' for this operation.");
  }

  private static DevResponse config(KvBackend kv, DevRequest req) {
    if (req.operation() == Operation.READ) {
      return DevResponse.of(kv.config());
    }
    if (req.operation().isWrite()) {
      kv.configure(req);
      return DevResponse.noContent();
    }
    throw DevException.unsupportedOperation();
  }

  private static DevResponse data(KvBackend kv, DevRequest req, String key, KvBackend.Key k) {
    switch (req.operation()) {
      case READ: {
        if (k == null) {
          return null;
        }
        int n = (int) req.integer("version", 0);
        int want = n == 0 ? k.current : n;
        KvBackend.Version v = k.versions.get(want);
        if (v == null) {
          return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        boolean gone = v.destroyed || (v.deletion != null && !v.deletion.isAfter(req.now()));
        d.put("data", gone ? null : Json.copy(v.data));
        d.put("metadata", versionMetadata(k, want, v));
        return DevResponse.of(d).withStatus(gone ? 404 : 200);
      }
      case CREATE:
      case UPDATE:
        return write(kv, req, key, k, req.map("data"));
      case PATCH: {
        Map<String, Object> patch = req.map("data");
        if (patch == null) {
          throw DevException.badRequest("no data provided");
        }
        if (k == null || k.versions.get(k.current) == null) {
          return notFoundWithoutBody();
        }
        KvBackend.Version current = k.versions.get(k.current);
        if (isGone(current, req.now())) {
          return DevResponse.of(versionMetadata(k, k.current, current)).withStatus(404);
        }
        Map<String, Object> merged = Json.copy(current.data);
        mergePatch(merged, patch);
        return write(kv, req, key, k, merged);
      }
      case DELETE: {
        if (k != null) {
          KvBackend.Version v = k.versions.get(k.current);
          if (v != null && !v.destroyed && v.deletion == null) {
            v.deletion = req.now();
          }
        }
        return DevResponse.noContent();
      }
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** Vault's {@code RespondWithStatusCode(nil, req, 404)}: a 404 with an empty body (PATCH of a missing key). */
  private static DevResponse notFoundWithoutBody() {
    return DevResponse.raw(404, "application/json", new byte[0]);
  }

  private static boolean isGone(KvBackend.Version v, Instant now) {
    return v.destroyed || (v.deletion != null && !v.deletion.isAfter(now));
  }

  @SuppressWarnings("unchecked")
  private static void mergePatch(Map<String, Object> target, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      if (e.getValue() == null) {
        target.remove(e.getKey());
      } else if (e.getValue() instanceof Map<?, ?> pm && target.get(e.getKey()) instanceof Map<?, ?> tm) {
        mergePatch((Map<String, Object>) tm, (Map<String, Object>) pm);
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  private static DevResponse write(KvBackend kv, DevRequest req, String key, KvBackend.Key existing,
      Map<String, Object> data) {
    if (data == null) {
      throw DevException.badRequest("no data provided");
    }
    Map<String, Object> options = req.map("options");
    Object cas = options == null ? null : options.get("cas");
    if (cas == null && kv.casRequired(existing)) {
      throw DevException.badRequest("check-and-set parameter required for this call");
    }
    if (cas != null) {
      long want;
      try {
        want = cas instanceof Number n ? n.longValue() : Long.parseLong(cas.toString().trim());
      } catch (NumberFormatException e) {
        throw DevException.badRequest("Field validation failed: cas must be an integer");
      }
      int current = existing == null ? 0 : existing.current;
      if (want != current) {
        throw DevException.badRequest("check-and-set parameter did not match the current version");
      }
    }
    KvBackend.Key k = existing;
    if (k == null) {
      k = new KvBackend.Key();
      k.created = req.now();
      kv.keys().put(key, k);
    }
    KvBackend.Version v = new KvBackend.Version();
    v.data = Json.copy(data);
    v.created = req.now();
    Duration dva = kv.deleteVersionAfter(k);
    if (!dva.isZero()) {
      v.deletion = req.now().plus(dva);
    }
    k.current++;
    k.versions.put(k.current, v);
    k.updated = req.now();
    prune(kv, k);
    return DevResponse.of(versionMetadata(k, k.current, v))
        .withWarning(req.unrecognizedFieldsWarning(java.util.Set.of("data", "options", "version")));
  }

  static void prune(KvBackend kv, KvBackend.Key k) {
    int max = kv.effectiveMaxVersions(k);
    while (k.versions.size() > max) {
      k.versions.pollFirstEntry();
    }
  }

  static Map<String, Object> versionMetadata(KvBackend.Key k, int number, KvBackend.Version v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created_time", Times.rfc3339Nano(v.created));
    m.put("custom_metadata", k.customMetadata == null ? null : new LinkedHashMap<>(k.customMetadata));
    m.put("deletion_time", v.deletion == null ? "" : Times.rfc3339Nano(v.deletion));
    m.put("destroyed", v.destroyed);
    m.put("version", number);
    return m;
  }

  private static DevResponse metadata(KvBackend kv, DevRequest req, String key, KvBackend.Key k) {
    switch (req.operation()) {
      case LIST:
        return DevResponse.keys(KvBackend.childKeys(kv.keys().keySet(), key));
      case READ:
        return k == null ? null : DevResponse.of(describe(kv, k));
      case CREATE:
      case UPDATE:
        return KvMetadata.write(kv, req, key, k);
      case PATCH:
        return k == null ? notFoundWithoutBody() : KvMetadata.patch(kv, req, k);
      case DELETE:
        kv.keys().remove(key);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private static Map<String, Object> describe(KvBackend kv, KvBackend.Key k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cas_required", k.casRequired);
    m.put("created_time", Times.rfc3339Nano(k.created));
    m.put("current_version", k.current);
    m.put("custom_metadata", k.customMetadata == null ? null : new LinkedHashMap<>(k.customMetadata));
    m.put("delete_version_after", GoDuration.goString(k.deleteVersionAfter));
    m.put("max_versions", k.maxVersions);
    m.put("oldest_version", k.versions.isEmpty() ? 0 : k.versions.firstKey());
    m.put("updated_time", Times.rfc3339Nano(k.updated));
    Map<String, Object> versions = new LinkedHashMap<>();
    k.versions.forEach((n, v) -> {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("created_time", Times.rfc3339Nano(v.created));
      d.put("deletion_time", v.deletion == null ? "" : Times.rfc3339Nano(v.deletion));
      d.put("destroyed", v.destroyed);
      versions.put(String.valueOf(n), d);
    });
    m.put("versions", versions);
    return m;
  }

  private static DevResponse versions(KvBackend kv, DevRequest req, String op, KvBackend.Key k) {
    if (!req.operation().isWrite()) {
      throw DevException.unsupportedOperation();
    }
    List<String> nums = req.strings("versions");
    if (nums.isEmpty()) {
      throw DevException.badRequest("no version number provided");
    }
    if (k == null) {
      return DevResponse.noContent();
    }
    for (String s : nums) {
      KvBackend.Version v;
      try {
        v = k.versions.get(Integer.parseInt(s));
      } catch (NumberFormatException e) {
        throw DevException.badRequest("Field validation failed: versions must be integers");
      }
      if (v == null || v.destroyed) {
        continue;
      }
      switch (op) {
        case "delete":
          if (v.deletion == null || v.deletion.isAfter(req.now())) {
            v.deletion = req.now();
          }
          break;
        case "undelete":
          v.deletion = null;
          break;
        default:
          v.destroyed = true;
          v.data = null;
      }
    }
    return DevResponse.noContent();
  }

  private static DevResponse subkeys(KvBackend kv, DevRequest req, KvBackend.Key k) {
    if (req.operation() != Operation.READ) {
      throw DevException.unsupportedOperation();
    }
    if (k == null) {
      return null;
    }
    int n = (int) req.integer("version", 0);
    int want = n == 0 ? k.current : n;
    KvBackend.Version v = k.versions.get(want);
    if (v == null || isGone(v, req.now())) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("metadata", versionMetadata(k, want, v));
    d.put("subkeys", skeleton(v.data));
    return DevResponse.of(d);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> skeleton(Map<String, Object> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    data.forEach((a, b) -> out.put(a, b instanceof Map<?, ?> m ? skeleton((Map<String, Object>) m) : null));
    return out;
  }
}
