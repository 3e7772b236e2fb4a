package io.vaultlet.dev;

import io.vaultlet.support.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulator's core: the request pipeline of Vault's {@code http/logical.go} and {@code vault/request_handling.go}
 * (operation, token, ACL, route, backend, leases, login tokens, wrapping, envelope) plus the state every backend
 * shares (tokens, leases, policies, mounts).
 */
final class Core {

  private static final Log LOG = Log.named("dev.core");
  private static final Set<String> INJECT_EXACT = Set.of("sys/mounts", "sys/auth", "sys/policy",
      "sys/capabilities", "sys/capabilities-self", "sys/capabilities-accessor", "sys/wrapping/wrap", "sys/remount");
  private static final List<String> INJECT_PREFIX = List.of("sys/mounts/", "sys/auth/", "sys/policy/");

  final DevOptions options;
  final DevClock clock;
  final io.vaultlet.dev.iam.IamStandIn iam;
  final TokenStore tokens = new TokenStore();
  final Leases leases = new Leases();
  final LazyRevoker lazyRevoker = new LazyRevoker(leases);
  final PolicyStore policies = new PolicyStore();
  final MountTable mounts = new MountTable();
  final FaultInjector faults;
  final RequestStats stats = new RequestStats();
  final RenewalTimes renewalTimes = new RenewalTimes();
  /** Vault Enterprise's {@code X-Vault-Index} headers, off unless {@code /_dev/consistency} turns them on. */
  final ConsistencyIndex consistency = new ConsistencyIndex();
  final List<Consumer<ObservedRequest>> observers = new CopyOnWriteArrayList<>();
  final Wrapping wrapping;
  final CubbyholeBackend cubbyhole = new CubbyholeBackend();
  final IdentityStore identity;
  final Remounts remounts = new Remounts(this);
  private final Expiration expiration = new Expiration(this);
  final String rootToken;
  /** Servers before about 1.14 send no {@code mount_type}; {@code /_dev/compat} switches it off to emulate them. */
  volatile boolean emitMountType = true;
  private final SysStatus status;

  Core(DevOptions options, DevClock clock, io.vaultlet.dev.iam.IamStandIn iam) {
    this.options = options;
    this.clock = clock;
    this.iam = iam;
    this.faults = new FaultInjector(clock);
    this.wrapping = new Wrapping(this);
    this.status = new SysStatus(this);
    this.identity = new IdentityStore(clock);
    mountBuiltin("sys/", "system", MountKind.SECRET, "system endpoints used for control, policy and debugging",
        new SysBackend(this));
    mountBuiltin("auth/token/", "token", MountKind.AUTH, "token based credentials", new TokenBackend(this));
    mountBuiltin("cubbyhole/", "cubbyhole", MountKind.SECRET, "per-token private secret storage", cubbyhole);
    mountBuiltin("identity/", "identity", MountKind.SECRET, "identity store", new IdentityBackend(this, identity));
    Map<String, String> v2 = new LinkedHashMap<>();
    v2.put("version", "2");
    mount("secret/", "kv", MountKind.SECRET, "key/value secret storage", v2, Duration.ZERO, Duration.ZERO);
    this.rootToken = expiration.createRootToken(options.rootTokenId());
  }

  // ---------------------------------------------------------------------------------------------------- mounts

  private void mountBuiltin(String path, String type, MountKind kind, String description, Backend backend) {
    MountEntry e = newEntry(path, type, kind, description, Map.of());
    e.backend = backend;
    e.builtin = true;
    mounts.add(e);
  }

  private MountEntry newEntry(String path, String type, MountKind kind, String description,
      Map<String, String> opts) {
    MountEntry e = new MountEntry();
    e.path = path;
    e.type = type;
    e.kind = kind;
    e.description = description == null ? "" : description;
    e.accessor = (kind == MountKind.AUTH ? "auth_" : "") + type + "_" + Ids.hex(8);
    e.uuid = UUID.randomUUID().toString();
    e.options = new LinkedHashMap<>(opts);
    return e;
  }

