package io.vaultlet.dev;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.vaultlet.dev.iam.AwsDevControl;
import io.vaultlet.dev.iam.AwsQueryHandler;
import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.support.Log;
import io.vaultlet.support.SystemScheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The Vault API emulator behind {@code vaultlet dev}: an in-memory server that speaks Vault's HTTP API under
 * {@code /v1/}, plus test controls under {@code /_dev/} (faults, clock, request counters, node mode) and stand-ins for
 * the AWS IAM and STS query APIs under {@code /_aws/iam/} and {@code /_aws/sts/} ({@link IamStandIn}).
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
  private final IamStandIn iam;
  private final AwsQueryHandler awsQuery;
  private final DevHttpHandler handler;
  private volatile HttpServer server;
  private volatile boolean listening = true;
  /** The address actually bound (ephemeral port resolved); kept for reopening after {@link #refuseConnections}. */
  private volatile InetSocketAddress bound;
  private final ExecutorService workers;
  private final SystemScheduler reaper;
  /** Extra contexts on the listener ({@link #serve}), kept to be served again after {@link #refuseConnections}. */
  private final Map<String, HttpHandler> contexts = new LinkedHashMap<>();
  private volatile boolean closed;

  private DevServer(DevOptions options, ExecutorService workers) {
    this.options = options;
    this.clock = new DevClock(Clock.systemUTC(), options.clockStart(), options.clockSpeed());
    this.iam = new IamStandIn(clock, options.awsPropagationDelay());
    this.awsQuery = new AwsQueryHandler(iam);
    this.core = new Core(options, clock, iam);
    this.workers = workers;
    this.handler = new DevHttpHandler(core, this);
    this.reaper = new SystemScheduler("dev-reaper", 1);
  }

  /** Starts a server; returns once it accepts connections. */
  public static DevServer start(DevOptions options) throws IOException {
    // The JDK server leaves Nagle on: each reused connection would stall ~40 ms on delayed ACKs.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    InetSocketAddress bind = parseAddress(options.listenAddress());
    AtomicInteger n = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread t = new Thread(r, "dev-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    DevServer dev = new DevServer(options, workers);
    try {
      dev.server = dev.listen(bind);
      dev.bound = dev.server.getAddress();
    } catch (IOException e) {
      workers.shutdownNow();
      dev.reaper.close();
      throw e;
    }
    dev.scheduleReap();
    LOG.info("vault API emulator listening", "address", dev.address());
    for (BackendProvider p : options.registry().providers()) {
      try {
        p.serverStarted(dev);
      } catch (Exception e) {
        dev.close();
        throw new IOException("dev server start-up hook " + p.getClass().getName() + " failed: " + e.getMessage(), e);
      }
    }
    return dev;
  }

  private HttpServer listen(InetSocketAddress bind) throws IOException {
    HttpServer http;
    if (options.tlsKeyStore() != null) {
      HttpsServer https = HttpsServer.create(bind, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext(options)) {
        @Override
        public void configure(HttpsParameters params) {
          // the SSLParameters object wins over the separate flags, so the flag goes inside it
          SSLParameters p = getSSLContext().getDefaultSSLParameters();
          p.setWantClientAuth(true);
          params.setSSLParameters(p);
        }
      });
      http = https;
    } else {
      http = HttpServer.create(bind, 64);
    }
    http.createContext("/", handler);
    http.createContext("/_aws/", awsQuery);
    http.createContext(AwsDevControl.PATH, new AwsDevControl(iam));
    contexts.forEach(http::createContext);
    http.setExecutor(workers);
    http.start();
    return http;
  }

  /**
   * Closes the listening socket for {@code duration} of real time: new connections are refused (the "Vault is down"
   * fault), state is kept, and the same address accepts again afterwards. Existing connections are closed too.
   */
  public synchronized void refuseConnections(Duration duration) {
    if (closed || !listening) {
      return;
    }
    listening = false;
    server.stop(0);
    LOG.info("listener closed (injected fault)", "for", GoDuration.human(duration));
    reaper.schedule(duration, this::acceptConnections);
  }

  /** {@link #refuseConnections} after {@code delay}, so that the answer announcing it can leave first. */
  void refuseConnectionsAfter(Duration delay, Duration duration) {
    reaper.schedule(delay, () -> refuseConnections(duration));
  }

  /** Runs {@code task} on an HTTP worker after {@code delay} of real time, holding no worker while it waits. */
  void onWorkerAfter(Duration delay, Runnable task) {
    reaper.schedule(delay, () -> {
      if (!closed) { // a closed server has stopped its workers and dropped the connection
        workers.execute(task);
      }
    });
  }

  /**
   * Serves {@code handler} for every path under {@code pathPrefix} on this server's listener, outside {@code /v1}: no
   * token, no faults, no counters. The prefix must start with {@code /_} and end with {@code /}, so that it can never
   * shadow Vault's API, and may not be {@code /_dev/} itself (its own controls go under {@code /_dev/<name>/}). For
   * {@link BackendProvider}s whose engines need a stand-in for a cloud service the real Vault would call (a metadata
   * server, a token endpoint), from {@link BackendProvider#serverStarted}.
   */
  public synchronized void serve(String pathPrefix, HttpHandler handler) {
    if (!pathPrefix.startsWith("/_") || !pathPrefix.endsWith("/") || pathPrefix.equals("/_dev/")
        || pathPrefix.equals("/_aws/") || pathPrefix.equals(AwsDevControl.PATH + "/")) {
      throw new IllegalArgumentException("extra paths start with /_, end with /, and are not /_dev/ or AWS's: "
          + pathPrefix);
    }
    if (contexts.putIfAbsent(pathPrefix, handler) != null) {
      throw new IllegalArgumentException("path " + pathPrefix + " is already served");
    }
    if (listening && !closed) {
      server.createContext(pathPrefix, handler);
    }
  }

  /** Reopens the listener closed by {@link #refuseConnections} (no-op when it is open). */
  public synchronized void acceptConnections() {
    if (closed || listening) {
      return;
    }
    try {
      server = listen(bound);
      listening = true;
      LOG.info("listener reopened", "address", address());
    } catch (IOException e) {
      LOG.error("cannot reopen the listener; retrying in 1s", e);
      reaper.schedule(Duration.ofSeconds(1), this::acceptConnections);
    }
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
    try {
      reaper.schedule(options.reapInterval(), () -> {
        try {
          core.reap();
        } finally {
          scheduleReap();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the reaper is gone
    }
  }

  /** {@code http://host:port} (or https), the value for {@code VAULT_ADDR}. */
  public String address() {
    InetSocketAddress a = bound;
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
    return bound.getPort();
  }

  /** The IAM stand-in behind {@code /_aws/iam/} and {@code /_aws/sts/}: its users and access keys. */
  public IamStandIn iam() {
    return iam;
  }

  /**
   * The endpoint an AWS SDK's IAM client overrides to: the emulator's address itself. The SDKs' query protocol drops
   * any path of an endpoint override (aws-sdk-java-v2#3387), so signed {@code POST /} requests are IAM's or STS's,
   * told apart by the service their signature is scoped to; {@code /_aws/iam/} serves clients that keep the path.
   */
  public String iamEndpoint() {
    return address();
  }

  /** The endpoint an AWS SDK's STS client overrides to: the emulator's address (see {@link #iamEndpoint()}). */
  public String stsEndpoint() {
    return address();
  }

  AwsQueryHandler awsQuery() {
    return awsQuery;
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
  /**
   * Calls {@code observer} with every {@code /v1/} request received from now on (method, path, raw body), on the
   * HTTP worker before the request is answered: for tests that prove what a client sent, or did not send.
   */
  public void onRequest(java.util.function.Consumer<ObservedRequest> observer) {
    core.observers.add(observer);
  }

  public int leaseCount() {
    return core.leases.size();
  }

  /** Returns the number of live tokens, root included (tests). */
  public int tokenCount() {
    return core.tokens.size();
  }

  /**
   * Enables a secret engine, like {@code POST sys/mounts/<path>} (for {@link BackendProvider#serverStarted} and
   * tests). {@code options} may be empty; kv takes {@code version}.
   *
   * @throws DevException 400 for an unknown type or a path in use
   */
  public void mount(String path, String type, Map<String, String> mountOptions) {
    core.mount(normalizeMountPath(path), type, MountKind.SECRET, "", mountOptions, Duration.ZERO, Duration.ZERO);
  }

  /** Enables an auth method at {@code auth/<path>}, like {@code POST sys/auth/<path>}. */
  public void enableAuth(String path, String type) {
    core.mount("auth/" + normalizeMountPath(path), type, MountKind.AUTH, "", Map.of(), Duration.ZERO,
        Duration.ZERO);
  }

  private static String normalizeMountPath(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p : p + "/";
  }

  Core core() {
    return core;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (listening) {
      server.stop(0);
    }
    reaper.close();
    workers.shutdownNow();
    core.close();
    for (BackendProvider p : options.registry().providers()) {
      try {
        p.serverStopped(this);
      } catch (RuntimeException e) {
        LOG.warn("dev server shutdown hook failed", e, "provider", p.getClass().getName());
      }
    }
    LOG.info("vault API emulator stopped");
  }
}
