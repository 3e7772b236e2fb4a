package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Mounts by path; routing picks the longest mount path that prefixes the request path. */
final class MountTable {

  private final Map<String, MountEntry> byPath = new TreeMap<>();

  synchronized void add(MountEntry e) {
    for (String existing : byPath.keySet()) {
      if (existing.startsWith(e.path) || e.path.startsWith(existing)) {
        throw DevException.badRequest("path is already in use at " + existing);
      }
    }
    byPath.put(e.path, e);
  }

  /** The mount that {@code path} would collide with (one is a prefix of the other), or null. */
  synchronized String conflict(String path) {
    for (String existing : byPath.keySet()) {
      if (existing.startsWith(path) || path.startsWith(existing)) {
        return existing;
      }
    }
    return null;
  }

  /** Re-keys a mount ({@code sys/remount}); the caller checked {@link #conflict} for the destination. */
  synchronized void move(String from, String to) {
    MountEntry e = byPath.remove(from);
    if (e != null) {
      e.path = to;
      byPath.put(to, e);
    }
  }

  synchronized MountEntry remove(String path) {
    return byPath.remove(path);
  }

  synchronized MountEntry get(String path) {
    return byPath.get(path);
  }

  /** The mount serving {@code path} ({@code secret/data/x} or just {@code secret}), or null. */
  synchronized MountEntry route(String path) {
    MountEntry best = null;
    for (MountEntry e : byPath.values()) {
      if ((path.startsWith(e.path) || (path + "/").equals(e.path))
          && (best == null || e.path.length() > best.path.length())) {
        best = e;
      }
    }
    return best;
  }

  synchronized List<MountEntry> list(MountKind kind) {
    List<MountEntry> out = new ArrayList<>();
    for (MountEntry e : byPath.values()) {
      if (e.kind == kind) {
        out.add(e);
      }
    }
    return out;
  }

  synchronized List<MountEntry> all() {
    return new ArrayList<>(byPath.values());
  }
}
