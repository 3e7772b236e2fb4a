package io.vaultlet.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.vaultlet.support.Log;
import io.vaultlet.support.SystemScheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The Vault API emulator behind {@code vaultlet dev}: an in-memory server that speaks Vault's HTTP API under
 * {@code /v1/}, plus test controls under {@code /_dev/} (faults, clock, request counters, node mode).
 *
 * <pre>{@code
 * try (DevServer vault = DevServer.start(DevOptions.defaults())) {
 *   String addr = vault.address();          // http://127.0.0.1:<ephemeral port>
 *   String root = vault.rootToken();        // "root"
 *   vault.advanceClock(Duration.ofHours(1)); // expire leases and tokens now
 * }
 * }</pre>
 *
 * <p><b>For development and tests only</b>: nothing is persisted, nothing is encrypted, the root token is known.
 */
public final class DevServer implements AutoCloseable {

  private static final Log LOG = Log.named("dev.server");

  private final DevOptions options;
  private final DevClock clock;
  private final Core core;
  private final HttpServer server;
  private final ExecutorService workers;
  private final SystemScheduler reaper;
  private final DevControl control;
  private volatile boolean closed;

  private DevServer(DevOptions options, HttpServer server, ExecutorService workers) {
    this.options = options;
    this.clock = new DevClock(Clock.systemUTC(), options.clockStart(), options.clockSpeed());
    this.core = new Core(options, clock);
    this.server = server;
    this.workers = workers;
    this.reaper = new SystemScheduler("dev-reaper", 1);
    this.control = new DevControl(core);
  }

