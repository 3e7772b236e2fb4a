package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cloud methods' HTTP: an answer larger than the cap is abandoned, not read into memory. */
class CloudHttpTest {

  @Test
  void anOversizedAnswerIsAnErrorAndASmallOneIsRead() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/big", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
          out.write(chunk);
        }
      } catch (IOException closed) {
        // the client hung up, as it should
      }
    });
    server.createContext("/small", ex -> {
      byte[] body = "{\"access_token\":\"x\"}".getBytes();
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThatThrownBy(() -> CloudHttp.get(URI.create(base + "/big"), Map.of())).isInstanceOf(IOException.class)
          .hasMessageContaining("larger");
      assertThat(CloudHttp.get(URI.create(base + "/small"), Map.of()).body()).isEqualTo("{\"access_token\":\"x\"}");
    } finally {
      server.stop(0);
    }
  }
}
