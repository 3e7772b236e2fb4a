package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/1.1 client as a security reviewer reads it: what a broken or hostile server (or proxy) can make it do.
 * Header and 1xx bounds, chunk sizes that would overflow, no reuse of a connection whose answer was not clean, {@code
 * Connection: close}, a deadline that also ends a write the server never reads, the JVM's proxies (absolute form for
 * http, a CONNECT tunnel for https with the name checked end to end), and the JDK's host name check asked for.
 */
class Http1ClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long CAP = 64 * 1024;
  private static final List<String> TOKEN = List.of("X-Vault-Token", "hvs.SECRET-TOKEN-VALUE");

  @TempDir Path dir;

  /** A raw server: each connection is handed to {@code handler}; connections and request lines are recorded. */
  private static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<Socket> open = new CopyOnWriteArrayList<>();

    RawServer(Handler handler) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            open.add(s);
            connections.incrementAndGet();
            Thread c = new Thread(() -> {
              try (s) {
                handler.handle(this, s);
              } catch (Exception e) {
                // the client hung up, or the server is closing
              }
            }, "raw-connection");
            c.setDaemon(true);
            c.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "raw-server");
      t.setDaemon(true);
      t.start();
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Reads one request head (and no body); null at the end of the stream. */
    String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int state = 0;
      while (state < 4) {
        int c = in.read();
        if (c < 0) {
          return null;
        }
        b.write(c);
        state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      }
      String head = b.toString(StandardCharsets.ISO_8859_1);
      requestLines.add(head.substring(0, head.indexOf('\r')));
      return head;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }

  @FunctionalInterface
  private interface Handler {
    void handle(RawServer server, Socket s) throws Exception;
  }

  /** Answers every request on a connection with {@code answer}, until the client hangs up. */
  private static Handler every(String answer) {
    return (server, s) -> {
      while (server.readHead(s.getInputStream()) != null) {
        s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      }
    };
  }

  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private RawServer server(Handler h) throws IOException {
    RawServer s = new RawServer(h);
    closing.add(s);
    return s;
  }

  private static Http1Client client() {
    return new Http1Client(() -> {
      throw new IOException("no TLS here");
    }, null, Duration.ofSeconds(2), 4, () -> null);
  }

  private static Http1Client.Response get(Http1Client c, URI uri) throws Exception {
    return c.send("GET", uri, TOKEN, null, TIMEOUT, CAP);
  }

  @Test
  void aKeptAliveConnectionCarriesTheNextRequest() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    Http1Client c = client();

    assertThat(new String(get(c, s.uri("/v1/a")).body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(new String(get(c, s.uri("/v1/b")).body(), StandardCharsets.UTF_8)).isEqualTo("ok");

    assertThat(s.connections.get()).isEqualTo(1);
    assertThat(s.requestLines).containsExactly("GET /v1/a HTTP/1.1", "GET /v1/b HTTP/1.1");
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
    Http1Client c = client();

    get(c, s.uri("/v1/a"));
    get(c, s.uri("/v1/b"));

    assertThat(s.connections.get()).isEqualTo(2);
  }

  @Test
  void bytesAfterTheBodyMeanTheConnectionIsNotReused() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"));
    Http1Client c = client();

    get(c, s.uri("/v1/a"));
    get(c, s.uri("/v1/b"));

    assertThat(s.connections.get()).isEqualTo(2);
  }

  @Test
  void chunkedWithAContentLengthBesideItIsReadAsChunkedAndTheConnectionDropped() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nok\r\n0\r\n\r\n"));
    Http1Client c = client();

    assertThat(new String(get(c, s.uri("/v1/a")).body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    get(c, s.uri("/v1/b"));

    assertThat(s.connections.get()).isEqualTo(2);
  }

  @Test
  void aChunkSizeThatWouldOverflowIsTooLargeNotACrash() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nok\r\n7ffffffffffffffe\r\nxx"));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(Http1Client.TooLarge.class);
  }

  @Test
  void chunksAddingUpPastTheCapAreTooLarge() throws Exception {
    String chunk = Integer.toHexString(40_000) + "\r\n" + "x".repeat(40_000) + "\r\n";
    RawServer s = server(every("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n"));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(Http1Client.TooLarge.class)
        .hasMessageContaining("max_response_size");
  }

  @Test
  void aTransferCodingOtherThanChunkedIsRefused() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx"));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Transfer-Encoding");
  }

  @Test
  void tooManyHeaderFieldsAreRefused() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(Http1Connection.MAX_HEADER_FIELDS + 1)
        + "Content-Length: 0\r\n\r\n"));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("header fields");
  }

  @Test
  void aStatusLineAndHeadersLargerThanTheBudgetAreRefused() throws Exception {
    RawServer s = server(every("HTTP/1.1 200 " + "O".repeat(40_000) + "\r\nX-A: " + "b".repeat(30_000)
        + "\r\nContent-Length: 0\r\n\r\n"));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("KiB");
  }

  @Test
  void endlessInformationalAnswersAreRefused() throws Exception {
    RawServer s = server(every("HTTP/1.1 100 Continue\r\n\r\n".repeat(50)));

    assertThatThrownBy(() -> get(client(), s.uri("/v1/a"))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("informational");
  }

  @Test
  void afterSwitchingProtocolsTheConnectionIsNotReused() throws Exception {
    RawServer s = server(every("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"));
    Http1Client c = client();

    assertThat(get(c, s.uri("/v1/a")).status()).isEqualTo(101);
    get(c, s.uri("/v1/b"));

    assertThat(s.connections.get()).isEqualTo(2);
  }

  @Test
  void aLargeRequestToAServerThatNeverReadsEndsAtTheDeadline() throws Exception {
    RawServer s = server((server, sock) -> Thread.sleep(30_000)); // accepts, never reads
    byte[] body = new byte[32 * 1024 * 1024];

    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(
        () -> client().send("PUT", s.uri("/v1/a"), TOKEN, body, Duration.ofSeconds(1), CAP))
        .isInstanceOf(HttpTimeoutException.class)
        .hasMessageNotContaining("SECRET-TOKEN-VALUE"));
  }

  @Test
  void anHttpOriginThroughAProxyTakesTheAbsoluteForm() throws Exception {
    RawServer proxy = server(every("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    Http1Client c = new Http1Client(() -> null, null, Duration.ofSeconds(2), 4, () -> selector(proxy));

    Http1Client.Response r = get(c, URI.create("http://vault.example:8200/v1/secret/a?version=2"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(proxy.requestLines).containsExactly("GET http://vault.example:8200/v1/secret/a?version=2 HTTP/1.1");
  }

  @Test
  void anHttpsOriginThroughAProxyIsTunnelledAndTheNameCheckedEndToEnd() throws Exception {
    TestPki pki = TestPki.create("vaultlet test CA");
    try (StubVault vault = StubVault.https(pki.server("vault", "localhost"), null)) {
      vault.enqueue(200, "{\"data\":{}}");
      RawServer proxy = server(tunnel());
      Path ca = TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert());
      VaultClient.Settings settings = VaultClient.Settings.builder(URI.create("https://localhost:" + vault.port()))
          .caCert(ca).build();
      Http1Client c = new Http1Client(() -> Tls.build(settings), null, Duration.ofSeconds(2), 4,
          () -> selector(proxy));

      Http1Client.Response r = get(c, URI.create("https://localhost:" + vault.port() + "/v1/secret/a"));

      assertThat(r.status()).isEqualTo(200);
      assertThat(proxy.requestLines).containsExactly("CONNECT localhost:" + vault.port() + " HTTP/1.1");
      assertThat(vault.last().headers().get("x-vault-token")).containsExactly("hvs.SECRET-TOKEN-VALUE");
      assertThat(vault.sniNames()).contains("localhost");
    }
  }

  @Test
  void aProxyThatRefusesTheTunnelIsAnErrorWithoutTheToken() throws Exception {
    RawServer proxy = server(every("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"));
    Http1Client c = new Http1Client(() -> Tls.build(VaultClient.Settings.builder(URI.create("https://vault:1"))
        .build()), null, Duration.ofSeconds(2), 4, () -> selector(proxy));

    assertThatThrownBy(() -> get(c, URI.create("https://vault.example:8200/v1/a")))
        .isInstanceOf(IOException.class).hasMessageContaining("407").hasMessageNotContaining("SECRET");
  }

  @Test
  void theJdksHostNameCheckIsAskedForUnlessTlsServerNameIsSet() throws Exception {
    TestPki pki = TestPki.create("vaultlet test CA");
    try (StubVault vault = StubVault.https(pki.server("vault", "localhost", "127.0.0.1"), null)) {
      Path ca = TestPki.writeCerts(dir.resolve("ca.pem"), pki.ca.cert());
      Tls.Setup tls = Tls.build(VaultClient.Settings.builder(vault.uri()).caCert(ca).build());
      long deadline = System.nanoTime() + TIMEOUT.toNanos();

      try (Http1Connection plain = Http1Connection.open("localhost", vault.port(), tls, null, 2000, deadline);
          Http1Connection named = Http1Connection.open("127.0.0.1", vault.port(), tls, "localhost", 2000, deadline)) {
        assertThat(plain.tlsParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(named.tlsParameters().getEndpointIdentificationAlgorithm()).isNull();
      }
    }
  }

  /** A proxy that answers CONNECT and then pipes bytes both ways. */
  private static Handler tunnel() {
    return (server, s) -> {
      String head = server.readHead(s.getInputStream());
      String authority = head.split(" ")[1];
      int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
      try (Socket up = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        Thread back = new Thread(() -> pipe(up, s));
        back.setDaemon(true);
        back.start();
        pipe(s, up);
      }
    };
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side hung up
    }
  }

  private static ProxySelector selector(RawServer proxy) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(new Proxy(Proxy.Type.HTTP,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.socket.getLocalPort())));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };
  }
}