  /** Starts a server; returns once it accepts connections. */
  public static DevServer start(DevOptions options) throws IOException {
    InetSocketAddress bind = parseAddress(options.listenAddress());
    HttpServer http;
    if (options.tlsKeyStore() != null) {
      HttpsServer https = HttpsServer.create(bind, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext(options)) {
        @Override
        public void configure(HttpsParameters params) {
          params.setSSLParameters(getSSLContext().getDefaultSSLParameters());
          params.setWantClientAuth(true);
        }
      });
      http = https;
    } else {
      http = HttpServer.create(bind, 64);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread t = new Thread(r, "dev-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    DevServer dev = new DevServer(options, http, workers);
    http.createContext("/", dev::exchange);
    http.setExecutor(workers);
    http.start();
    dev.scheduleReap();
    LOG.info("vault API emulator listening", "address", dev.address());
    return dev;
  }

  private static InetSocketAddress parseAddress(String address) {
    String a = address == null || address.isBlank() ? "127.0.0.1:0" : address.trim();
    int colon = a.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("listen address \"" + a + "\" must be host:port");
    }
    String host = a.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(a.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen address \"" + a + "\" has no valid port");
    }
  }

  private static SSLContext sslContext(DevOptions options) throws IOException {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(options.tlsKeyStore(), options.tlsPassword());
      TrustManager acceptAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // the cert auth method validates client certificates, as in Vault
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), new TrustManager[] {acceptAll}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the dev server: " + e.getMessage(), e);
    }
  }

  private void scheduleReap() {
    if (closed) {
      return;
    }
    reaper.schedule(options.reapInterval(), () -> {
      try {
        core.reap();
      } finally {
        scheduleReap();
      }
    });
  }

  /** {@code http://host:port} (or https), the value for {@code VAULT_ADDR}. */
  public String address() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (server instanceof HttpsServer ? "https://" : "http://") + host + ":" + a.getPort();
  }

  public URI uri() {
    return URI.create(address());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The root token ({@code -dev-root-token-id}, default {@code root}). */
  public String rootToken() {
    return core.rootToken;
  }

  public DevOptions options() {
    return options;
  }

  /** The emulator clock. Prefer {@link #advanceClock}, which also runs the reaper at once. */
  public DevClock clock() {
    return clock;
  }

  /** Moves the emulator clock forward and revokes whatever expired, before returning. */
  public void advanceClock(Duration by) {
    clock.advance(by);
    core.reap();
  }

  /** Runs the reaper now (tests). */
  public void reap() {
    core.reap();
  }

  /** Returns the number of live leases (tests). */
  public int leaseCount() {
    return core.leases.size();
  }

  /** Returns the number of live tokens, root included (tests). */
  public int tokenCount() {
    return core.tokens.size();
  }

  Core core() {
    return core;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    reaper.close();
    workers.shutdownNow();
    core.close();
    LOG.info("vault API emulator stopped");
  }

  // ---------------------------------------------------------------------------------------------------- HTTP

  /** Thrown through the JDK server on purpose: it then closes the connection without answering. */
  private static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DropConnection() {
      super("injected fault: connection dropped", null, false, false);
    }
  }

  private void exchange(HttpExchange ex) {
    boolean drop = false;
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/v1/")) {
        v1(ex, decode(path.substring(4)));
      } else if (path.equals("/_dev") || path.startsWith("/_dev/")) {
        write(ex, control.handle(ex.getRequestMethod(), path, query(ex.getRequestURI().getRawQuery()),
            ex.getRequestBody().readAllBytes()));
      } else {
        write(ex, HttpResult.errors(404, List.of()));
      }
    } catch (IOException e) {
      LOG.debug("client connection failed", "error", String.valueOf(e.getMessage()));
    } catch (DropConnection e) {
      drop = true;
      throw e;
    } catch (RuntimeException e) {
      LOG.error("request handling failed", e);
      try {
        write(ex, HttpResult.errors(500, List.of(DevException.multi("internal error"))));
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone
      }
    } finally {
      if (!drop) {
        ex.close();
      }
    }
  }

  private void v1(HttpExchange ex, String path) throws IOException {
    HttpCall call = new HttpCall(ex.getRequestMethod().toUpperCase(Locale.ROOT), path,
        query(ex.getRequestURI().getRawQuery()), headers(ex), ex.getRequestBody().readAllBytes(),
        clientCertificates(ex), ex.getRemoteAddress().getAddress().getHostAddress());
    FaultInjector.Fault act = null;
    for (FaultInjector.Fault f : core.faults.take(path)) {
      if (f.kind == FaultInjector.Kind.LATENCY) {
        sleep(f.latencyMs);
      } else if (act == null) {
        act = f;
      }
    }
    if (act == null) {
      write(ex, core.handle(call));
      return;
    }
    switch (act.kind) {
      case REFUSE:
        core.stats.count(call.method(), path);
        throw new DropConnection();
      case STATUS:
        core.stats.count(call.method(), path);
        write(ex, HttpResult.errors(act.status, List.of(act.message == null ? "injected fault" : act.message)));
        return;
      case RATELIMIT:
        core.stats.count(call.method(), path);
        HttpResult limited = HttpResult.errors(act.status,
            List.of("request path \"" + path + "\": rate limit quota exceeded"));
        limited.withHeader("Retry-After", String.valueOf(act.retryAfter));
        limited.withHeader("X-Ratelimit-Limit", "1");
        limited.withHeader("X-Ratelimit-Remaining", "0");
        limited.withHeader("X-Ratelimit-Reset", String.valueOf(core.faults.resetSeconds(act)));
        write(ex, limited);
        return;
      case INVALID_JSON:
        core.stats.count(call.method(), path);
        write(ex, new HttpResult(200, "application/json",
            "{\"request_id\": \"00000000-0000-0000-0000-000000000000\", \"data\": {\"trunc"
                .getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>()));
        return;
      case REVOKE_TOKEN:
        if (call.token() != null) {
          core.revokeToken(call.token());
        }
        write(ex, core.handle(call));
        return;
      case TRUNCATE:
        truncated(ex, core.handle(call));
        return;
      default:
        write(ex, core.handle(call));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static Map<String, List<String>> headers(HttpExchange ex) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return out;
  }

  private static List<X509Certificate> clientCertificates(HttpExchange ex) {
    if (!(ex instanceof HttpsExchange https)) {
      return List.of();
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : https.getSSLSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return List.copyOf(out);
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private static void write(HttpExchange ex, HttpResult r) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (r.contentType() != null) {
      ex.getResponseHeaders().set("Content-Type", r.contentType());
    }
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    if (r.body() == null || head || r.status() == 204) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    ex.sendResponseHeaders(r.status(), r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  /** Sends the headers of the real response with its full length, then half the body, then drops the connection. */
  private static void truncated(HttpExchange ex, HttpResult r) throws IOException {
    byte[] body = r.body() == null ? "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8) : r.body();
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(r.status() == 204 ? 200 : r.status(), body.length);
    OutputStream out = ex.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    // closing the exchange with bytes missing makes the JDK server close the connection
  }
}
