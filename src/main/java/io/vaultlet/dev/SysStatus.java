package io.vaultlet.dev;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The unauthenticated status endpoints with their own handlers (contract §2): {@code sys/health},
 * {@code sys/seal-status}, {@code sys/leader}, {@code sys/init}. They answer with bare JSON objects.
 */
final class SysStatus {

  static final String VERSION = "1.19.0";
  private static final String BUILD_DATE = "2025-03-04T12:36:40Z";

  private final Core core;
  private final String clusterName = "vault-cluster-" + Ids.hex(8);
  private final String clusterId = Ids.uuid();

  SysStatus(Core core) {
    this.core = core;
  }

  static boolean handles(String path) {
    return path.equals("sys/health") || path.equals("sys/seal-status") || path.equals("sys/leader")
        || path.equals("sys/init");
  }

  HttpResult handle(HttpCall call) {
    String m = call.method().toUpperCase(Locale.ROOT);
    boolean sealed = core.faults.sealed(call.path()) || core.faults.mode().equals("sealed");
    switch (call.path()) {
      case "sys/health":
        if (!m.equals("GET") && !m.equals("HEAD")) {
          return HttpResult.errors(405, List.of());
        }
        return health(call, m.equals("HEAD"), sealed);
      case "sys/seal-status":
        return m.equals("GET") ? HttpResult.json(200, sealStatus(sealed)) : HttpResult.errors(405, List.of());
      case "sys/leader":
        if (!m.equals("GET")) {
          return HttpResult.errors(405, List.of());
        }
        return sealed ? HttpResult.errors(503, List.of("Vault is sealed")) : HttpResult.json(200, leader());
      default:
        return m.equals("GET") ? HttpResult.json(200, Map.of("initialized", true)) : HttpResult.errors(405, List.of());
    }
  }

  private HttpResult health(HttpCall call, boolean head, boolean sealed) {
    boolean standbyOk;
    boolean perfStandbyOk;
    Map<String, Integer> codes = new LinkedHashMap<>();
    try {
      standbyOk = bool(call.queryParam("standbyok"));
      perfStandbyOk = bool(call.queryParam("perfstandbyok"));
      codes.put("activecode", code(call, "activecode", 200));
      codes.put("standbycode", code(call, "standbycode", 429));
      codes.put("drsecondarycode", code(call, "drsecondarycode", 472));
      codes.put("performancestandbycode", code(call, "performancestandbycode", 473));
      codes.put("haunhealthycode", code(call, "haunhealthycode", 474));
      codes.put("removedcode", code(call, "removedcode", 530));
      codes.put("sealedcode", code(call, "sealedcode", 503));
      codes.put("uninitcode", code(call, "uninitcode", 501));
    } catch (IllegalArgumentException e) {
      return HttpResult.errors(400, List.of());
    }
    String mode = core.faults.mode();
    boolean initialized = !mode.equals("uninitialized");
    boolean standby = mode.equals("standby");
    boolean perf = mode.equals("perfstandby");
    int status;
    if (!initialized) {
      status = codes.get("uninitcode");
    } else if (sealed) {
      status = codes.get("sealedcode");
    } else if (perf) {
      status = perfStandbyOk ? codes.get("activecode") : codes.get("performancestandbycode");
    } else if (standby) {
      status = standbyOk ? codes.get("activecode") : codes.get("standbycode");
    } else {
      status = codes.get("activecode");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("initialized", initialized);
    body.put("sealed", sealed || !initialized);
    body.put("standby", standby || perf || sealed || !initialized);
    body.put("performance_standby", perf);
    boolean unknown = sealed || !initialized;
    body.put("replication_performance_mode", unknown ? "unknown" : "disabled");
    body.put("replication_dr_mode", unknown ? "unknown" : "disabled");
    body.put("server_time_utc", core.clock.instant().getEpochSecond());
    body.put("version", VERSION);
    body.put("enterprise", false);
    if (!unknown) {
      body.put("cluster_name", clusterName);
      body.put("cluster_id", clusterId);
    }
    body.put("echo_duration_ms", 0);
    body.put("clock_skew_ms", 0);
    body.put("replication_primary_canary_age_ms", 0);
    if (head) {
      return new HttpResult(status, "application/json", null, new LinkedHashMap<>());
    }
    return HttpResult.json(status, body);
  }

  private static boolean bool(String v) {
    if (v == null || v.isEmpty()) {
      return false;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "1": case "t": case "true": return true;
      case "0": case "f": case "false": return false;
      default: throw new IllegalArgumentException("bad bool");
    }
  }

  private static int code(HttpCall call, String name, int fallback) {
    String v = call.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    return Integer.parseInt(v.trim());
  }

  private Map<String, Object> sealStatus(boolean sealed) {
    boolean initialized = !core.faults.mode().equals("uninitialized");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "shamir");
    m.put("initialized", initialized);
    m.put("sealed", sealed || !initialized);
    m.put("t", initialized ? 1 : 0);
    m.put("n", initialized ? 1 : 0);
    m.put("progress", 0);
    m.put("nonce", "");
    m.put("version", VERSION);
    m.put("build_date", BUILD_DATE);
    m.put("migration", false);
    if (!sealed && initialized) {
      m.put("cluster_name", clusterName);
      m.put("cluster_id", clusterId);
    }
    m.put("recovery_seal", false);
    m.put("storage_type", "inmem");
    return m;
  }

  private Map<String, Object> leader() {
    String mode = core.faults.mode();
    boolean standby = mode.equals("standby") || mode.equals("perfstandby");
    String active = core.faults.activeAddress();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ha_enabled", standby || active != null);
    m.put("is_self", !standby && active != null);
    m.put("active_time", "0001-01-01T00:00:00Z");
    m.put("leader_address", active == null ? "" : active);
    m.put("leader_cluster_address", "");
    m.put("performance_standby", mode.equals("perfstandby"));
    m.put("performance_standby_last_remote_wal", 0);
    return m;
  }
}
