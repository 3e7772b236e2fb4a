package io.vaultlet.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultlet.cache.CacheKey;
import io.vaultlet.cache.LeaseCache;
import io.vaultlet.config.ApiProxyConfig;
import io.vaultlet.config.CacheConfig.AutoAuthTokenUse;
import io.vaultlet.listener.http.Headers;
import io.vaultlet.listener.http.HttpRequest;
import io.vaultlet.listener.http.HttpResponder;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.telemetry.Metrics;
import io.vaultlet.vault.VaultForwarder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The API proxy (Vault Agent's {@code ProxyHandler} + {@code APIProxy}): a request to the listener goes to Vault as
 * it came, with the auto-auth token when it has none ({@code use_auto_auth_token = true}) or always
 * ({@code "force"}); Vault's status, headers and body come back unchanged, streamed. With {@code cache}, answers go
 * through the {@link LeaseCache}. The auto-auth token is stripped from {@code lookup-self}/{@code renew-self} answers
 * that would reveal it. Metrics: {@code agent.proxy.success|client_error|error}, {@code agent.cache.hit|miss}.
 */
public final class ApiProxy {

  private static final Log LOG = Log.named("apiproxy");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Response fields never passed back (hop-by-hop, or recomputed here). */
  private static final Set<String> RESPONSE_DROPPED = Set.of("connection", "keep-alive", "transfer-encoding",
      "content-length", "proxy-connection", "upgrade", "trailer", ":status");

  private final VaultForwarder forwarder;
  private final Optional<ApiProxyConfig> config;
  private final Supplier<Optional<String>> autoAuthToken;
  private final LeaseCache cache;
  private final Metrics metrics;
  private final Clock clock;
  private final String userAgent;
  /** Answers up to this size ({@code max_response_size}) are read whole when the cache or the stripping needs them. */
  private final int maxBuffered;
  private final ConsistencyStates states = new ConsistencyStates();

  public ApiProxy(VaultForwarder forwarder, Optional<ApiProxyConfig> config,
      Supplier<Optional<String>> autoAuthToken, LeaseCache cache, Metrics metrics, Clock clock, String version,
      long maxBuffered) {
    if (maxBuffered <= 0) {
      throw new IllegalArgumentException("maxBuffered must be positive: " + maxBuffered);
    }
    this.maxBuffered = (int) Math.min(maxBuffered, Integer.MAX_VALUE - 16);
    this.forwarder = forwarder;
    this.config = config;
    this.autoAuthToken = autoAuthToken;
    this.cache = cache;
    this.metrics = metrics;
    this.clock = clock;
    this.userAgent = "vaultlet/" + version + "; Vault Agent API Proxy";
  }

  public void handle(HttpRequest r, HttpResponder out) throws IOException {
    LOG.info("received request", "method", r.method(), "path", r.rawPath());
    Headers headers = copy(r.headers());
    AutoAuthTokenUse use = config.flatMap(ApiProxyConfig::useAutoAuthToken).orElse(AutoAuthTokenUse.FALSE);
    if (use == AutoAuthTokenUse.FORCE) {
      headers.remove("X-Vault-Token");
    }
    String token = headers.first("X-Vault-Token").orElse("");
    Optional<String> auto = autoAuthToken.get();
    if (token.isEmpty() && use.enabled() && auto.isPresent()) {
      LOG.debug("using auto auth token", "method", r.method(), "path", r.rawPath());
      token = auto.get();
    }
    Redactor.register(token);
    CacheKey key = cache == null ? null : CacheKey.of(r, token);
    if (cache != null) {
      Optional<LeaseCache.Cached> hit = cache.lookup(key);
      if (hit.isPresent()) {
        replay(hit.get(), out);
        metrics.incr("agent.proxy.success");
        metrics.incr("agent.cache.hit");
        return;
      }
    }
    headers.remove("X-Vault-Token");
    if (!token.isEmpty()) {
      headers.add("X-Vault-Token", token);
    }
    headers.set("X-Vault-Request", "true");
    headers.set("User-Agent", headers.first("User-Agent").map(ua -> userAgent + "; " + ua).orElse(userAgent));
    boolean manageState = managesConsistency(headers);
    VaultForwarder.RetryPolicy policy = manageState ? consistency(headers) : VaultForwarder.RetryPolicy.DEFAULT;
    VaultForwarder.Answer answer;
    try {
      answer = forwarder.send(new VaultForwarder.Forward(r.method(), r.rawPath(), r.rawQuery(), entries(headers),
          r.body()), policy);
    } catch (IOException e) {
      metrics.incr("agent.proxy.error");
      String message = Redactor.redact("failed to get the response: " + e.getMessage());
      LOG.warn("proxying a request failed", "method", r.method(), "path", r.rawPath(), "error", message);
      out.errors(500, List.of(message));
      return;
    }
    if (manageState) { // Vault Agent records the state only for requests whose consistency it manages
      answer.headers().firstValue("X-Vault-Index").ifPresent(states::record);
    }
    try (InputStream body = answer.body()) {
      deliver(r, token, key, auto, answer, body, out);
    }
  }

  private void deliver(HttpRequest r, String token, CacheKey key, Optional<String> auto, VaultForwarder.Answer a,
      InputStream body, HttpResponder out) throws IOException {
    int status = a.status();
    metrics.incr(status >= 400 ? "agent.proxy.client_error" : "agent.proxy.success");
    Headers h = new Headers();
    a.headers().map().forEach((name, values) -> {
      if (!RESPONSE_DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> h.add(canonical(name), v));
      }
    });
    boolean json = a.headers().firstValue("Content-Type").map(t -> t.startsWith("application/json")).orElse(false);
    boolean strip = status == 200 && auto.isPresent() && exposesAutoAuthToken(r, token, auto.get());
    boolean cacheable = cache != null && status < 300 && (json || status == 204 || status == 202);
    long length = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (cache != null && status < 400) {
      h.set("X-Cache", "MISS");
      metrics.incr("agent.cache.miss");
    }
    InputStream rest = body;
    if (cacheable || strip) {
      Buffered read = length <= maxBuffered ? Buffered.read(body, maxBuffered, length) : null;
      if (read != null && read.complete()) {
        byte[] bytes = read.bytes();
        if (strip) {
          bytes = stripAutoAuthToken(bytes);
        }
        if (cacheable) {
          cache.offer(key, status, entries(h), bytes);
        }
        out.send(status, h, bytes);
        return;
      }
      if (strip) { // larger than any token lookup; never pass the auto-auth token on unsanitised
        LOG.warn("a token lookup answer is too large to sanitise; not passing it on", "path", r.rawPath(),
            "limit", maxBuffered);
        out.errors(502, List.of("the token lookup response is larger than max_response_size (" + maxBuffered
            + " bytes); it cannot be sanitised"));
        return;
      }
      if (read != null) { // over the limit: not cached; what was read goes first, then the rest as it arrives
        rest = read.followedBy(body);
      }
    }
    try (OutputStream o = out.stream(status, h, length)) {
      rest.transferTo(o);
    }
  }

  /**
   * At most {@code limit} bytes of an answer, read before deciding whether to keep it: {@code complete} when the
   * answer ended within them, else {@code bytes} plus the one byte that proved it longer.
   */
  record Buffered(byte[] bytes, int length, boolean complete) {

    static Buffered read(InputStream in, int limit, long announced) throws IOException {
      byte[] buf = new byte[(int) Math.min(limit, announced >= 0 ? announced : 8192)];
      int n = 0;
      while (true) {
        if (n == buf.length) {
          if (n == limit) {
            int probe = in.read();
            if (probe < 0) {
              return new Buffered(buf, n, true);
            }
            byte[] over = java.util.Arrays.copyOf(buf, n + 1);
            over[n] = (byte) probe;
            return new Buffered(over, n + 1, false);
          }
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, Math.max(8192L, 2L * buf.length)));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          return new Buffered(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n), n, true);
        }
        n += r;
      }
    }

    InputStream followedBy(InputStream rest) {
      return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, length), rest);
    }
  }

  private void replay(LeaseCache.Cached c, HttpResponder out) throws IOException {
    Headers h = new Headers();
    c.headers().forEach(e -> h.add(e.getKey(), e.getValue()));
    h.remove("Date");
    h.remove("Age");
    h.set("Age", Long.toString(Math.max(0, Duration.between(c.storedAt(), clock.instant()).toSeconds())));
    h.set("X-Cache", "HIT");
    out.send(c.status(), h, c.body());
  }

  /**
   * {@code enforce_consistency = "always"} and a request that carries none of the consistency headers itself: the
   * agent records the {@code X-Vault-Index} it answers with and requires the states seen so far.
   */
  private boolean managesConsistency(Headers headers) {
    boolean always = config.flatMap(ApiProxyConfig::enforceConsistency).map("always"::equals).orElse(false);
    return always && headers.first("X-Vault-Index").map(String::isEmpty).orElse(true)
        && headers.first("X-Vault-Forward").map(String::isEmpty).orElse(true)
        && headers.first("X-Vault-Inconsistent").map(String::isEmpty).orElse(true);
  }

  /**
   * Requires the states recorded so far; {@code when_inconsistent}: {@code fail} (default) passes Vault's 412 back,
   * {@code retry} retries it like any retryable answer, {@code forward} asks the node to forward instead.
   */
  private VaultForwarder.RetryPolicy consistency(Headers headers) {
    List<String> current = states.current();
    if (current.isEmpty()) {
      return VaultForwarder.RetryPolicy.DEFAULT;
    }
    current.forEach(s -> headers.add("X-Vault-Index", s));
    String when = config.flatMap(ApiProxyConfig::whenInconsistent).orElse("fail");
    return switch (when) {
      case "retry" -> VaultForwarder.RetryPolicy.DEFAULT;
      case "forward" -> {
        headers.set("X-Vault-Inconsistent", "forward-active-node");
        yield VaultForwarder.RetryPolicy.DEFAULT;
      }
      default -> VaultForwarder.RetryPolicy.NO_412;
    };
  }

  /** Vault's {@code sanitizeAutoAuthTokenResponse}: which lookups and renewals would hand out the auto-auth token. */
  private static boolean exposesAutoAuthToken(HttpRequest r, String token, String auto) {
    String path = r.path();
    if (path.equals("/v1/auth/token/lookup-self") || path.equals("/v1/auth/token/renew-self")) {
      return token.equals(auto);
    }
    if (path.equals("/v1/auth/token/lookup") || path.equals("/v1/auth/token/renew")) {
      try {
        JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
        String t = body == null ? "" : body.path("token").asText("");
        return t.isEmpty() || t.equals(auto);
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private static byte[] stripAutoAuthToken(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n instanceof ObjectNode o) {
        if (o.path("data") instanceof ObjectNode d) {
          d.remove("id");
          d.remove("accessor");
        } else if (o.path("auth") instanceof ObjectNode a) {
          a.put("client_token", "");
          a.put("accessor", "");
        }
        LOG.info("stripping auto-auth token from the response");
        return JSON.writeValueAsBytes(o);
      }
    } catch (IOException e) {
      LOG.debug("token lookup response is not JSON; passing it on", "error", e.getMessage());
    }
    return body;
  }

  private static Headers copy(Headers in) {
    Headers out = new Headers();
    in.fields().forEach(f -> out.add(f.name(), f.value()));
    return out;
  }

  private static List<Map.Entry<String, String>> entries(Headers h) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    h.fields().forEach(f -> out.add(Map.entry(f.name(), f.value())));
    return out;
  }

  /** {@code content-type} → {@code Content-Type}: the JDK client lower-cases names, Go's server canonicalises them. */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }
}
