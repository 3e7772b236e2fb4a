package io.vaultlet.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code api_proxy { enforce_consistency = "always" }}: the newest {@code X-Vault-Index} states Vault (Enterprise)
 * returned, merged as Vault's API client merges them ({@code MergeReplicationStates}: a state
 * {@code v1:cluster:local:replicated:hmac}, base64, replaces an older one of the same cluster, two that do not order
 * are both kept, an unparsable one replaces everything), and sent on later requests so reads see earlier writes.
 */
final class ConsistencyStates {

  private List<String> states = List.of();

  synchronized List<String> current() {
    return states;
  }

  synchronized void record(String state) {
    if (state == null || state.isEmpty()) {
      return;
    }
    states = merge(states, state);
  }

  static List<String> merge(List<String> old, String next) {
    if (old.isEmpty() || old.size() > 2) {
      return List.of(next);
    }
    LinkedHashSet<String> merged = new LinkedHashSet<>();
    for (String o : old) {
      Integer c = compare(o, next);
      if (c == null) {
        return List.of(next);
      }
      if (c > 0) {
        merged.add(o);
      } else if (c < 0) {
        merged.add(next);
      } else {
        merged.add(o);
        merged.add(next);
      }
    }
    return new ArrayList<>(merged);
  }

  /** 1 when {@code a} is at least as new as {@code b}, -1 when older, 0 when they do not order; null if unparsable. */
  static Integer compare(String a, String b) {
    long[] x = parse(a);
    long[] y = parse(b);
    String ca = cluster(a);
    if (x == null || y == null || ca == null || !ca.equals(cluster(b))) {
      return null;
    }
    if (x[0] >= y[0] && x[1] >= y[1]) {
      return 1;
    }
    if (x[0] <= y[0] && x[1] <= y[1]) {
      return -1;
    }
    return 0;
  }

  private static String[] pieces(String raw) {
    try {
      String s = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
      String[] p = s.split(":");
      return p.length == 5 && p[0].equals("v1") ? p : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String cluster(String raw) {
    String[] p = pieces(raw);
    return p == null ? null : p[1];
  }

  private static long[] parse(String raw) {
    String[] p = pieces(raw);
    if (p == null) {
      return null;
    }
    try {
      return new long[] {Long.parseUnsignedLong(p[2]), Long.parseUnsignedLong(p[3])};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
