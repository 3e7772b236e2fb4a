package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.support.GoPath;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KV version per mount, learned from {@code sys/internal/ui/mounts/<path>} and cached per namespace and mount
 * (a mount's version does not change while it exists). Path rewriting follows consul-template's {@code shimKVv2Path}.
 */
final class KvMounts {

  /**
   * A mount: {@code path} as seen from the client's namespace (ends with "/"), {@code reportedPath} as the preflight
   * answered it (with the namespace prefix when the mount lives below the client's namespace), which is what
   * {@link #shim} works from.
   */
  record Mount(String path, String reportedPath, String type, boolean v2) {

    /** A mount of the root namespace, reported as {@code path}. */
    Mount(String path, String type, boolean v2) {
      this(path, path, type, v2);
    }

    /** The path to read for {@code rawPath} on this mount, from a client in {@code namespace}. */
    String secretPath(String rawPath, String namespace) {
      return v2 ? shim(rawPath, reportedPath, namespace == null ? "" : namespace) : rawPath;
    }

    /** The {@code mount/metadata/…} path of {@code rawPath} on a KV v2 mount ({@code rawPath} on any other). */
    String metadataPath(String rawPath, String namespace) {
      return v2 ? shim(rawPath, reportedPath, namespace == null ? "" : namespace, "metadata") : rawPath;
    }
  }

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
    String reported = data.path("path").asText("");
    if (reported.isEmpty()) {
      return Optional.empty();
    }
    String path = reported;
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
    return Optional.of(new Mount(path, reported, type, v2));
  }

  /**
   * consul-template's {@code shimKVv2Path}: on KV v2, {@code secret/app} is read as {@code secret/data/app} and the
   * mount itself as {@code secret/data}; paths already under {@code data/}, {@code metadata/} or {@code subkeys/} are
   * left alone. {@code mountPath} is the preflight's answer; a namespace prefix on it (mount below the client's
   * namespace) is not repeated in the result. Results are cleaned as Go's {@code path.Join} cleans them.
   *
   * <p>Matches consul-template to the letter, quirks included: under a namespace, the mount's own path
   * ({@code secret} for mount {@code ns1/secret/}) is not recognised as the mount and becomes
   * {@code secret/data/secret}.
   */
  static String shim(String rawPath, String mountPath, String clientNamespace) {
    return shim(rawPath, mountPath, clientNamespace, "data");
  }

  /** {@link #shim(String, String, String)} into another of KV v2's sections ({@code metadata} for the secret's metadata). */
  static String shim(String rawPath, String mountPath, String clientNamespace, String section) {
    if (rawPath.equals(mountPath) || rawPath.equals(trimSlash(mountPath))) {
      return GoPath.join(mountPath, section);
    }
    String namespace = clientNamespace.endsWith("/") ? clientNamespace : clientNamespace + "/";
    String mountBelowNamespace = mountPath;
    // Only a mount path of more than one segment can carry a namespace, and trimming must leave something.
    if (slashes(mountPath) > 1 && mountPath.length() > namespace.length() && mountPath.startsWith(namespace)) {
      mountBelowNamespace = mountPath.substring(namespace.length());
    }
    String rest = rawPath.startsWith(mountBelowNamespace) ? rawPath.substring(mountBelowNamespace.length()) : rawPath;
    if (rest.startsWith("data/") || rest.startsWith("metadata/") || rest.startsWith("subkeys/")) {
      return rawPath;
    }
    return GoPath.join(mountBelowNamespace, section, rest);
  }

  private static int slashes(String s) {
    return (int) s.chars().filter(c -> c == '/').count();
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