  /** Enables a backend type at a path ({@code sys/mounts/<p>}, {@code sys/auth/<p>}). */
  MountEntry mount(String path, String type, MountKind kind, String description, Map<String, String> opts,
      Duration defaultTtl, Duration maxTtl) {
    BackendRegistry.Entry type0 = options.registry().find(type, kind).orElseThrow(() -> DevException.badRequest(
        kind == MountKind.AUTH ? "unknown auth method type: " + type : "unknown backend type: \"" + type + "\""));
    MountEntry e = newEntry(path, type, kind, description, opts);
    if ("kv".equals(type) && !e.options.containsKey("version")) {
      e.options.put("version", "1");
    }
    e.defaultLeaseTtl = defaultTtl;
    e.maxLeaseTtl = maxTtl;
    if (mounts.route(path) != null && mounts.route(path).path.equals(path)) {
      throw DevException.badRequest("path is already in use at " + path);
    }
    e.backend = type0.factory().create(e.context(clock, options, iam));
    mounts.add(e);
    LOG.info("mounted", "path", path, "type", type);
    return e;
  }

  /** Disables a mount: revokes its leases, closes its backend. */
  void unmount(String path) {
    MountEntry e = mounts.get(path);
    if (e == null) {
      return;
    }
    if (e.builtin) {
      throw DevException.badRequest("cannot unmount \"" + path + "\"");
    }
    leases.revokeQuietly(leases.withPrefix(path));
    mounts.remove(path);
    try {
      e.backend.close();
    } catch (RuntimeException ex) {
      LOG.warn("backend close failed", ex, "path", path);
    }
  }

  // ---------------------------------------------------------------------------------------------------- pipeline

  HttpResult handle(HttpCall call) {
    String path = call.path();
    received(call);
    if (SysStatus.handles(path)) {
      return status.handle(call);
    }
    String mode = faults.mode();
    if (mode.equals("sealed") || mode.equals("uninitialized") || faults.sealed(path)) {
      return HttpResult.errors(503, List.of("Vault is sealed"));
    }
    if (mode.equals("standby") && (faults.alwaysRedirect() || call.header("x-vault-no-request-forwarding") != null)) {
      return standbyRedirect(call);
    }
    try {
      return route(call);
    } catch (DevException e) {
      return HttpResult.error(e);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return failed(call.method(), "/v1/" + path, e);
    }
  }

  /**
   * Every {@code /v1/} request that reached the emulator (answered, or refused by an injected fault): counted, noted in
   * the log when its body holds a PEM private key, and shown to the {@link DevServer#onRequest} observers.
   */
  void received(HttpCall call) {
    if (stats.count(call.method(), call.path(), call.body())) {
      LOG.info("a request body holds a PEM private key", "method", call.method(), "path", call.path());
    }
    if (observers.isEmpty()) {
      return;
    }
    ObservedRequest r = new ObservedRequest(call.method(), call.path(), call.body(), call.headers());
    for (Consumer<ObservedRequest> o : observers) {
      try {
        o.accept(r);
      } catch (RuntimeException e) {
        LOG.warn("request observer failed", e);
      }
    }
  }

  /**
   * A request that failed for a reason that is not Vault's answer (a bug, or a part that cannot work here, such as a
   * library that does not link): Vault's 500 shape with a message that says what failed. Logged once, with the stack
   * trace at trace level only.
   */
  static HttpResult failed(String method, String path, Throwable e) {
    String what = io.vaultlet.support.Failures.describe(e);
    if (LOG.enabled(Log.Level.TRACE)) {
      LOG.error("request handling failed", e, "method", method, "path", path, "error", what);
    } else {
      LOG.error("request handling failed", "method", method, "path", path, "error", what);
    }
    return HttpResult.errors(500, List.of(DevException.multi(what)));
  }

