package io.vaultlet.dev;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Request counters per path and per method+path, for tests that count what a client sent ({@code /_dev/stats}); and
 * the requests whose body carried a PEM private key ({@code private_key_bodies}, {@code private_key_requests}), so a
 * client that promises to keep its keys can be held to it.
 */
final class RequestStats {

  /** A PEM private key's armour: {@code -----BEGIN RSA PRIVATE KEY-----}, {@code EC}, PKCS#8, encrypted. */
  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");

  private final Map<String, Long> byPath = new TreeMap<>();
  private final Map<String, Long> byRequest = new TreeMap<>();
  private final Map<String, Long> privateKeyRequests = new TreeMap<>();
  private long total;
  private long privateKeyBodies;

  synchronized void count(String method, String path) {
    total++;
    byPath.merge(path, 1L, Long::sum);
    byRequest.merge(method + " " + path, 1L, Long::sum);
  }

  /** Counts a request; true when its body carries a PEM private key (also counted). */
  boolean count(String method, String path, byte[] body) {
    count(method, path);
    if (body == null || body.length == 0 || !PRIVATE_KEY.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
      return false;
    }
    synchronized (this) {
      privateKeyBodies++;
      privateKeyRequests.merge(method + " " + path, 1L, Long::sum);
    }
    return true;
  }

  synchronized Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", total);
    m.put("paths", new TreeMap<>(byPath));
    m.put("requests", new TreeMap<>(byRequest));
    m.put("private_key_bodies", privateKeyBodies);
    m.put("private_key_requests", new TreeMap<>(privateKeyRequests));
    return m;
  }

  synchronized void reset() {
    total = 0;
    byPath.clear();
    byRequest.clear();
    privateKeyBodies = 0;
    privateKeyRequests.clear();
  }
}
