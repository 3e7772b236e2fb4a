package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KV version per mount, learned from {@code sys/internal/ui/mounts/<path>} and cached per namespace and mount
 * (a mount's version does not change while it exists). Path rewriting follows consul-template's {@code shimKVv2Path}.
 */
final class KvMounts {

  /** A mount as seen from the client's namespace: {@code path} ends with "/". */
  record Mount(String path, String type, boolean v2) {}

  private final Map<String, Map<String, Mount>> byNamespace = new ConcurrentHashMap<>();

  /** The longest cached mount that contains {@code path}. */
  Optional<Mount> cached(String namespace, String path) {
    Map<String, Mount> mounts = byNamespace.get(key(namespace));
    if (mounts == null) {
      return Optional.empty();
    }
    Mount best = null;
    for (Mount m : mounts.values()) {
      boolean inside = path.startsWith(m.path()) || path.equals(trimSlash(m.path()));
      if (inside && (best == null || m.path().length() > best.path().length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  void remember(String namespace, Mount mount) {
    byNamespace.computeIfAbsent(key(namespace), k -> new ConcurrentHashMap<>()).put(mount.path(), mount);
  }

  /** Forgets every mount (after a remount, say). */
  void clear() {
    byNamespace.clear();
  }

  /**
   * Reads the preflight answer's {@code data}: {@code path} (with the namespace prefix when the mount lives below the
   * client's namespace, which is stripped), {@code type} and {@code options.version} (a string; "2" means v2 only for
   * type "kv").
   */
  static Optional<Mount> parse(JsonNode data, String namespace) {
    String path = data.path("path").asText("");
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String ns = key(namespace);
    if (!ns.isEmpty() && path.startsWith(ns)) {
      path = path.substring(ns.length());
    }
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    String type = data.path("type").asText("");
    JsonNode version = data.path("options").path("version");
    boolean v2 = "kv".equals(type) && version.isTextual() && "2".equals(version.asText());
    return Optional.of(new Mount(path, type, v2));
  }

  /**
   * {@code secret/app} on KV v2 mount {@code secret/} becomes {@code secret/data/app}; the mount itself becomes
   * {@code secret/data}; paths already under {@code data/} or {@code metadata/} are left alone.
   */
  static String shim(String rawPath, String mountPath) {
    String mountNoSlash = trimSlash(mountPath);
    if (rawPath.equals(mountPath) || rawPath.equals(mountNoSlash)) {
      return mountNoSlash + "/data";
    }
    String rest = rawPath.startsWith(mountPath) ? rawPath.substring(mountPath.length()) : rawPath;
    if (rest.startsWith("data/") || rest.startsWith("metadata/")) {
      return rawPath;
    }
    return mountNoSlash + "/data/" + rest;
  }

  private static String key(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return "";
    }
    String ns = namespace;
    while (ns.startsWith("/")) {
      ns = ns.substring(1);
    }
    return ns.endsWith("/") ? ns : ns + "/";
  }

  private static String trimSlash(String p) {
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
