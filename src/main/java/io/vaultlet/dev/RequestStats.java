package io.vaultlet.dev;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Request counters per path and per method+path, for tests that count what a client sent ({@code /_dev/stats}). */
final class RequestStats {

  private final Map<String, Long> byPath = new TreeMap<>();
  private final Map<String, Long> byRequest = new TreeMap<>();
  private long total;

  synchronized void count(String method, String path) {
    total++;
    byPath.merge(path, 1L, Long::sum);
    byRequest.merge(method + " " + path, 1L, Long::sum);
  }

  synchronized Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", total);
    m.put("paths", new TreeMap<>(byPath));
    m.put("requests", new TreeMap<>(byRequest));
    return m;
  }

  synchronized void reset() {
    total = 0;
    byPath.clear();
    byRequest.clear();
  }
}
