package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's bounds on what a server sends back: the whole exchange (headers and body) within the client timeout —
 * a body dripped one byte at a time no longer holds a request for minutes — and a cap on the body, checked as it
 * arrives (declared or not), which is an error naming the limit and never retried.
 */
class VaultClientBoundsTest {

  /** A raw HTTP/1.1 server: answers every connection with {@code answer}. */
  private static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger requests = new AtomicInteger();
    final Thread thread;

    RawServer(Answer answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            readHeaders(s.getInputStream());
            requests.incrementAndGet();
            answer.write(s.getOutputStream());
          } catch (IOException | InterruptedException e) {
            // the client hung up (as it should), or the server is closing
          }
        }
      }, "raw-server");
      thread.setDaemon(true);
      thread.start();
    }

    String address() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    private static void readHeaders(InputStream in) throws IOException {
      int state = 0;
      while (state < 4) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      }
    }
  }

  @FunctionalInterface
  private interface Answer {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  private RawServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private VaultClient client(Duration timeout, long maxBody) throws IOException {
    return VaultClient.create(VaultClient.Settings.builder(server.address()).timeout(timeout).maxRetries(0)
        .maxResponseSize(maxBody).build()).withToken("t0ken-value");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aBodyDrippedByteByByteEndsAtTheClientTimeout() throws Exception {
    server = new RawServer(out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
      out.flush();
      for (int i = 0; i < 100000; i++) {
        Thread.sleep(100); // the whole body would take almost three hours
        out.write(' ');
        out.flush();
      }
    });
    VaultClient client = client(Duration.ofMillis(1500), VaultClient.Settings.DEFAULT_MAX_RESPONSE_SIZE);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> client.read("secret/slow"))
            .isInstanceOf(VaultException.class)
            .hasMessageContaining("timed out"));
  }

  @Test
  void aDeclaredBodyOverTheCapIsRefusedAtOnceAndNotRetried() throws Exception {
    server = new RawServer(out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"));
      out.flush();
      Thread.sleep(60_000); // never sends it: the client must not wait for it
    });
    VaultClient client = VaultClient.create(VaultClient.Settings.builder(server.address()).maxRetries(2)
        .maxResponseSize(1024 * 1024).build(), d -> { }).withToken("t0ken-value");
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> client.read("secret/huge"))
            .isInstanceOf(VaultException.class)
            .hasMessageContaining("larger than the limit of 1MiB")
            .hasMessageContaining("template_config.max_response_size"));
    assertThat(server.requests.get()).as("too large is never retried").isEqualTo(1);
  }

  @Test
  void anUndeclaredBodyIsCutAtTheCapWhileItArrives() throws Exception {
    AtomicInteger written = new AtomicInteger();
    server = new RawServer(out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"data\":\""));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 1600; i++) { // 100 MiB if the client kept reading
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    });
    VaultClient client = client(Duration.ofSeconds(30), 1024 * 1024);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        assertThatThrownBy(() -> client.read("secret/huge"))
            .isInstanceOf(VaultException.class)
            .hasMessageContaining("response body is larger than the limit of 1MiB"));
    Thread.sleep(200);
    assertThat(written.get()).as("the connection was dropped long before 100 MiB").isLessThan(50 * 1024 * 1024);
  }

  @Test
  void aNormalAnswerWithinBothBoundsIsRead() throws Exception {
    String body = "{\"data\":{\"v\":\"" + "y".repeat(1000) + "\"},\"lease_duration\":0}";
    server = new RawServer(out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body));
      out.flush();
    });
    VaultClient client = client(Duration.ofSeconds(5), 1100);
    assertThat(client.read("secret/ok")).get().extracting(r -> r.data().get("v").asText()).isEqualTo("y".repeat(1000));
  }
}
