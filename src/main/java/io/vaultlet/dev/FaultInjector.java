package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Injected faults for {@code /v1/…} requests ({@code POST /_dev/faults}), and the node mode ({@code /_dev/mode}).
 *
 * <p>A fault matches requests whose path (after {@code /v1/}) starts with {@code path_prefix} (default: all). It
 * applies {@code count} times (default: until removed) and for {@code duration} of emulator time (default: until
 * removed). Several faults can match one request: {@code latency} delays it, then the first other fault acts.
 */
final class FaultInjector {

  /** What a fault does. */
  enum Kind {
    /** The connection is closed without a response. */
    REFUSE,
    /** A fixed status with {@code {"errors":[message]}}. */
    STATUS,
    /** The node is sealed: 503 {@code Vault is sealed}; health and seal-status report sealed. */
    SEALED,
    /** 429 {@code rate limit quota exceeded} with {@code Retry-After} and {@code X-Ratelimit-*}. */
    RATELIMIT,
    /** The request is delayed by {@code latency_ms} and then served. */
    LATENCY,
    /** The real response's body is cut in half and the connection closed. */
    TRUNCATE,
    /** 200 with a body that is not JSON. */
    INVALID_JSON,
    /** The request's token is revoked (with its children and leases) before the request is served. */
    REVOKE_TOKEN,
    /** Leases under {@code path_prefix} (lease ids) are revoked when the fault is added. */
    REVOKE_LEASE
  }

  /** One active fault. */
  static final class Fault {
    final String id = Ids.base62(8);
    Kind kind;
    int status;
    long retryAfter;
    long latencyMs;
    /** Applications left; negative: unlimited. */
    int remaining = -1;
    Instant until;
    String pathPrefix = "";
    String message;

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("kind", kind.name().toLowerCase(Locale.ROOT));
      m.put("status", status);
      m.put("retry_after", retryAfter);
      m.put("latency_ms", latencyMs);
      m.put("count", remaining);
      m.put("until", until == null ? null : Times.rfc3339Nano(until));
      m.put("path_prefix", pathPrefix);
      return m;
    }
  }

  private final DevClock clock;
  private final List<Fault> faults = new ArrayList<>();
  private volatile String mode = "active";
  private volatile String activeAddress;
  private volatile boolean alwaysRedirect;

  FaultInjector(DevClock clock) {
    this.clock = clock;
  }

  /** Parses and adds a fault from its JSON description; 400 for a bad one. */
  Fault add(Map<String, Object> spec) {
    Fault f = new Fault();
    Object kind = spec.get("kind");
    try {
      f.kind = Kind.valueOf(String.valueOf(kind).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("unknown fault kind \"" + kind
          + "\": expected refuse, status, sealed, ratelimit, latency, truncate, invalid_json, revoke_token or "
          + "revoke_lease");
    }
    f.status = Fields.int32(spec, "status", f.kind == Kind.RATELIMIT ? 429 : 500);
    f.retryAfter = Fields.int32(spec, "retry_after", f.kind == Kind.RATELIMIT ? 1 : 0);
    f.latencyMs = Fields.int32(spec, "latency_ms", 0);
    f.remaining = Fields.int32(spec, "count", -1);
    f.message = spec.get("message") == null ? null : spec.get("message").toString();
    Object duration = spec.get("duration");
    if (duration != null) {
      try {
        f.until = clock.instant().plus(GoDuration.parse(duration));
      } catch (IllegalArgumentException e) {
        throw DevException.badRequest("invalid duration: " + duration);
      }
    }
    f.pathPrefix = normalize(spec.get("path_prefix") == null ? "" : spec.get("path_prefix").toString());
    if (f.kind != Kind.REVOKE_LEASE) {
      synchronized (this) {
        faults.add(f);
      }
    }
    return f;
  }

  static String normalize(String prefix) {
    String p = prefix;
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.startsWith("v1/")) {
      p = p.substring(3);
    }
    return p;
  }

  /** The faults that apply to this request (sealed excluded), each counted as used once. */
  synchronized List<Fault> take(String path) {
    List<Fault> out = new ArrayList<>();
    dropExpired();
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.kind == Kind.SEALED || !path.startsWith(f.pathPrefix)) {
        continue;
      }
      out.add(f);
      consume(f, it);
    }
    return out;
  }

  /** Whether a sealed fault applies to this path (counted as used once). */
  synchronized boolean sealed(String path) {
    dropExpired();
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.kind == Kind.SEALED && path.startsWith(f.pathPrefix)) {
        consume(f, it);
        return true;
      }
    }
    return false;
  }

  /** Forgets the faults whose {@code duration} of emulator time has passed. */
  private void dropExpired() {
    Instant now = clock.instant();
    faults.removeIf(f -> f.until != null && !now.isBefore(f.until));
  }

  private static void consume(Fault f, Iterator<Fault> it) {
    if (f.remaining > 0) {
      f.remaining--;
      if (f.remaining == 0) {
        it.remove();
      }
    }
  }

  synchronized List<Map<String, Object>> list() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Fault f : faults) {
      out.add(f.describe());
    }
    return out;
  }

  synchronized void clear() {
    faults.clear();
  }

  synchronized boolean remove(String id) {
    return faults.removeIf(f -> f.id.equals(id));
  }

  String mode() {
    return mode;
  }

  /** For standbys: the active node's address ({@code sys/leader}, 307 {@code Location}); null when unknown. */
  String activeAddress() {
    return activeAddress;
  }

  /** Standby answers every request with a 307, not only those with {@code X-Vault-No-Request-Forwarding}. */
  boolean alwaysRedirect() {
    return alwaysRedirect;
  }

  void setStandbyRedirect(String address, boolean always) {
    String a = address == null || address.isBlank() ? null : address.trim();
    this.activeAddress = a != null && a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    this.alwaysRedirect = always;
  }

  /** active, standby, perfstandby, sealed or uninitialized. */
  void setMode(String value) {
    String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
    if (!List.of("active", "standby", "perfstandby", "sealed", "uninitialized").contains(v)) {
      throw DevException.badRequest(
          "unknown mode \"" + value + "\": expected active, standby, perfstandby, sealed or uninitialized");
    }
    mode = v;
  }

  /** Remaining time of a ratelimit fault, for {@code X-Ratelimit-Reset}. */
  long resetSeconds(Fault f) {
    return f.until == null ? f.retryAfter : Math.max(0, Duration.between(clock.instant(), f.until).getSeconds());
  }
}
