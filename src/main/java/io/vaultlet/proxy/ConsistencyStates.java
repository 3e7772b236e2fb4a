package io.vaultlet.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.TreeSet;
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
    TreeSet<String> merged = new TreeSet<>(); // Go's strutil.RemoveDuplicates: de-duplicated and sorted
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
    merged.remove("");
    return new ArrayList<>(merged);
  }

  /** 1 when {@code a} is at least as new as {@code b}, -1 when older, 0 when they do not order; null if unparsable. */
  static Integer compare(String a, String b) {
    State x = parse(a);
    State y = parse(b);
    if (x == null || y == null || !x.cluster().equals(y.cluster())) {
      return null;
    }
    if (Long.compareUnsigned(x.local(), y.local()) >= 0 && Long.compareUnsigned(x.replicated(), y.replicated()) >= 0) {
      return 1;
    }
    if (Long.compareUnsigned(x.local(), y.local()) <= 0 && Long.compareUnsigned(x.replicated(), y.replicated()) <= 0) {
      return -1;
    }
    return 0;
  }

  /** One state: the cluster and its two WAL indexes. */
  record State(String cluster, long local, long replicated) {}

  /**
   * Vault's {@code ParseReplicationState} without an HMAC key: base64 of {@code v1:<cluster>:<local>:<replicated>:<hex
   * hmac>}; the HMAC must be hex (it is checked by Vault, not here), the cluster not empty.
   */
  static State parse(String raw) {
    try {
      String s = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
      int last = s.lastIndexOf(':');
      if (last < 0) {
        return null;
      }
      HexFormat.of().parseHex(s.substring(last + 1));
      String[] p = s.substring(0, last).split(":", -1);
      if (p.length != 4 || !p[0].equals("v1") || p[1].isEmpty()) {
        return null;
      }
      return new State(p[1], Long.parseUnsignedLong(p[2]), Long.parseUnsignedLong(p[3]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
