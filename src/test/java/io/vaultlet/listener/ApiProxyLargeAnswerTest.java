package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Top finding 2 of the review: with the cache on, the API proxy buffers an answer only up to
 * {@code max_response_size}; a chunked answer larger than that is streamed whole (what was buffered, then the rest),
 * never truncated and never held in memory whole. Vault (Go's {@code net/http}) answers a body larger than its
 * first write buffer chunked, without {@code Content-Length}; the emulator always sends a length, so a relay between
 * the agent and the emulator re-frames every answer chunked, as Vault would send a large one.
 */
class ApiProxyLargeAnswerTest {

  @TempDir Path dir;

  private static final String CONFIG = ""
      + "template_config {\n  max_response_size = \"64KiB\"\n}\n"
      + "api_proxy { use_auto_auth_token = true }\n"
      + "cache {}\n"
      + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n";

  @Test
  void aChunkedAnswerOfTwiceTheLimitArrivesWholeAndStreamedWithTheCacheOn() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir); ChunkingRelay relay = new ChunkingRelay(f.vault.address())) {
      String big = "x".repeat(128 * 1024);
      f.root.write("secret/data/big", Map.of("data", Map.of("v", big)));
      f.root.write("secret/data/small", Map.of("data", Map.of("v", "small-value")));
      f.vaultAddress = relay.address();
      f.start(CONFIG);

      HttpResponse<String> large = f.get("/v1/secret/data/big");
      assertThat(large.statusCode()).isEqualTo(200);
      assertThat(relay.chunked).as("the relay answered without a length").contains("/v1/secret/data/big");
      assertThat(new ObjectMapper().readTree(large.body()).path("data").path("data").path("v").asText())
          .as("the whole value, not its tail").isEqualTo(big);
      assertThat(large.headers().firstValue("Content-Length"))
          .as("streamed as it arrived, not buffered whole").isEmpty();
      assertThat(large.headers().firstValue("X-Cache")).contains("MISS");

      HttpResponse<String> small = f.get("/v1/secret/data/small");
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(small.body()).contains("small-value");
      assertThat(small.headers().firstValue("Content-Length")).as("within the limit: buffered for the cache")
          .contains(Integer.toString(small.body().length()));
    }
  }

  /** Forwards every request to the emulator and answers chunked (no {@code Content-Length}). */
  private static final class ChunkingRelay implements AutoCloseable {
    private static final Set<String> HOP = Set.of("content-length", "transfer-encoding", "connection", "date");
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    final List<String> chunked = new java.util.concurrent.CopyOnWriteArrayList<>();

    ChunkingRelay(String target) throws IOException {
      this.target = target;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::relay);
      server.setExecutor(executor);
      server.start();
    }

    String address() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void relay(HttpExchange ex) throws IOException {
      try (ex) {
        byte[] body = ex.getRequestBody().readAllBytes();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((name, values) -> {
          if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("host")) {
            values.forEach(v -> b.header(name, v));
          }
        });
        HttpResponse<InputStream> answer = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        answer.headers().map().forEach((name, values) -> {
          if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
            ex.getResponseHeaders().put(name, values);
          }
        });
        ex.sendResponseHeaders(answer.statusCode(), 0); // 0: chunked
        chunked.add(ex.getRequestURI().getPath());
        try (InputStream in = answer.body(); OutputStream out = ex.getResponseBody()) {
          in.transferTo(out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
