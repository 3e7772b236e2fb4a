package io.vaultlet.vault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP/1.1 for {@link Transport}, on the caller's thread: blocking sockets, no client threads, no hand-offs between
 * threads. Keep-alive connections are pooled per origin (at most {@code maxIdlePerOrigin} idle, each closed after
 * {@link #KEEP_ALIVE} idle, as Vault's Go client does; one the server closed meanwhile is noticed before it is used).
 * Every exchange — connect, TLS handshake, request, response headers and body — ends by one deadline, and the body is
 * read with a cap ({@link TooLarge}). TLS is set up only when an https origin is first used, so a client of an
 * {@code http://} address never loads it unless a redirect leads to https.
 *
 * <p>Proxies: with an {@link EnvironmentProxies} selector that names a proxy, Vault's Go client's rules
 * ({@code VAULT_PROXY_ADDR}, {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}, loopback never proxied) and
 * the proxy URL's credentials as {@code Proxy-Authorization: Basic}; otherwise the JVM's, as the JDK's
 * {@code HttpClient} used them: {@link ProxySelector#getDefault()} ({@code https.proxyHost}, {@code http.proxyHost},
 * {@code http.nonProxyHosts}, {@code java.net.useSystemProxies}). HTTP proxies only — a tunnel ({@code CONNECT}) for
 * https, the absolute form of the request for http.
 *
 * <p>On the wire it sends what the JDK's {@code HttpClient} sent: {@code Host}, {@code Content-Length} (also 0),
 * {@code User-Agent: Java-http-client/<java.version>} and the caller's headers, validated by the same rules. A GET or
 * HEAD on a kept-alive connection that ends without any answer is sent once more on a new connection, as the JDK
 * client does; everything else is left to {@link Transport}'s retry policy.
 */
final class Http1Client {

  /** Idle connections are closed after this long (Go's pooled transport in Vault's client: 90 s). */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(90);
  static final String USER_AGENT = "Java-http-client/" + System.getProperty("java.version");
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** An answer: status, headers (case-insensitive names), the whole body. */
  record Response(int status, HttpHeaders headers, byte[] body) {}

  /** The body is larger than allowed; never retried (the next answer would be as large). */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** The TLS set-up, built on first use. */
  @FunctionalInterface
  interface TlsSource {
    Tls.Setup get() throws IOException;
  }

  private final TlsSource tlsSource;
  private final Supplier<ProxySelector> proxies;
  private final String tlsServerName;
  private final Duration connectTimeout;
  private final int maxIdlePerOrigin;
  /** Origin → idle connections, most recently used first. Guarded by {@code this}. */
  private final Map<String, ArrayDeque<Http1Connection>> idle = new HashMap<>();
  private volatile Tls.Setup tls;

  Http1Client(TlsSource tls, String tlsServerName, Duration connectTimeout, int maxIdlePerOrigin) {
    this(tls, tlsServerName, connectTimeout, maxIdlePerOrigin, ProxySelector::getDefault);
  }

  /** As above, with the proxies chosen by {@code proxies} (null selector: direct). */
  Http1Client(TlsSource tls, String tlsServerName, Duration connectTimeout, int maxIdlePerOrigin,
      Supplier<ProxySelector> proxies) {
    this.tlsSource = tls;
    this.proxies = proxies;
    this.tlsServerName = tlsServerName;
    this.connectTimeout = connectTimeout;
    this.maxIdlePerOrigin = Math.max(1, maxIdlePerOrigin);
  }

  /**
   * Sends one request and reads the whole answer within {@code timeout}.
   *
   * @param headers names and values, alternating
   * @throws HttpTimeoutException when the answer (headers and body) is not complete in time
   * @throws HttpConnectTimeoutException when the connection could not be made in time
   * @throws TooLarge when the body is larger than {@code maxBody}
   * @throws InterruptedException when the calling thread was interrupted (the connection is closed)
   */
  Response send(String method, URI uri, List<String> headers, byte[] body, Duration timeout, long maxBody)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] head = head(method, uri, headers, body);
    byte[] absoluteHead = null;
    String origin = Transport.origin(uri);
    for (int attempt = 0; ; attempt++) {
      Http1Connection c = checkout(origin);
      boolean reused = c != null;
      try {
        if (c == null) {
          c = connect(uri, deadline);
        }
        if (c.viaProxy() && absoluteHead == null) {
          absoluteHead = head(method, uri, absoluteTarget(uri), withProxyAuthorization(headers, c), body);
        }
        Response r = c.exchange(method, c.viaProxy() ? absoluteHead : head, body, deadline, maxBody);
        release(origin, c);
        return r;
      } catch (Http1Connection.Unanswered e) {
        close(c);
        if (reused && attempt == 0 && (method.equals("GET") || method.equals("HEAD"))
            && !Thread.currentThread().isInterrupted()) {
          continue; // the server dropped a kept-alive connection: once more on a new one
        }
        throw failure(e, timeout);
      } catch (IOException e) {
        close(c);
        throw failure(e, timeout);
      } catch (RuntimeException | Error e) {
        close(c);
        throw e;
      }
    }
  }

  private IOException failure(IOException e, Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted during a request");
    }
    if (e instanceof SocketTimeoutException) {
      HttpTimeoutException t = new HttpTimeoutException("no complete response within " + describe(timeout)
          + " (the client timeout, VAULT_CLIENT_TIMEOUT or vault.client_timeout)");
      t.initCause(e);
      return t;
    }
    return e;
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private Http1Connection connect(URI uri, long deadline) throws IOException {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    Tls.Setup setup = https ? tls() : null;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    int connectMillis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), left));
    EnvironmentProxies.Choice proxy = proxy(uri);
    if (proxy == null) {
      return Http1Connection.open(host, port, setup, tlsServerName, connectMillis, deadline);
    }
    return Http1Connection.openViaProxy(proxy.address(), proxy.authorization(), host, port, setup, tlsServerName,
        connectMillis, deadline);
  }

  private static List<String> withProxyAuthorization(List<String> headers, Http1Connection c) {
    String authorization = c.proxyAuthorization();
    if (authorization == null) {
      return headers;
    }
    List<String> all = new java.util.ArrayList<>(headers.size() + 2);
    all.addAll(headers);
    all.add("Proxy-Authorization");
    all.add(authorization);
    return all;
  }

  /** The HTTP proxy for {@code uri} (with its credentials), or null for a direct connection. */
  private EnvironmentProxies.Choice proxy(URI uri) {
    ProxySelector selector = proxies.get();
    if (selector == null) {
      return null;
    }
    if (selector instanceof EnvironmentProxies env && env.fromEnvironment()) {
      return env.choose(uri); // VAULT_PROXY_ADDR, HTTPS_PROXY, HTTP_PROXY, NO_PROXY: Vault's Go client's rules
    }
    List<Proxy> choice;
    try {
      choice = selector.select(uri);
    } catch (RuntimeException e) {
      return null;
    }
    if (choice != null) {
      for (Proxy p : choice) {
        if (p.type() == Proxy.Type.DIRECT) {
          return null;
        }
        if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress) {
          return new EnvironmentProxies.Choice((InetSocketAddress) p.address(), null);
        }
      }
    }
    return null; // SOCKS is not used (nor was it by the JDK's HttpClient)
  }

  private Tls.Setup tls() throws IOException {
    Tls.Setup t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          t = tlsSource.get();
          tls = t;
        }
      }
    }
    return t;
  }

  /** An idle connection to {@code origin} the server has not closed, or null. */
  private Http1Connection checkout(String origin) {
    while (true) {
      Http1Connection c;
      synchronized (this) {
        ArrayDeque<Http1Connection> q = idle.get(origin);
        c = q == null ? null : q.pollFirst();
      }
      if (c == null) {
        return null;
      }
      if (System.nanoTime() - c.idleSince() <= KEEP_ALIVE.toNanos() && c.stillOpen()) {
        return c;
      }
      c.close();
    }
  }

  private void release(String origin, Http1Connection c) {
    if (c.reusable()) {
      c.idle(System.nanoTime());
      synchronized (this) {
        ArrayDeque<Http1Connection> q = idle.computeIfAbsent(origin, k -> new ArrayDeque<>());
        if (q.size() < maxIdlePerOrigin) {
          q.addFirst(c);
          return;
        }
      }
    }
    c.close();
  }

  private static void close(Http1Connection c) {
    if (c != null) {
      c.close();
    }
  }

  static TooLarge tooLarge(long max) {
    return new TooLarge("response body is larger than the limit of " + io.vaultlet.support.Sizes.format(max)
        + "; raise it with template_config.max_response_size");
  }

  // ---- the request head ----

  /** Request line and headers, as the JDK client wrote them; names and values checked by its rules. */
  static byte[] head(String method, URI uri, List<String> headers, byte[] body) {
    return head(method, uri, target(uri), headers, body);
  }

  /** The absolute form of the request target, for a request to an http proxy. */
  static String absoluteTarget(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostHeader(uri) + target(uri);
  }

  private static byte[] head(String method, URI uri, String target, List<String> headers, byte[] body) {
    if (method.isEmpty() || !token(method)) {
      throw new IllegalArgumentException("illegal method \"" + method.replace("\n", "\\n").replace("\r", "\\r")
          .replace("\t", "\\t") + "\"");
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(hostHeader(uri)).append("\r\n");
    sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
    boolean userAgent = false;
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      String name = headers.get(i);
      String value = headers.get(i + 1);
      if (!token(name)) {
        throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
      }
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
      }
      if (!fieldValue(value)) {
        throw new IllegalArgumentException("invalid header value for header name: \"" + name + "\"");
      }
      userAgent |= name.equalsIgnoreCase("User-Agent");
      sb.append(name).append(": ").append(value).append("\r\n");
    }
    if (!userAgent) {
      sb.append("User-Agent: ").append(USER_AGENT).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Path and query; characters beyond ASCII percent-encoded as UTF-8 (what the JDK client sent). */
  static String target(URI uri) {
    String path = uri.getRawPath();
    String query = uri.getRawQuery();
    String t = (path == null || path.isEmpty() ? "/" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) >= 0x80) {
        return encodeBeyondAscii(java.text.Normalizer.normalize(t, java.text.Normalizer.Form.NFC));
      }
    }
    return t;
  }

  private static String encodeBeyondAscii(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int v = b & 0xff;
      if (v >= 0x80) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(v & 0xf, 16)));
      } else {
        sb.append((char) v);
      }
    }
    return sb.toString();
  }

  private static String hostHeader(URI uri) {
    int port = uri.getPort();
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean defaultPort = port == -1 || (https ? port == 443 : port == 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  /** RFC 7230 {@code token} (header names, methods). */
  private static boolean token(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
      if (!ok) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** RFC 7230 {@code field-value} without obsolete line folding: no control characters but tab, nothing past 255. */
  private static boolean fieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 255 || (c < 32 && c != '\t') || c == 127) {
        return false;
      }
    }
    return true;
  }
}
