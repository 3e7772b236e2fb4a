package io.vaultlet.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A hand-written Vault stand-in on 127.0.0.1 (okhttp MockWebServer style): replies come from a queue, then from a
 * fallback handler; every request is recorded with its headers and body. Optionally HTTPS, with client certificates
 * required, TLS versions restricted, and the SNI names the client sent recorded.
 */
final class StubVault implements AutoCloseable {

  /** A request as the server saw it. Header names are lower-case. */
  record Seen(String method, String path, String query, Map<String, List<String>> headers, String body,
      String clientCertSubject) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /** A reply: status, body (null for none) and headers. */
  record Reply(int status, String body, Map<String, String> headers) {
    static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }

    static Reply empty(int status) {
      return new Reply(status, null, Map.of());
    }

    Reply with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Reply(status, body, h);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Reply> queue = new ConcurrentLinkedDeque<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private volatile Function<Seen, Reply> fallback = s -> Reply.json(404, "{\"errors\":[]}");

  private StubVault(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static StubVault http() throws IOException {
    return new StubVault(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  /**
   * HTTPS with {@code identity}; {@code clientCa} non-null requires a client certificate issued by it; {@code
   * protocols} restricts the TLS versions (null: the defaults).
   */
  static StubVault https(TestPki.Issued identity, TestPki clientCa, String... protocols) throws Exception {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(TestPki.keyStore(identity), "changeit".toCharArray());
    List<String> sni = new CopyOnWriteArrayList<>();
    X509ExtendedKeyManager km = new SniRecorder((X509KeyManager) kmf.getKeyManagers()[0], sni);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(clientCa == null ? null : clientCa.trustStore());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {km}, tmf.getTrustManagers(), null);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(clientCa != null);
        if (protocols.length > 0) {
          p.setProtocols(protocols);
        }
        params.setSSLParameters(p);
      }
    });
    StubVault v = new StubVault(s);
    v.sniNames.clear();
    ((SniRecorder) km).target = v.sniNames;
    return v;
  }

  URI uri() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  StubVault enqueue(Reply reply) {
    queue.add(reply);
    return this;
  }

  StubVault enqueue(int status, String jsonBody) {
    return enqueue(jsonBody == null ? Reply.empty(status) : Reply.json(status, jsonBody));
  }

  /** What to answer once the queue is empty. */
  StubVault otherwise(Function<Seen, Reply> handler) {
    this.fallback = handler;
    return this;
  }

  List<Seen> requests() {
    return Collections.unmodifiableList(new ArrayList<>(seen));
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      String subject = null;
      if (ex instanceof HttpsExchange) {
        try {
          subject = ((X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0])
              .getSubjectX500Principal().getName();
        } catch (Exception e) {
          subject = null;
        }
      }
      Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
          headers, body, subject);
      seen.add(s);
      Reply r = queue.poll();
      if (r == null) {
        r = fallback.apply(s);
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Delegates to the real key manager and records the SNI names each handshake asked for. */
  static final class SniRecorder extends X509ExtendedKeyManager {
    private final X509KeyManager d;
    volatile List<String> target;

    SniRecorder(X509KeyManager d, List<String> target) {
      this.d = d;
      this.target = target;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      if (engine.getHandshakeSession() instanceof ExtendedSSLSession) {
        List<SNIServerName> names = ((ExtendedSSLSession) engine.getHandshakeSession()).getRequestedServerNames();
        for (SNIServerName n : names) {
          if (n instanceof SNIHostName) {
            target.add(((SNIHostName) n).getAsciiName());
          }
        }
      }
      return d.chooseServerAlias(keyType, issuers, null);
    }

    @Override public String[] getClientAliases(String t, Principal[] i) { return d.getClientAliases(t, i); }
    @Override public String chooseClientAlias(String[] t, Principal[] i, Socket s) {
      return d.chooseClientAlias(t, i, s);
    }
    @Override public String[] getServerAliases(String t, Principal[] i) { return d.getServerAliases(t, i); }
    @Override public String chooseServerAlias(String t, Principal[] i, Socket s) {
      return d.chooseServerAlias(t, i, s);
    }
    @Override public X509Certificate[] getCertificateChain(String a) { return d.getCertificateChain(a); }
    @Override public PrivateKey getPrivateKey(String a) { return d.getPrivateKey(a); }
  }
}
