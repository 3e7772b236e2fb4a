package io.vaultlet.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.lease.ProxiedLeases;
import io.vaultlet.listener.http.HttpRequest;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.telemetry.Metrics;
import io.vaultlet.template.Dependency;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Vault Agent's lease cache ({@code cache {}}): responses that create a renewable lease or a renewable token are kept
 * per request (method, path, query, body, significant headers) and token, and handed out again while they live. The
 * {@link LeaseWatcher} renews them ({@link ProxiedLeases}: the templates' timing, one watcher for both); a lease that
 * can no longer be renewed, expires or is revoked through the proxy is evicted. A request identical to a template's
 * {@code secret "<path>"} read with the auto-auth token is answered with the template's own lease (one credential,
 * not two). Leases are cached only for tokens the agent manages (the auto-auth token, tokens created through the
 * cache), as in Vault. In memory only.
 */
public final class LeaseCache {

  private static final Log LOG = Log.named("cache.leasecache");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A cached answer. */
  public record Cached(int status, List<Map.Entry<String, String>> headers, byte[] body, Instant storedAt) {}

  /** One cached response and what it is indexed by. */
  private record Entry(String key, String namespace, String requestPath, String token, String lease,
      String clientToken, String accessor, String parentToken, Cached response) {
    boolean isToken() {
      return !clientToken.isEmpty();
    }
  }

  private final LeaseWatcher watcher;
  private final Supplier<Optional<String>> autoAuthToken;
  private final Metrics metrics;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public LeaseCache(LeaseWatcher watcher, Supplier<Optional<String>> autoAuthToken, Metrics metrics, Clock clock) {
    this.watcher = watcher;
    this.autoAuthToken = autoAuthToken;
    this.metrics = metrics;
    this.clock = clock;
    metrics.addCollector(sink -> {
      sink.gauge("agent.cache.total", entries.size(), Map.of());
      sink.gauge("agent.cache.leases", entries.values().stream().filter(e -> !e.isToken()).count(), Map.of());
    });
  }