  /** Contract §12.1: 307 to the active node, same path and query, empty body; 503 when none is known. */
  private HttpResult standbyRedirect(HttpCall call) {
    String active = faults.activeAddress();
    if (active == null) {
      return HttpResult.errors(503, List.of("no active Vault instance found"));
    }
    StringBuilder location = new StringBuilder(active).append("/v1/").append(call.path());
    String sep = "?";
    for (Map.Entry<String, List<String>> q : call.query().entrySet()) {
      for (String v : q.getValue()) {
        location.append(sep).append(FormData.encode(q.getKey())).append('=').append(FormData.encode(v));
        sep = "&";
      }
    }
    return new HttpResult(307, "application/json", null, new LinkedHashMap<>())
        .withHeader("Location", location.toString());
  }

  private HttpResult route(HttpCall call) {
    Instant now = clock.instant();
    Operation op = operation(call);
    String path = call.path();
    if (op == Operation.LIST && !path.endsWith("/")) {
      path = path + "/";
    }
    Map<String, Object> data = data(call);
    Duration wrapTtl = wrapTtl(call);
    if (path.startsWith("sys/wrapping/")) {
      return wrapping.handle(call, path, data, wrapTtl, now);
    }
    if (path.equals("sys/internal/ui/mounts") || path.startsWith("sys/internal/ui/mounts/")
        || path.startsWith("sys/mounts-all/")) {
      return envelopeResult(SysBackend.internalUiMounts(this, call, path), "system", path, null, null, now);
    }
    MountEntry mount = mounts.route(path);
    String rest = mount == null ? path : path.length() >= mount.path.length() ? path.substring(mount.path.length())
        : "";
    boolean unauth = mount != null && UnauthenticatedPaths.matches(mount.backend, rest);
    TokenEntry token = null;
    Acl acl = null;
    if (!unauth) {
      String presented = call.token();
      if (presented == null || presented.isEmpty()) {
        throw DevException.permissionDenied(); // no token at all: only "permission denied"
      }
      token = tokens.get(presented, now);
      if (token == null || tokens.exhausted(token)) {
        throw DevException.invalidToken();
      }
      if (identity.disabled(token.entityId)) {
        throw DevException.permissionDenied(); // Vault: tokens of a disabled entity cannot be used
      }
      acl = aclFor(token);
    }
    DevRequest req = new DevRequest(op, call.method(), rest, mount == null ? "" : mount.path, data, call.headers(),
        call.clientCertificates(), token == null ? null : tokens.snapshot(token), call.remoteAddress(), now,
        call.tls());
    if (op == Operation.UPDATE && mount != null) {
      Boolean exists = mount.backend.exists(req);
      if (Boolean.FALSE.equals(exists)) {
        op = Operation.CREATE;
        req = new DevRequest(op, req.method(), rest, mount.path, data, req.headers(), req.clientCertificates(),
            req.token(), req.remoteAddress(), now, req.tls());
      }
    }
    if (acl != null && !acl.allows(path, op.capability())) {
      throw DevException.permissionDenied();
    }
    if (mount == null) {
      throw DevException.of(404, "no handler for route \"" + path + "\". route entry not found.");
    }
    boolean lastUse = token != null && tokens.use(token);
    try {
      DevResponse resp = mount.backend.handle(req);
      return respond(req, mount, resp, token, wrapTtl, now);
    } finally {
      if (lastUse) {
        revokeToken(token.id);
      }
    }
  }

