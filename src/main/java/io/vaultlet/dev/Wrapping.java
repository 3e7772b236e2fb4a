package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response wrapping (contract §11): wrapped responses kept under single-use {@code response-wrapping} tokens, and
 * {@code sys/wrapping/lookup|unwrap|wrap|rewrap}.
 */
final class Wrapping {

  private static final String INVALID = "wrapping token is not valid or does not exist";

  /** A stored response: the original envelope (with its request_id) or raw answer, byte for byte. */
  private record Wrapped(int status, String contentType, byte[] body, String creationPath, Instant creationTime,
      Duration ttl) {}

  private final Core core;
  private final Map<String, Wrapped> byToken = new HashMap<>();

  Wrapping(Core core) {
    this.core = core;
  }

  HttpResult wrapEnvelope(Map<String, Object> env, Duration ttl, String path, String wrappedAccessor, Instant now) {
    return wrap(new Wrapped(200, "application/json", Json.write(env), path, now, ttl), wrappedAccessor);
  }

  HttpResult wrapRaw(HttpResult raw, Duration ttl, String path, String wrappedAccessor, Instant now) {
    return wrap(new Wrapped(raw.status(), raw.contentType(), raw.body(), path, now, ttl), wrappedAccessor);
  }

  private HttpResult wrap(Wrapped w, String wrappedAccessor) {
    TokenEntry t = new TokenEntry();
    t.id = Ids.serviceToken();
    t.accessor = Ids.accessor();
    t.policies = List.of("response-wrapping");
    t.displayName = "";
    t.path = w.creationPath();
    t.orphan = true;
    t.creationTime = w.creationTime();
    t.creationTtl = w.ttl();
    t.explicitMaxTtl = w.ttl();
    t.expireTime = w.creationTime().plus(w.ttl());
    t.numUses = 1;
    t.renewable = false;
    core.tokens.add(t);
    synchronized (this) {
      byToken.put(t.id, w);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("token", t.id);
    info.put("accessor", t.accessor);
    info.put("ttl", w.ttl().getSeconds());
    info.put("creation_time", Times.rfc3339Nano(w.creationTime()));
    info.put("creation_path", w.creationPath());
    if (wrappedAccessor != null && !wrappedAccessor.isEmpty()) {
      info.put("wrapped_accessor", wrappedAccessor);
    }
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("request_id", "");
    env.put("lease_id", "");
    env.put("renewable", false);
    env.put("lease_duration", 0);
    env.put("data", null);
    env.put("wrap_info", info);
    env.put("warnings", null);
    env.put("auth", null);
    return HttpResult.json(200, env);
  }

  synchronized void purge(Collection<String> tokenIds) {
    tokenIds.forEach(byToken::remove);
  }

  HttpResult handle(HttpCall call, String path, Map<String, Object> data, Duration wrapTtl, Instant now) {
    String op = path.substring("sys/wrapping/".length());
    switch (op) {
      case "lookup":
        return lookup(call, data, now);
      case "unwrap":
        return unwrap(call, data);
      case "wrap":
        return wrapData(call, data, wrapTtl, now);
      case "rewrap":
        return rewrap(call, data);
      default:
        throw DevException.unsupportedPath();
    }
  }

  private HttpResult lookup(HttpCall call, Map<String, Object> data, Instant now) {
    requirePost(call);
    String token = wrappingTokenFrom(call, data);
    Wrapped w = valid(token);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("creation_path", w.creationPath());
    d.put("creation_time", Times.rfc3339Nano(w.creationTime()));
    d.put("creation_ttl", w.ttl().getSeconds());
    return core.envelopeResult(DevResponse.of(d), "system", "sys/wrapping/lookup", null, null, now);
  }

  private HttpResult unwrap(HttpCall call, Map<String, Object> data) {
    requirePost(call);
    String token;
    if (data.containsKey("token")) {
      authorize(call, "sys/wrapping/unwrap");
      token = wrappingTokenFrom(call, data);
    } else {
      token = call.token();
    }
    Wrapped w = consume(token);
    return new HttpResult(w.body() == null ? 204 : w.status(), w.contentType(), w.body(), new LinkedHashMap<>());
  }

  private HttpResult wrapData(HttpCall call, Map<String, Object> data, Duration wrapTtl, Instant now) {
    requirePost(call);
    authorize(call, "sys/wrapping/wrap");
    if (wrapTtl.isZero()) {
      throw DevException.badRequest("endpoint requires response wrapping to be used");
    }
    Map<String, Object> env = core.envelope(data, null, null, null, "system");
    return wrapEnvelope(env, wrapTtl, "sys/wrapping/wrap", null, now);
  }

  private HttpResult rewrap(HttpCall call, Map<String, Object> data) {
    requirePost(call);
    authorize(call, "sys/wrapping/rewrap");
    Wrapped w = consume(wrappingTokenFrom(call, data));
    return wrap(new Wrapped(w.status(), w.contentType(), w.body(), w.creationPath(), core.clock.instant(), w.ttl()),
        null);
  }

  private static void requirePost(HttpCall call) {
    String m = call.method();
    if (!m.equals("POST") && !m.equals("PUT")) {
      throw DevException.unsupportedOperation();
    }
  }

  private static String wrappingTokenFrom(HttpCall call, Map<String, Object> data) {
    if (data.containsKey("token")) {
      Object t = data.get("token");
      if (t == null || t.toString().isEmpty()) {
        throw DevException.of(403, "error validating wrapping token: empty token in request body");
      }
      return t.toString();
    }
    return call.token();
  }

  /** The header token must be live and allowed {@code update} on the path. */
  private void authorize(HttpCall call, String path) {
    if (call.token() == null || call.token().isEmpty()) {
      throw DevException.permissionDenied(); // no token at all: only "permission denied", as the core path
    }
    TokenEntry t = core.liveToken(call.token());
    if (t == null) {
      throw DevException.invalidToken();
    }
    if (!core.aclFor(t).allows(path, "update")) {
      throw DevException.permissionDenied();
    }
    if (core.tokens.use(t)) {
      core.revokeToken(t.id);
    }
  }

  private synchronized Wrapped valid(String token) {
    TokenEntry t = core.liveToken(token);
    Wrapped w = token == null ? null : byToken.get(token);
    if (t == null || w == null || !t.policies.equals(List.of("response-wrapping"))) {
      throw DevException.badRequest(INVALID);
    }
    return w;
  }

  private Wrapped consume(String token) {
    Wrapped w;
    synchronized (this) {
      w = valid(token);
      byToken.remove(token);
    }
    core.revokeToken(token);
    return w;
  }
}
