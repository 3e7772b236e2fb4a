package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against {@code vaultlet agent} as a process with a small heap ({@code -Xmx64m}): request bodies together
 * may take a quarter of the heap, so clients that announce large bodies and then send them slowly hold what they
 * announced and every further one is refused at once (503, {@code Retry-After}), a body larger than that quarter is
 * refused outright (413) although {@code max_request_size} allows it — and meanwhile the agent keeps rendering, stays
 * healthy, and serves again once the slow clients are gone. Without the bound, these bodies would not fit in the heap.
 */
class AgentListenerLimitsProcessTest {

  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void slowLargeBodiesAreBoundedAndTheAgentKeepsRendering() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      VaultHttp root = new VaultHttp(vault.address(), vault.rootToken());
      String token = (String) root.write("auth/token/create", Map.of("policies", List.of("root"), "ttl", "1h"))
          .auth().get("client_token");
      Files.writeString(dir.resolve("token"), token);
      root.write("secret/data/app", Map.of("data", Map.of("v", "1")));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path out = dir.resolve("v.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, ""
          + "vault { address = \"" + vault.address() + "\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
          + "\" }\n  }\n}\n"
          + "api_proxy { use_auto_auth_token = true }\n"
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:" + port + "\"\n  tls_disable = true\n"
          + "  http_read_timeout = \"60s\"\n}\n");
      Path log = dir.resolve("agent.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
          "io.vaultlet.Main", "agent", "-config", config.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      String base = "http://127.0.0.1:" + port;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Socket> held = new ArrayList<>();
      try {
        await("the first render", () -> Files.exists(out) || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        assertThat(out).hasContent("1");

        // six clients announce 6 MiB each and send one byte: two fit in a quarter of 64 MiB, four are refused
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          Socket s = new Socket("127.0.0.1", port);
          held.add(s);
          answers.add(pool.submit(() -> announce(s, 6 * MIB)));
        }
        List<String> got = new ArrayList<>();
        for (Future<String> f : answers) {
          got.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(got).filteredOn(a -> a.startsWith("HTTP/1.1 503")).hasSize(4)
            .allMatch(a -> a.contains("Retry-After: 1"))
            .allMatch(a -> a.contains("{\"errors\":[\"too many large requests in progress; try again\"]}"));
        assertThat(got).filteredOn(a -> a.equals("waiting")).as("two bodies are being read").hasSize(2);

        // a body that could never fit: 413 at once, though max_request_size (32 MiB) allows it
        try (Socket big = new Socket("127.0.0.1", port)) {
          assertThat(announce(big, 20 * MIB)).startsWith("HTTP/1.1 413")
              .contains("{\"errors\":[\"http: request body too large\"]}");
        }

        // meanwhile the agent renders and answers its probes
        root.write("secret/data/app", Map.of("data", Map.of("v", "2")));
        await("the next render", () -> read(out).equals("2"));
        assertThat(status(base + "/agent/v1/health")).isEqualTo(200);

        // the slow clients leave: their memory is free again, requests are proxied as before
        for (Socket s : held) {
          s.close();
        }
        await("a proxied request once the memory is back", () -> status(base + "/v1/secret/data/app") == 200);
        assertThat(p.isAlive()).isTrue();
        assertThat(read(log)).doesNotContain("OutOfMemoryError").doesNotContain(token);
      } finally {
        for (Socket s : held) {
          s.close();
        }
        pool.shutdownNow();
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
    }
  }

  /**
   * Sends a request head announcing {@code length} body bytes and one byte of it; the agent's answer when it comes
   * within 5 s (it refuses at once), else {@code waiting} (it is reading the body).
   */
  private static String announce(Socket s, int length) throws IOException {
    s.setSoTimeout(5_000);
    OutputStream o = s.getOutputStream();
    o.write(("POST /v1/secret/data/big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + length + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
    o.flush();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    StringBuilder sb = new StringBuilder();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      return sb.length() == 0 ? "waiting" : sb.toString();
    } catch (IOException e) {
      // the agent closed the connection after answering
    }
    return sb.toString();
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
