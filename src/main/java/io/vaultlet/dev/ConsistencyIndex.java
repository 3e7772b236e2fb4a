package io.vaultlet.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vault Enterprise's consistency headers, off by default ({@code POST /_dev/consistency {"enabled": true}}): a
 * request that modifies storage answers with {@code X-Vault-Index: base64("v1:<cluster>:<local>:<replicated>:<hmac>")}
 * (the state after it; HMAC-SHA256 of the text before the last colon, hex). The emulator is then a node that may lag
 * behind its active node ({@code {"lag": true}}: the index it has applied stops moving while writes, forwarded to the
 * active node, keep advancing it): a read whose {@code X-Vault-Index} names a state this node has not applied gets
 * {@code 412 {"errors":["required index state not present"]}} (Vault's {@code ErrMissingRequiredState}), unless it
 * asks to be forwarded ({@code X-Vault-Inconsistent: forward-active-node}, or {@code X-Vault-Forward: active-node}),
 * in which case it is answered as the active node would. {@code {"lag": false}} catches up. Writes are always
 * forwarded, never refused. A state of another cluster, or with a wrong HMAC, is not checked (Vault would reject it;
 * the emulator has no second cluster to tell apart).
 */
final class ConsistencyIndex {

  static final String HEADER = "X-Vault-Index";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> READS = Set.of("GET", "HEAD", "LIST");

  private final String clusterId = UUID.randomUUID().toString();
  private final byte[] hmacKey = new byte[32];
  private boolean enabled;
  private long index;
  /** The index this node has applied while lagging; -1 when caught up. */
  private long applied = -1;

  ConsistencyIndex() {
    new SecureRandom().nextBytes(hmacKey);
  }

  synchronized void configure(Map<String, Object> data) {
    if (data.containsKey("enabled")) {
      enabled = Boolean.parseBoolean(String.valueOf(data.get("enabled")));
    }
    if (data.containsKey("lag")) {
      applied = Boolean.parseBoolean(String.valueOf(data.get("lag"))) ? index : -1;
    }
  }

  synchronized Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("cluster_id", clusterId);
    m.put("index", index);
    m.put("applied", applied < 0 ? index : applied);
    m.put("lag", applied >= 0);
    return m;
  }

  /**
   * Answers {@code call} through {@code core}: refused with 412 when it needs a state not applied here (counted as
   * received, like an injected fault).
   */
  HttpResult serve(HttpCall call, Consumer<HttpCall> received, Supplier<HttpResult> core) {
    synchronized (this) {
      if (!enabled || SysStatus.handles(call.path())) {
        return core.get();
      }
      if (READS.contains(call.method()) && !forwarded(call) && requiresUnapplied(call)) {
        received.accept(call);
        return HttpResult.errors(412, List.of("required index state not present"));
      }
    }
    HttpResult r = core.get();
    if (r.status() < 400 && modifiedStorage(call, r)) {
      String state;
      synchronized (this) {
        index++;
        state = encode(index);
      }
      r.withHeader(HEADER, state);
    }
    return r;
  }

  private static boolean forwarded(HttpCall call) {
    return "forward-active-node".equals(call.header("x-vault-inconsistent"))
        || "active-node".equals(call.header("x-vault-forward"));
  }

  private boolean requiresUnapplied(HttpCall call) {
    List<String> states = call.headers().get("x-vault-index");
    if (states == null) {
      return false;
    }
    long have = applied < 0 ? index : applied;
    for (String s : states) {
      long wanted = parse(s);
      if (wanted > have) {
        return true;
      }
    }
    return false;
  }

  /** A write method, or a read that created a lease or a token (a dynamic secret, a login). */
  private static boolean modifiedStorage(HttpCall call, HttpResult r) {
    if (!READS.contains(call.method())) {
      return true;
    }
    if (r.body() == null) {
      return false;
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return n != null && (!n.path("lease_id").asText("").isEmpty() || n.path("auth").isObject());
    } catch (IOException e) {
      return false;
    }
  }

  private String encode(long local) {
    String state = "v1:" + clusterId + ":" + local + ":0";
    return Base64.getEncoder().encodeToString((state + ":" + HexFormat.of().formatHex(hmac(state)))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The local index a header names, when it is one of this cluster's states with a valid HMAC; else -1. */
  private long parse(String raw) {
    try {
      String s = new String(Base64.getDecoder().decode(raw.trim()), StandardCharsets.UTF_8);
      int last = s.lastIndexOf(':');
      if (last < 0) {
        return -1;
      }
      String state = s.substring(0, last);
      if (!MessageDigest.isEqual(hmac(state), HexFormat.of().parseHex(s.substring(last + 1)))) {
        return -1;
      }
      String[] p = state.split(":");
      if (p.length != 4 || !p[0].equals("v1") || !p[1].equals(clusterId)) {
        return -1;
      }
      return Long.parseUnsignedLong(p[2]);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private byte[] hmac(String state) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      return mac.doFinal(state.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
