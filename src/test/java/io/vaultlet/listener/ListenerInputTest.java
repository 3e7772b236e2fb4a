package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on real sockets: malformed requests, oversized bodies and slow clients get a clear 4xx and never stop
 * the agent; {@code require_request_header}, unix socket modes and a {@code metrics_only} listener.
 */
class ListenerInputTest {

  @TempDir Path dir;

  @Test
  void badRequestsGetClearAnswersAndTheAgentKeepsServing() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.start("api_proxy { use_auto_auth_token = true }\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n  max_request_size = 1024\n"
          + "  http_read_header_timeout = \"1s\"\n  require_request_header = true\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n  role = \"metrics_only\"\n}\n");
      URI u = URI.create(f.url());
      assertThat(raw(u, "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
      assertThat(raw(u, "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nX-Vault-Request: true\r\nContent-Length: 99999\r\n\r\n"))
          .startsWith("HTTP/1.1 413").contains("{\"errors\":[\"http: request body too large\"]}");
      assertThat(raw(u, "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")).startsWith("HTTP/1.1 501");
      assertThat(raw(u, "GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(1 << 20) + "\r\n\r\n"))
          .startsWith("HTTP/1.1 431");
      // a client that sends half a request and stops: 408 after http_read_header_timeout, connection closed
      assertThat(raw(u, "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n")).startsWith("HTTP/1.1 408");
      // require_request_header: 412 with Vault's body, and with the header the request is proxied
      String missing = raw(u, "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(missing).startsWith("HTTP/1.1 412").contains("{\"errors\":[\"missing \\\"X-Vault-Request\\\" header\"]}");
      String ok = raw(u, "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nX-Vault-Request: true\r\nConnection: close\r\n\r\n");
      assertThat(ok).startsWith("HTTP/1.1 200").contains("\"initialized\":true");
      // probes and metrics need no header
      assertThat(f.get("/agent/v1/live").statusCode()).isEqualTo(200);
      // the metrics-only listener serves metrics and nothing else
      String metricsOnly = f.agent.listenerUrls().get(1);
      assertThat(f.send(java.net.http.HttpRequest.newBuilder(URI.create(metricsOnly + "/agent/v1/metrics")).build())
          .statusCode()).isEqualTo(200);
      assertThat(f.send(java.net.http.HttpRequest.newBuilder(URI.create(metricsOnly + "/v1/sys/health")).build())
          .statusCode()).isEqualTo(404);
      // chunked bodies and 100-continue are read
      String chunked = raw(u, "POST /v1/sys/wrapping/lookup HTTP/1.1\r\nHost: x\r\nX-Vault-Request: true\r\n"
          + "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
          + "b\r\n{\"token\":\"\r\n3\r\nx\"}\r\n0\r\n\r\n");
      assertThat(chunked).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 400");
    }
  }

  @Test
  void unixSocketGetsItsModeAndIsRemovedOnClose() throws Exception {
    Path socket = dir.resolve("agent.sock");
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.start("api_proxy { use_auto_auth_token = true }\n"
          + "listener \"unix\" {\n  address = \"" + socket + "\"\n  socket_mode = \"0600\"\n}\n");
      assertThat(f.agent.listenerUrls()).containsExactly("unix://" + socket);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
      // the first request may come before auto-auth's first login (403 from Vault then): wait for the token
      ListenerFixture.await("an answer made with the auto-auth token",
          () -> unixLookupSelf(socket).startsWith("HTTP/1.1 200"));
      assertThat(unixLookupSelf(socket)).contains("\"policies\"").doesNotContain(f.token);
      f.agent.close();
      f.agent = null;
      assertThat(socket).doesNotExist();
    }
  }

  private static String unixLookupSelf(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /v1/auth/token/lookup-self HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  static String raw(URI u, String request) throws Exception {
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.SocketException e) {
      return "closed: " + e.getMessage();
    }
  }
}
