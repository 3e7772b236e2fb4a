package io.vaultlet.dev;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own endpoints, outside {@code /v1} (never subject to faults, no token):
 *
 * <ul>
 *   <li>{@code GET|POST|DELETE /_dev/faults}, {@code DELETE /_dev/faults/<id>}: fault injection
 *       ({@link FaultInjector}).
 *   <li>{@code GET|POST /_dev/clock}: {@code {"advance":"1h"}} moves time (and reaps), {@code {"speed":60}} scales it.
 *   <li>{@code GET|DELETE /_dev/stats}: request counters per path, and of bodies that held a PEM private key.
 *   <li>{@code GET /_dev/leases}: live leases, renewals and how close to their expiry they came, leases that ran
 *       out (renewal refused as expired, or reaped) — for soak runs.
 *   <li>{@code GET|POST /_dev/compat}: {@code {"mount_type": false}} drops {@code mount_type} from envelopes, as
 *       servers before about 1.14 did.
 *   <li>{@code GET|POST /_dev/mode}: {@code {"mode":"standby"}} (active, standby, perfstandby, sealed,
 *       uninitialized); a standby with {@code active_address} answers 307 to it for requests carrying
 *       {@code X-Vault-No-Request-Forwarding} (or all requests with {@code "redirect": true}).
 *   <li>{@code GET|POST /_dev/consistency}: {@code {"enabled": true}} sends Vault Enterprise's {@code X-Vault-Index}
 *       on writes, {@code {"lag": true|false}} makes this node fall behind (412 to reads needing newer state) or catch
 *       up ({@link ConsistencyIndex}).
 * </ul>
 */
final class DevControl {

  private final Core core;
  private final DevServer server;

  DevControl(Core core, DevServer server) {
    this.core = core;
    this.server = server;
  }

  HttpResult handle(String method, String path, Map<String, List<String>> query, byte[] body) {
    try {
      Map<String, Object> data = Json.readObject(body);
      query.forEach((k, v) -> data.putIfAbsent(k, v.get(0)));
      return route(method, path, data);
    } catch (IOException e) {
      return HttpResult.errors(400, List.of("error parsing JSON"));
    } catch (DevException e) {
      return HttpResult.error(e);
    } catch (IllegalArgumentException e) {
      return HttpResult.errors(400, List.of(String.valueOf(e.getMessage())));
    }
  }

  private HttpResult route(String method, String path, Map<String, Object> data) {
    switch (path) {
      case "/_dev/faults":
        switch (method) {
          case "GET": return HttpResult.json(200, Map.of("faults", core.faults.list()));
          case "POST": case "PUT": return addFault(data);
          case "DELETE":
            core.faults.clear();
            return HttpResult.noContent();
          default: return HttpResult.errors(405, List.of());
        }
      case "/_dev/clock":
        if (method.equals("POST") || method.equals("PUT")) {
          if (data.get("speed") != null) {
            core.clock.setSpeed(Double.parseDouble(data.get("speed").toString()));
          }
          if (data.get("advance") != null) {
            try {
              core.clock.advance(GoDuration.parse(data.get("advance")));
            } catch (IllegalArgumentException e) {
              throw DevException.badRequest("invalid duration: " + data.get("advance"));
            }
          }
          core.reap();
        } else if (!method.equals("GET")) {
          return HttpResult.errors(405, List.of());
        }
        return HttpResult.json(200, clock());
      case "/_dev/stats":
        if (method.equals("DELETE")) {
          core.stats.reset();
          return HttpResult.noContent();
        }
        return HttpResult.json(200, core.stats.snapshot());
      case "/_dev/leases":
        if (!method.equals("GET")) {
          return HttpResult.errors(405, List.of());
        }
        return HttpResult.json(200, core.renewalTimes.snapshot(core.leases.size()));
      case "/_dev/compat":
        if (method.equals("POST") || method.equals("PUT")) {
          if (data.containsKey("mount_type")) {
            core.emitMountType = Boolean.parseBoolean(String.valueOf(data.get("mount_type")));
          }
        }
        return HttpResult.json(200, Map.of("mount_type", core.emitMountType));
      case "/_dev/consistency":
        if (method.equals("POST") || method.equals("PUT")) {
          core.consistency.configure(data);
        } else if (!method.equals("GET")) {
          return HttpResult.errors(405, List.of());
        }
        return HttpResult.json(200, core.consistency.describe());
      case "/_dev/mode":
        if (method.equals("POST") || method.equals("PUT")) {
          core.faults.setMode(String.valueOf(data.get("mode")));
          Object active = data.get("active_address");
          core.faults.setStandbyRedirect(active == null ? null : active.toString(),
              Boolean.parseBoolean(String.valueOf(data.get("redirect"))));
        }
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("mode", core.faults.mode());
        mode.put("active_address", core.faults.activeAddress());
        mode.put("redirect", core.faults.alwaysRedirect());
        return HttpResult.json(200, mode);
      default:
        if (path.startsWith("/_dev/faults/") && method.equals("DELETE")) {
          return core.faults.remove(path.substring("/_dev/faults/".length())) ? HttpResult.noContent()
              : HttpResult.errors(404, List.of());
        }
        return HttpResult.errors(404, List.of());
    }
  }

  private HttpResult addFault(Map<String, Object> data) {
    String kind = String.valueOf(data.get("kind"));
    if (kind.equals("refuse") && Boolean.parseBoolean(String.valueOf(data.get("listener")))) {
      return closeListener(data);
    }
    if (kind.equals("revoke_lease")) {
      String prefix = FaultInjector.normalize(String.valueOf(data.getOrDefault("lease_id",
          data.getOrDefault("path_prefix", ""))));
      List<String> ids = core.leases.withPrefix(prefix);
      core.leases.revokeQuietly(ids);
      return HttpResult.json(200, Map.of("revoked", ids.size()));
    }
    if (kind.equals("revoke_token") && (data.get("accessor") != null || data.get("token") != null)) {
      TokenEntry t = data.get("token") != null ? core.liveToken(data.get("token").toString())
          : core.tokens.byAccessor(data.get("accessor").toString(), core.clock.instant());
      if (t == null) {
        throw DevException.badRequest("no such token");
      }
      core.revokeToken(t.id);
      return HttpResult.json(200, Map.of("revoked", 1));
    }
    FaultInjector.Fault f = core.faults.add(data);
    return HttpResult.json(200, f.describe());
  }

  /** {@code refuse} with {@code listener: true}: answers, then closes the listening socket for {@code duration}. */
  private HttpResult closeListener(Map<String, Object> data) {
    Duration duration;
    try {
      duration = GoDuration.parse(data.get("duration"));
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("invalid duration: " + data.get("duration"));
    }
    if (duration.isZero() || duration.isNegative() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
      throw DevException.badRequest("refuse with listener=true needs a duration (real time, at most 10m): the "
          + "control endpoints are unreachable while the listener is closed");
    }
    server.refuseConnectionsAfter(Duration.ofMillis(50), duration);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "refuse");
    m.put("listener", true);
    m.put("duration_seconds", duration.toMillis() / 1000.0);
    return HttpResult.json(200, m);
  }

  private Map<String, Object> clock() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("now", Times.rfc3339Nano(core.clock.instant()));
    m.put("speed", core.clock.speed());
    Duration off = core.clock.offset();
    m.put("offset_seconds", off.getSeconds());
    return m;
  }
}
