package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A Vault HTTP API client with the behaviour of Vault's Go client ({@code api.Client}): {@code X-Vault-Request} on
 * every request, retries of connection errors, 412, 429 and 5xx except 501 with linear jittered backoff, standby redirects
 * followed with method, headers and body, 404 on reads meaning "absent", and KV v2 path rewriting.
 *
 * <p>Instances are immutable views over one shared transport: {@link #withToken}, {@link #withNamespace} and
 * {@link #withMaxRetries} are cheap and share the HTTP connections, the connection bound and the KV mount cache.
 */
public final class VaultClient {

  private static final Log LOG = Log.named("vault.client");
  private static final Set<Integer> HEALTH_CODES = Set.of(200, 429, 472, 473, 474, 501, 503, 530);

  private final Settings settings;
  private final Transport transport;
  private final KvMounts mounts;
  private final String token;
  private final String namespace;
  private final int maxRetries;

  private VaultClient(Settings settings, Transport transport, KvMounts mounts, String token, String namespace,
      int maxRetries) {
    this.settings = settings;
    this.transport = transport;
    this.mounts = mounts;
    this.token = token;
    this.namespace = namespace;
    this.maxRetries = maxRetries;
  }

  /** A client for {@code settings}; TLS files are read now, so their errors surface at startup. */
  public static VaultClient create(Settings settings) throws IOException {
    return create(settings, Sleeper.SYSTEM);
  }

  /** As {@link #create(Settings)}, with the retry waits going through {@code sleeper} (tests). */
  public static VaultClient create(Settings settings, Sleeper sleeper) throws IOException {
    return create(settings, sleeper, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
  }

  static VaultClient create(Settings s, Sleeper sleeper, DoubleSupplier random, Clock clock) throws IOException {
    return create(s, sleeper, random, clock, EnvironmentProxies.system());
  }

  /** As {@link #create(Settings)}, with the proxies chosen by {@code proxies} (tests: their own environment). */
  public static VaultClient create(Settings settings, EnvironmentProxies proxies) throws IOException {
    return create(settings, Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(),
        proxies);
  }

  static VaultClient create(Settings s, Sleeper sleeper, DoubleSupplier random, Clock clock,
      EnvironmentProxies proxies) throws IOException {
    Duration connectTimeout = s.timeout().compareTo(Duration.ofSeconds(30)) < 0 ? s.timeout() : Duration.ofSeconds(30);
    Http1Client.TlsSource tls = () -> Tls.build(s);
    if (s.address().getScheme().equalsIgnoreCase("https") || s.hasTlsSettings()) {
      // TLS files are read now, so their errors surface at startup
      Tls.Setup setup = Tls.build(s);
      tls = () -> setup;
    } // else: an http address without TLS settings sets TLS up only if a standby redirects to an https node
    int maxIdle = s.maxConnectionsPerHost() > 0 ? s.maxConnectionsPerHost() : Settings.DEFAULT_MAX_CONNECTIONS_PER_HOST;
    Http1Client http = new Http1Client(tls, s.tlsServerName(), connectTimeout, maxIdle, () -> proxies);
    Transport t = new Transport(s.address(), s.redirectAddresses(), http, s.timeout(), s.maxResponseSize(),
        s.maxConnectionsPerHost(), sleeper, new Backoff(random, clock));
    return new VaultClient(s, t, new KvMounts(), null, s.namespace(), s.maxRetries());
  }

  // ---- views ----

  /** This client with {@code token} as {@code X-Vault-Token} (null or empty: none), registered as a secret. */
  public VaultClient withToken(String token) {
    Redactor.register(token);
    return new VaultClient(settings, transport, mounts, token == null || token.isEmpty() ? null : token, namespace,
        maxRetries);
  }

  /** This client with another {@code X-Vault-Namespace} (null or empty: none). */
  public VaultClient withNamespace(String namespace) {
    return new VaultClient(settings, transport, mounts, token, namespace == null ? "" : namespace, maxRetries);
  }

  /** This client with another retry count (auto-auth uses 0, as Vault Agent does). */
  public VaultClient withMaxRetries(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("max retries must be 0 or more, got " + retries);
    }
    return new VaultClient(settings, transport, mounts, token, namespace, retries);
  }

  public Settings settings() {
    return settings;
  }

  public boolean hasToken() {
    return token != null;
  }

  /** The current token (a secret: never log it). */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  public String namespace() {
    return namespace == null ? "" : namespace;
  }

  public int maxRetries() {
    return maxRetries;
  }

  // ---- generic ----

  /**
   * Sends {@code request}. Empty for 204 and for a 404 without {@code data} or {@code warnings} on GET and DELETE (Go's
   * "nil secret"); a 404 that carries data (a deleted KV v2 version, a wrapped 404) is returned with its status.
   *
   * @throws VaultException on any other status of 400 or more, on connection failure after retries
   */
  public Optional<VaultResponse> send(VaultRequest request) {
    Transport.Raw raw = transport.execute(call(request, false));
    return Responses.interpret(request, raw);
  }

  public Optional<VaultResponse> read(String path) {
    return send(VaultRequest.get(path).build());
  }

  /** A read with query parameters, e.g. {@code version=2} for KV v2. */
  public Optional<VaultResponse> read(String path, Map<String, String> query) {
    return send(VaultRequest.get(path).query(query).build());
  }

  /** {@code GET path/?list=true}: Vault's LIST. Empty when there is nothing to list. */
  public Optional<VaultResponse> list(String path) {
    return send(VaultRequest.list(path).build());
  }

  /** POST (Vault's create/update). Empty for a 204. */
  public Optional<VaultResponse> write(String path, Object body) {
    return send(VaultRequest.post(path).body(body).build());
  }

  public Optional<VaultResponse> delete(String path) {
    return send(VaultRequest.delete(path).build());
  }

  // ---- KV ----

  /**
   * Reads a secret as Vault Agent's templates do: on a KV v2 mount {@code secret/app} is read as {@code
   * secret/data/app} (the response keeps Vault's shape: {@code data.data}, {@code data.metadata}). String values are
   * registered with the redactor.
   */
  public Optional<VaultResponse> readSecret(String path, Map<String, String> query) {
    Optional<VaultResponse> r = read(secretPath(path), query == null ? Map.of() : query);
    r.ifPresent(VaultResponse::registerDataSecrets);
    return r;
  }

  /**
   * The path to read for {@code rawPath}: rewritten to {@code mount/data/…} only when the mount is KV v2. The mount's
   * version comes from {@code sys/internal/ui/mounts/<path>} once per mount. A 404 there (old servers) means "KV v1",
   * as in consul-template, and so does a 403 (Vault's answer for a path outside every mount; the read itself then
   * says what is wrong). Vault not answering — a connection failure, 412, 429 or 5xx after the client's retries — is
   * not a guess: it fails with that {@link VaultException}, so the caller retries with its own backoff (consul-template
   * assumes KV v1 here, and then reads the wrong path of a KV v2 mount). Nothing but a successful answer is cached.
   */
  public String secretPath(String rawPath) {
    String p = trimSlashes(rawPath);
    Optional<KvMounts.Mount> mount = mounts.cached(namespace(), p);
    if (mount.isEmpty()) {
      mount = preflight(p);
    }
    return mount.map(m -> m.secretPath(p, namespace())).orElse(p);
  }

  /**
   * The data and metadata paths of {@code rawPath} when it lives on a KV v2 mount ({@code secret/app} →
   * {@code secret/data/app} and {@code secret/metadata/app}); empty on any other mount (or when the mount cannot be
   * detected). Used by writers that keep state in a secret's {@code custom_metadata}.
   */
  public Optional<KvV2Paths> kvV2Paths(String rawPath) {
    String p = trimSlashes(rawPath);
    Optional<KvMounts.Mount> mount = mounts.cached(namespace(), p);
    if (mount.isEmpty()) {
      mount = preflight(p);
    }
    return mount.filter(KvMounts.Mount::v2)
        .map(m -> new KvV2Paths(m.secretPath(p, namespace()), m.metadataPath(p, namespace())));
  }

  /** Where a KV v2 secret's versions ({@code data}) and its metadata live. */
  public record KvV2Paths(String data, String metadata) {}

  private Optional<KvMounts.Mount> preflight(String path) {
    try {
      Optional<VaultResponse> r = send(VaultRequest.get("sys/internal/ui/mounts/" + path).build());
      if (r.isEmpty() || r.get().status() == 404) {
        return Optional.empty();
      }
      Optional<KvMounts.Mount> m = KvMounts.parse(r.get().data(), namespace());
      m.ifPresent(x -> mounts.remember(namespace(), x));
      return m;
    } catch (VaultException e) {
      if (unanswered(e.status())) {
        throw e;
      }
      if (hasToken()) {
        LOG.warn("could not detect the KV version of a path; assuming KV v1", "path", path, "status", e.status());
      }
      return Optional.empty();
    }
  }

  /** No answer about the request itself: no connection, a standby without the index, rate limited, or a 5xx. */
  private static boolean unanswered(int status) {
    return status == 0 || status == 412 || status == 429 || status >= 500;
  }

  /** Forgets the cached KV mount versions. */
  public void forgetMounts() {
    mounts.clear();
  }

  // ---- tokens ----

  /** {@code auth/token/lookup-self}: the canonical "is my token alive" probe (403 when it is not). */
  public VaultResponse lookupSelf() {
    VaultResponse r =
        required(send(VaultRequest.get("auth/token/lookup-self").build()), "GET", "auth/token/lookup-self");
    Redactor.register(r.data().path("id").asText(null));
    return r;
  }

  /** {@code auth/token/renew-self}; a null or zero increment asks for the token's default TTL. */
  public VaultResponse renewSelf(Duration increment) {
    return required(write("auth/token/renew-self", incrementBody(increment, null)), "POST",
        "auth/token/renew-self");
  }

  /** {@code auth/token/revoke-self}: revokes this view's token, its children and its leases. */
  public void revokeSelf() {
    send(VaultRequest.post("auth/token/revoke-self").build());
  }

  // ---- leases ----

  public VaultResponse renewLease(String leaseId, Duration increment) {
    Objects.requireNonNull(leaseId, "leaseId");
    return required(send(VaultRequest.put("sys/leases/renew").body(incrementBody(increment, leaseId)).build()),
        "PUT", "sys/leases/renew");
  }

  public void revokeLease(String leaseId) {
    Objects.requireNonNull(leaseId, "leaseId");
    send(VaultRequest.put("sys/leases/revoke").body(Map.of("lease_id", leaseId)).build());
  }

  public VaultResponse lookupLease(String leaseId) {
    Objects.requireNonNull(leaseId, "leaseId");
    return required(send(VaultRequest.put("sys/leases/lookup").body(Map.of("lease_id", leaseId)).build()),
        "PUT", "sys/leases/lookup");
  }

  // ---- response wrapping ----

  /**
   * {@code sys/wrapping/unwrap}, as Go's {@code Logical().Unwrap}: without a client token (or with the wrapping token
   * itself) the wrapping token goes in {@code X-Vault-Token}; otherwise in the body, never both. Empty when the wrapped
   * response had no body.
   */
  public Optional<VaultResponse> unwrap(String wrappingToken) {
    String wt = Objects.requireNonNull(wrappingToken, "wrappingToken").trim();
    Redactor.register(wt);
    VaultRequest.Builder b = VaultRequest.post("sys/wrapping/unwrap");
    if (token == null || token.equals(wt)) {
      b.token(wt);
    } else {
      b.body(Map.of("token", wt));
    }
    Optional<VaultResponse> r = send(b.build());
    r.ifPresent(VaultResponse::registerDataSecrets);
    return r;
  }

  /** {@code sys/wrapping/lookup}: creation path, time and TTL of a wrapping token, without consuming it. */
  public VaultResponse lookupWrapping(String wrappingToken) {
    String wt = Objects.requireNonNull(wrappingToken, "wrappingToken").trim();
    Redactor.register(wt);
    return required(send(VaultRequest.post("sys/wrapping/lookup").body(Map.of("token", wt)).build()),
        "POST", "sys/wrapping/lookup");
  }

  // ---- sys/health ----

  /** {@code GET sys/health}: every health status code is an answer; only 400/500-style failures throw. */
  public VaultHealth health() {
    VaultRequest r = VaultRequest.get("sys/health").build();
    Transport.Raw raw = transport.execute(call(r, true));
    if (isHealthAnswer(raw)) {
      try {
        return new VaultHealth(raw.status(), Json.parse(raw.body()));
      } catch (IOException e) {
        throw VaultException.http(raw.status(), List.of("sys/health answered with a body that is not JSON"), "GET",
            r.path(), Transport.display(raw.uri()), null);
      }
    }
    throw Responses.error(r, raw);
  }

  static boolean isHealthAnswer(Transport.Raw raw) {
    if (!HEALTH_CODES.contains(raw.status()) || raw.body() == null || raw.body().length == 0) {
      return false;
    }
    try {
      JsonNode n = Json.parse(raw.body());
      return n.isObject() && !n.has("errors") && n.has("initialized");
    } catch (IOException e) {
      return false;
    }
  }

  // ---- internals ----

  private Transport.Call call(VaultRequest r, boolean healthAnswers) {
    String tok = switch (r.tokenMode()) {
      case INHERIT -> token;
      case NONE -> null;
      case EXPLICIT -> r.token();
    };
    String ns = r.namespace() != null ? r.namespace() : namespace;
    return new Transport.Call(r, tok, ns, maxRetries, healthAnswers);
  }

  private VaultResponse required(Optional<VaultResponse> r, String method, String path) {
    return r.orElseThrow(() -> VaultException.client(method, path,
        settings.address() + "/v1/" + path, "Vault answered without a body where one was expected"));
  }

  private static Map<String, Object> incrementBody(Duration increment, String leaseId) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (leaseId != null) {
      body.put("lease_id", leaseId);
    }
    if (increment != null && !increment.isZero() && !increment.isNegative()) {
      body.put("increment", increment.toSeconds());
    }
    return body;
  }

  private static String trimSlashes(String p) {
    String s = VaultRequest.normalise(p);
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  @Override
  public String toString() {
    return "VaultClient{address=" + settings.address() + ", namespace=" + namespace() + ", token="
        + (token == null ? "none" : Redactor.MASK) + "}";
  }

  /**
   * The client's configuration (Vault Agent's {@code vault} stanza, after defaults). Validated once, here.
   *
   * @param address {@code http(s)://host:port[/prefix]}
   * @param caCert PEM bundle of trusted roots ({@code ca_cert}); wins over {@code caPath}
   * @param caPath directory of PEM files ({@code ca_path})
   * @param clientCert PEM certificate (and chain) for mTLS; requires {@code clientKey}
   * @param clientKey PEM private key: PKCS#1, PKCS#8 or SEC1 (EC)
   * @param tlsSkipVerify accept any server certificate (logged loudly)
   * @param tlsServerName SNI name and the name the server certificate must carry
   * @param namespace default {@code X-Vault-Namespace} ("" for none)
   * @param maxRetries retries after the first attempt (Vault's default 2)
   * @param maxConnectionsPerHost concurrent requests per host (Vault Agent's default 10; 0 = unbounded)
   * @param timeout how long one attempt may take, from sending to the last byte of the response body (Vault's default
   *     60s, {@code VAULT_CLIENT_TIMEOUT})
   * @param maxResponseSize the most bytes of one response body; a larger body is an error, never held in memory
   *     (vaultlet's {@code template_config.max_response_size}, default 4 MiB)
   */
  public record Settings(URI address, Path caCert, Path caPath, Path clientCert, Path clientKey,
      boolean tlsSkipVerify, String tlsServerName, String namespace, int maxRetries, int maxConnectionsPerHost,
      Duration timeout, List<URI> redirectAddresses, long maxResponseSize) {

    public static final URI DEFAULT_ADDRESS = URI.create("https://127.0.0.1:8200");
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 10;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_RESPONSE_SIZE = io.vaultlet.config.Limits.DEFAULT_MAX_RESPONSE_SIZE;

    public Settings {
      Objects.requireNonNull(address, "address");
      String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("vault address \"" + address + "\" must start with http:// or https://");
      }
      if (address.getHost() == null || address.getHost().isEmpty()) {
        throw new IllegalArgumentException("vault address \"" + address + "\" has no host");
      }
      if ((clientCert == null) != (clientKey == null)) {
        throw new IllegalArgumentException("client_cert and client_key must be set together");
      }
      if (maxRetries < 0) {
        throw new IllegalArgumentException("max retries must be 0 or more, got " + maxRetries);
      }
      if (maxConnectionsPerHost < 0) {
        throw new IllegalArgumentException("max_connections_per_host must be 0 or more, got " + maxConnectionsPerHost);
      }
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      if (maxResponseSize <= 0) {
        throw new IllegalArgumentException("max response size must be positive, got " + maxResponseSize);
      }
      namespace = namespace == null ? "" : namespace.trim();
      tlsServerName = tlsServerName == null || tlsServerName.isBlank() ? null : tlsServerName.trim();
      redirectAddresses = redirectAddresses == null ? List.of() : List.copyOf(redirectAddresses);
      for (URI u : redirectAddresses) {
        String sc = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(sc.equals("http") || sc.equals("https")) || u.getHost() == null || u.getHost().isEmpty()) {
          throw new IllegalArgumentException("redirect address \"" + u + "\" must be http:// or https:// with a host");
        }
      }
    }

    /** True when any TLS setting is given (roots, client certificate, server name, skip-verify). */
    boolean hasTlsSettings() {
      return caCert != null || caPath != null || clientCert != null || tlsSkipVerify || tlsServerName != null;
    }

    /** Vault's defaults for {@code address}: no TLS files, 2 retries, 10 connections per host, 60s timeout. */
    public static Builder builder(URI address) {
      return new Builder(address);
    }

    public static Builder builder(String address) {
      return new Builder(URI.create(address.trim()));
    }

    /** Builds {@link Settings} from Vault's defaults. */
    public static final class Builder {
      private URI address;
      private Path caCert;
      private Path caPath;
      private Path clientCert;
      private Path clientKey;
      private boolean tlsSkipVerify;
      private String tlsServerName;
      private String namespace = "";
      private int maxRetries = DEFAULT_MAX_RETRIES;
      private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS_PER_HOST;
      private Duration timeout = DEFAULT_TIMEOUT;
      private List<URI> redirectAddresses = List.of();
      private long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

      private Builder(URI address) {
        this.address = address;
      }

      public Builder caCert(Path p) { this.caCert = p; return this; }
      public Builder caPath(Path p) { this.caPath = p; return this; }
      public Builder clientCert(Path cert, Path key) { this.clientCert = cert; this.clientKey = key; return this; }
      public Builder tlsSkipVerify(boolean b) { this.tlsSkipVerify = b; return this; }
      public Builder tlsServerName(String n) { this.tlsServerName = n; return this; }
      public Builder namespace(String ns) { this.namespace = ns; return this; }
      public Builder maxRetries(int n) { this.maxRetries = n; return this; }
      public Builder maxConnectionsPerHost(int n) { this.maxConnectionsPerHost = n; return this; }
      public Builder timeout(Duration d) { this.timeout = d; return this; }
      /**
       * Other Vault nodes a redirect may lead to (scheme, host and port count; a path is ignored). Without them only
       * redirects to the configured address's own scheme, host and port are followed.
       */
      public Builder redirectAddresses(List<URI> a) { this.redirectAddresses = List.copyOf(a); return this; }

      public Builder maxResponseSize(long bytes) { this.maxResponseSize = bytes; return this; }

      public Settings build() {
        return new Settings(address, caCert, caPath, clientCert, clientKey, tlsSkipVerify, tlsServerName, namespace,
            maxRetries, maxConnectionsPerHost, timeout, redirectAddresses, maxResponseSize);
      }
    }
  }
}