  private static Operation operation(HttpCall call) {
    switch (call.method().toUpperCase(Locale.ROOT)) {
      case "GET":
      case "HEAD":
        String list = call.queryParam("list");
        if (list != null) {
          switch (list.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "t": return Operation.LIST;
            case "false": case "0": case "f": return Operation.READ;
            default: throw DevException.of(400);
          }
        }
        return Operation.READ;
      case "LIST":
        return Operation.LIST;
      case "POST":
      case "PUT":
        return Operation.UPDATE;
      case "PATCH":
        String ct = call.header("content-type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/merge-patch+json")) {
          throw DevException.of(415, "PATCH requires Content-Type of application/merge-patch+json, provided "
              + (ct == null ? "" : ct));
        }
        return Operation.PATCH;
      case "DELETE":
        return Operation.DELETE;
      default:
        throw DevException.of(405);
    }
  }

  private static Map<String, Object> data(HttpCall call) {
    Map<String, Object> data = new LinkedHashMap<>();
    call.query().forEach((k, v) -> {
      if (!k.equals("list") && !k.equals("help") && !v.isEmpty()) {
        data.put(k, v.size() == 1 ? v.get(0) : List.copyOf(v));
      }
    });
    if (call.body() != null && call.body().length > 0) {
      String ct = call.header("content-type");
      String text = new String(call.body(), StandardCharsets.UTF_8).trim();
      if (ct != null && ct.startsWith("application/x-www-form-urlencoded") && !text.startsWith("{")
          && !text.startsWith("[")) {
        FormData.parse(text).forEach(data::put);
        return data;
      }
      try {
        data.putAll(Json.readObject(call.body()));
      } catch (IOException e) {
        throw DevException.badRequest("error parsing JSON");
      }
    }
    return data;
  }

  private static Duration wrapTtl(HttpCall call) {
    String h = call.header("x-vault-wrap-ttl");
    if (h == null || h.isBlank()) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      d = GoDuration.parse(h);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("error parsing X-Vault-Wrap-TTL header: " + e.getMessage());
    }
    if (d.isNegative()) {
      throw DevException.badRequest(
          "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------------- answers

  private HttpResult respond(DevRequest req, MountEntry mount, DevResponse resp, TokenEntry token, Duration wrapTtl,
      Instant now) {
    if (resp == null) {
      if (req.operation() == Operation.READ || req.operation() == Operation.LIST) {
        return HttpResult.errors(404, List.of());
      }
      return HttpResult.noContent();
    }
    if (resp.isRaw()) {
      byte[] body = resp.rawBody();
      int st = body.length == 0 && resp.status() == 200 ? 204 : resp.status();
      HttpResult raw = new HttpResult(st, resp.rawContentType(), body.length == 0 ? null : body,
          new LinkedHashMap<>(resp.headers()));
      return wrapTtl.isZero() || st != 200 ? raw : wrapping.wrapRaw(raw, wrapTtl, req.fullPath(), null, now);
    }
    if (resp.isNoContent() && resp.warnings().isEmpty()) {
      return HttpResult.noContent();
    }
    List<String> warnings = new ArrayList<>(resp.warnings());
    Map<String, Object> auth = resp.auth();
    String wrappedAccessor = resp.wrappedAccessor();
    if (resp.login() != null) {
      TokenEntry issued = expiration.issueLoginToken(resp.login(), mount, req.fullPath(), now, warnings);
      auth = authBlock(issued, issued.creationTtl);
      wrappedAccessor = issued.accessor;
    }
    Map<String, Object> lease = null;
    if (resp.lease() != null) {
      lease = expiration.registerLease(resp.lease(), mount, req.fullPath(), token, now, warnings);
    } else if (resp.leaseFields() != null) {
      lease = resp.leaseFields();
    } else if (resp.leaseDuration() != null || resp.mountDefaultLeaseDuration()) {
      Duration d = resp.leaseDuration() != null ? resp.leaseDuration() : mount.effectiveDefault();
      lease = Map.of("lease_id", "", "renewable", false, "lease_duration", d.getSeconds());
    }
    String mountType = resp.login() != null || resp.status() >= 400 ? "" : mount.type; // RespondWithStatusCode sets none
    Map<String, Object> env = envelope(resp.data(), lease, auth, warnings, mountType);
    if (resp.status() == 200 && !wrapTtl.isZero()) {
      HttpResult wrapped = wrapping.wrapEnvelope(env, wrapTtl, req.fullPath(), wrappedAccessor, now);
      resp.headers().forEach(wrapped::withHeader);
      return wrapped;
    }
    if (resp.data() != null && injectsTopLevel(req.fullPath())) {
      resp.data().forEach(env::putIfAbsent);
    }
    HttpResult r = HttpResult.json(resp.isNoContent() ? 200 : resp.status(), env);
    resp.headers().forEach(r::withHeader);
    return r;
  }

  /** Builds a result for a core-handled sys path (internal ui mounts, wrapping), wrapped if asked. */
  HttpResult envelopeResult(DevResponse resp, String mountType, String path, Duration wrapTtl, String wrappedAcc,
      Instant now) {
    if (resp == null) {
      return HttpResult.errors(404, List.of());
    }
    if (resp.isNoContent() && resp.warnings().isEmpty()) {
      return HttpResult.noContent();
    }
    Map<String, Object> env = envelope(resp.data(), resp.leaseFields(), resp.auth(), resp.warnings(), mountType);
    if (wrapTtl != null && !wrapTtl.isZero() && resp.status() == 200) {
      return wrapping.wrapEnvelope(env, wrapTtl, path, wrappedAcc, now);
    }
    if (resp.data() != null && injectsTopLevel(path)) {
      resp.data().forEach(env::putIfAbsent);
    }
    return HttpResult.json(resp.status(), env);
  }

  static boolean injectsTopLevel(String path) {
    if (INJECT_EXACT.contains(path)) {
      return true;
    }
    for (String p : INJECT_PREFIX) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Vault's envelope, keys in Go's order, explicit nulls; {@code mount_type} unless switched off. */
  Map<String, Object> envelope(Map<String, Object> data, Map<String, Object> lease, Map<String, Object> auth,
      List<String> warnings, String mountType) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("request_id", Ids.uuid());
    env.put("lease_id", lease == null ? "" : lease.get("lease_id"));
    env.put("renewable", lease == null ? Boolean.FALSE : lease.get("renewable"));
    env.put("lease_duration", lease == null ? 0L : lease.get("lease_duration"));
    env.put("data", data);
    env.put("wrap_info", null);
    env.put("warnings", warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings));
    env.put("auth", auth);
    if (emitMountType) {
      env.put("mount_type", mountType);
    }
    return env;
  }

  // ---------------------------------------------------------------------------------------------------- expiration

  Map<String, Object> authBlock(TokenEntry e, Duration ttl) {
    return expiration.authBlock(e, ttl);
  }

  DevResponse renewLease(String leaseId, Duration increment, Instant now) {
    return expiration.renewLease(leaseId, increment, now);
  }

  DevResponse renewToken(TokenEntry e, Duration increment, Instant now) {
    return expiration.renewToken(e, increment, now);
  }

  void revokeToken(String id) {
    expiration.revokeToken(id);
  }

  void afterTokensRemoved(List<TokenEntry> removed) {
    expiration.afterTokensRemoved(removed);
  }

  /** The reaper: revokes what the clock has passed. Never throws. */
  void reap() {
    expiration.reap();
  }

  /** The ACL of a token: its own policies and its entity's identity policies (entity and groups). */
  Acl aclFor(TokenEntry token) {
    return policies.acl(identity.allPolicies(token.policies, token.entityId));
  }

  /** Resolves a token for handlers that authenticate themselves (wrapping, internal ui mounts). */
  TokenEntry liveToken(String id) {
    return tokens.get(id, clock.instant());
  }

  void close() {
    lazyRevoker.close();
    for (MountEntry e : mounts.all()) {
      try {
        e.backend.close();
      } catch (RuntimeException ex) {
        LOG.warn("backend close failed", ex, "path", e.path);
      }
    }
  }
}
