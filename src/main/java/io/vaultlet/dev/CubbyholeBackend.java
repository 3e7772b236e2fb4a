package io.vaultlet.dev;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code cubbyhole/}: a private key/value store per token, destroyed with the token. */
final class CubbyholeBackend implements Backend {

  private final Map<String, TreeMap<String, Map<String, Object>>> byToken = new HashMap<>();

  @Override
  public synchronized DevResponse handle(DevRequest req) {
    TreeMap<String, Map<String, Object>> store = byToken.computeIfAbsent(req.token().id(), k -> new TreeMap<>());
    String path = req.path();
    switch (req.operation()) {
      case READ:
        Map<String, Object> v = store.get(path);
        return v == null ? null : DevResponse.of(Json.copy(v));
      case LIST:
        return DevResponse.keys(KvBackend.childKeys(store.keySet(), path));
      case CREATE:
      case UPDATE:
        if (path.isEmpty()) {
          throw DevException.badRequest("missing path");
        }
        store.put(path, Json.copy(req.data()));
        return DevResponse.noContent();
      case DELETE:
        store.remove(path);
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }

  @Override
  public synchronized Boolean exists(DevRequest req) {
    TreeMap<String, Map<String, Object>> store = byToken.get(req.token() == null ? "" : req.token().id());
    return store != null && store.containsKey(req.path());
  }

  synchronized void purge(Collection<String> tokenIds) {
    tokenIds.forEach(byToken::remove);
  }

}