  /** The cached answer to the request of {@code key} (sent with its token), if any. */
  public Optional<Cached> lookup(CacheKey key) {
    HttpRequest r = key.request();
    String token = key.token();
    Entry e = entries.get(key.hash());
    if (e != null && watcher.proxied().holds(e.key())) {
      return Optional.of(e.response());
    }
    Optional<String> auto = autoAuthToken.get();
    if (auto.isPresent() && auto.get().equals(token)) {
      Optional<Dependency> d = CacheKey.asDependency(r);
      if (d.isPresent()) {
        Optional<LeaseWatcher.SharedResponse> shared = watcher.sharedResponse(d.get(), token);
        if (shared.isPresent()) {
          LOG.debug("answering with a template's lease", "path", r.rawPath());
          return Optional.of(new Cached(200, List.of(Map.entry("Cache-Control", "no-store"),
              Map.entry("Content-Type", "application/json")), shared.get().body(), shared.get().fetchedAt()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A response Vault gave to the request of {@code key} (sent with its token): evicts what a successful revocation
   * revoked, and keeps a response that created a renewable lease or token. {@code body} is the whole JSON body (may
   * be empty).
   */
  public void offer(CacheKey cacheKey, int status, List<Map.Entry<String, String>> headers, byte[] body) {
    HttpRequest r = cacheKey.request();
    String token = cacheKey.token();
    String ns = r.header("X-Vault-Namespace").filter(s -> !s.isEmpty()).orElse("root/");
    String path = r.path();
    if ((status == 204 || status == 202) && revocation(r, token, path)) {
      return;
    }
    if (status < 200 || status >= 300 || body.length == 0) {
      return;
    }
    JsonNode secret;
    try {
      secret = JSON.readTree(body);
    } catch (IOException e) {
      return;
    }
    if (secret == null || !secret.isObject()) {
      return;
    }
    String leaseId = secret.path("lease_id").asText("");
    JsonNode auth = secret.path("auth");
    boolean tokenRenewable = auth.isObject() && auth.path("renewable").asBoolean(false);
    if (!secret.path("renewable").asBoolean(false) && !tokenRenewable) {
      return;
    }
    String key = cacheKey.hash();
    Cached cached = new Cached(status, headers, body, clock.instant());
    if (!leaseId.isEmpty()) {
      if (!managed(token)) {
        LOG.debug("pass-through lease response; token not managed by agent", "path", path);
        return;
      }
      Duration ttl = Duration.ofSeconds(Math.max(0, secret.path("lease_duration").asLong(0)));
      ProxiedLeases.Shareable shareable = CacheKey.asDependency(r)
          .map(d -> new ProxiedLeases.Shareable(d.key(), body)).orElse(null);
      store(new Entry(key, ns, path, token, leaseId, "", "", "", cached),
          new ProxiedLeases.Term(r.method() + " " + path, false, leaseId, "", token, ttl), shareable);
    } else if (auth.isObject()) {
      String clientToken = auth.path("client_token").asText("");
      boolean orphan = auth.path("orphan").asBoolean(false);
      if (clientToken.isEmpty() || (!orphan && !managed(token))) {
        LOG.debug("pass-through auth response; parent token not managed by agent", "path", path);
        return;
      }
      Redactor.register(clientToken);
      Duration ttl = Duration.ofSeconds(Math.max(0, auth.path("lease_duration").asLong(0)));
      store(new Entry(key, ns, path, token, "", clientToken, auth.path("accessor").asText(""),
          orphan ? "" : token, cached), new ProxiedLeases.Term(r.method() + " " + path, true, "", clientToken, token,
          ttl), null);
    }
  }

  private void store(Entry e, ProxiedLeases.Term term, ProxiedLeases.Shareable shareable) {
    entries.put(e.key(), e);
    watcher.proxied().adopt(e.key(), term, shareable, why -> evicted(e.key(), why));
    metrics.incr("agent.cache.store");
    LOG.debug("storing response into the cache", "path", e.requestPath());
  }

  private void evicted(String key, String why) {
    if (entries.remove(key) != null) {
      metrics.incr("agent.cache.evict");
      LOG.debug("evicted a cache entry", "reason", why);
    }
  }

  private void evict(Predicate<Entry> which) {
    for (Entry e : new ArrayList<>(entries.values())) {
      if (which.test(e) && entries.remove(e.key(), e)) {
        watcher.proxied().release(e.key());
        metrics.incr("agent.cache.evict");
      }
    }
  }

  private boolean managed(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    if (autoAuthToken.get().map(token::equals).orElse(false)) {
      return true;
    }
    return entries.values().stream().anyMatch(e -> e.clientToken().equals(token));
  }

  // ---- revocation through the proxy ----

  private boolean revocation(HttpRequest r, String token, String fullPath) {
    String path = fullPath.startsWith("/v1/") ? fullPath.substring(4) : fullPath;
    JsonNode body = parse(r.body());
    switch (path) {
      case "auth/token/revoke" -> evictToken(body.path("token").asText(""), true);
      case "auth/token/revoke-self" -> evictToken(token, true);
      case "auth/token/revoke-accessor" -> {
        String accessor = body.path("accessor").asText("");
        entries.values().stream().filter(e -> !accessor.isEmpty() && e.accessor().equals(accessor)).findFirst()
            .ifPresent(e -> evictToken(e.clientToken(), true));
      }
      case "auth/token/revoke-orphan" -> evictToken(body.path("token").asText(""), false);
      case "sys/leases/revoke" -> revokeLeases(body.path("lease_id").asText("")::equals);
      default -> {
        if (path.startsWith("sys/leases/revoke/")) {
          String id = path.substring("sys/leases/revoke/".length());
          revokeLeases(id::equals);
        } else if (path.startsWith("sys/leases/revoke-prefix/") || path.startsWith("sys/leases/revoke-force/")) {
          String prefix = path.substring(path.indexOf('/', "sys/leases/".length()) + 1);
          revokeLeases(id -> id.startsWith(prefix));
        } else {
          return false;
        }
      }
    }
    LOG.debug("triggered caching eviction from revocation request", "path", fullPath);
    return true;
  }

  private void revokeLeases(Predicate<String> ids) {
    evict(e -> !e.lease().isEmpty() && ids.test(e.lease()));
    watcher.leaseRevoked(ids);
  }

  /** {@code token} is gone: its own entry, the leases obtained with it and (unless orphaning) its child tokens. */
  private void evictToken(String token, boolean children) {
    if (token.isEmpty()) {
      return;
    }
    Set<String> gone = new HashSet<>();
    List<String> queue = new ArrayList<>(List.of(token));
    while (!queue.isEmpty()) {
      String t = queue.remove(queue.size() - 1);
      if (!gone.add(t)) {
        continue;
      }
      if (children) {
        entries.values().stream().filter(e -> e.isToken() && e.parentToken().equals(t))
            .forEach(e -> queue.add(e.clientToken()));
      }
    }
    evict(e -> gone.contains(e.clientToken()) || (!e.isToken() && gone.contains(e.token())));
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = body.length == 0 ? null : JSON.readTree(body);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  // ---- /agent/v1/cache-clear ----

  /** The outcome of a cache-clear request: a status and Vault's error messages (empty on success). */
  public record ClearResult(int status, List<String> errors) {}

  /** {@code POST /agent/v1/cache-clear {"type", "value", "namespace"}}, with Vault's statuses and messages. */
  public ClearResult clear(byte[] body) {
    JsonNode req;
    try {
      req = body.length == 0 ? null : JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new ClearResult(400, List.of("failed to parse JSON input: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return new ClearResult(400, List.of("failed to parse JSON input: " + e.getMessage()));
    }
    if (req == null || req.isMissingNode()) {
      return new ClearResult(400, List.of("failed to parse JSON input: empty JSON provided"));
    }
    String type = req.path("type").asText("");
    String value = req.path("value").asText("");
    String ns = req.path("namespace").asText("");
    if (type.isEmpty()) {
      return new ClearResult(400, List.of("failed to parse clear input: no type provided"));
    }
    switch (type) {
      case "request_path" -> {
        if (value.isEmpty()) {
          return clearError("request path not provided");
        }
        String prefix = value.startsWith("/v1/") ? value : "/v1/" + (value.startsWith("/") ? value.substring(1)
            : value);
        String namespace = ns.isEmpty() ? "root/" : ns;
        evict(e -> e.namespace().equals(namespace) && e.requestPath().startsWith(prefix));
      }
      case "token" -> {
        if (value.isEmpty()) {
          return clearError("token not provided");
        }
        evictToken(value, true);
      }
      case "token_accessor" -> {
        if (value.isEmpty()) {
          return clearError("token accessor not provided");
        }
        entries.values().stream().filter(e -> e.accessor().equals(value)).findFirst()
            .ifPresent(e -> evictToken(e.clientToken(), true));
      }
      case "lease" -> {
        if (value.isEmpty()) {
          return clearError("lease not provided");
        }
        evict(e -> e.lease().equals(value));
      }
      case "all" -> evict(e -> true);
      default -> {
        return new ClearResult(400, List.of("failed to clear cache: invalid type provided"));
      }
    }
    LOG.debug("successfully cleared matching cache entries", "type", type);
    return new ClearResult(200, List.of());
  }

  private static ClearResult clearError(String message) {
    return new ClearResult(500, List.of("failed to clear cache: " + message));
  }

  /** Cached entries (leases and tokens). */
  public int size() {
    return entries.size();
  }
}
