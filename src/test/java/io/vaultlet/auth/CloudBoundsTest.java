package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds docs/security.md promises for what the auth methods read themselves: AWS IMDS answers (ec2) are capped
 * and must arrive whole within the deadline, and credential files that are FIFOs are refused by name instead of
 * blocking the login. A test that regresses hangs no longer than its preemptive timeout.
 */
class CloudBoundsTest {

  private static final Duration GUARD = Duration.ofSeconds(20);

  @TempDir Path dir;
  private HttpServer imds;
  private final AtomicInteger dripped = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String prefix : new String[] {"/huge", "/drip"}) {
      imds.createContext(prefix + "/latest/api/token", ex -> {
        ex.getRequestBody().readAllBytes();
        byte[] b = "session-token-for-bounds".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
      });
    }
    imds.createContext("/huge/latest/dynamic/instance-identity/document", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked: no length to refuse up front, the cap must cut the body
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 40; i++) { // 2.5 MiB
          out.write(chunk);
        }
      } catch (IOException hungUp) {
        // the client stopped reading, as it should
      }
    });
    imds.createContext("/drip/latest/dynamic/instance-identity/document", ex -> {
      ex.sendResponseHeaders(200, 200);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 200; i++) { // one byte per 50 ms: 10 s in all
          out.write('x');
          out.flush();
          dripped.incrementAndGet();
          Thread.sleep(50);
        }
      } catch (IOException | InterruptedException hungUp) {
        // the client hung up at its deadline
      }
    });
    imds.start();
  }

  @AfterEach
  void stop() {
    imds.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + imds.getAddress().getPort();
  }

  @Test
  void anImdsAnswerOverTheCapFailsTheEc2LoginCleanly() {
    ec2LoginFrom("/huge", Duration.ofSeconds(10))
        .hasMessageContaining("larger than the limit of 1MiB")
        .hasMessageContaining(base());
  }

  @Test
  void anImdsAnswerDripFedPastTheDeadlineFailsTheEc2Login() {
    ec2LoginFrom("/drip", Duration.ofMillis(500))
        .hasMessageContaining("no complete answer from " + base() + " within 500ms");
    assertThat(dripped.get()).as("the server had started the body: the deadline covers the body").isPositive();
  }

  @Test
  void aFifoAsAGoogleCredentialsFileIsRefusedByName() throws Exception {
    Path fifo = fifo("key.json");
    assertThatThrownBy(() -> assertTimeoutPreemptively(GUARD, () -> GoogleCredentials.configuredJson(fifo.toString())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(fifo.toString())
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> assertTimeoutPreemptively(GUARD, () -> GoogleCredentials.find("",
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", fifo.toString(), "HOME", dir.toString()), null,
        Clock.systemUTC())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(fifo.toString())
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aFifoAsTheAzureFederatedTokenFileIsRefusedByName() throws Exception {
    Path fifo = fifo("azure-token");
    AzureEnvironmentCredential credential = new AzureEnvironmentCredential("https://management.azure.com/.default",
        Map.of("AZURE_TENANT_ID", "tenant", "AZURE_CLIENT_ID", "client", "AZURE_FEDERATED_TOKEN_FILE",
            fifo.toString(), "AZURE_AUTHORITY_HOST", base()), Clock.systemUTC(), id -> "unused");
    assertThatThrownBy(() -> assertTimeoutPreemptively(GUARD, credential::token))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE " + fifo)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aFifoAsAMethodsCredentialFileIsRefusedByName() throws Exception {
    Path fifo = fifo("role-id");
    assertThatThrownBy(() -> assertTimeoutPreemptively(GUARD, () -> MethodFiles.readSecret(fifo)))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining(fifo.toString())
        .hasMessageContaining("not a regular file");
  }

  @Test
  void anOversizedCredentialFileIsRefusedAndASmallOneIsRead() throws Exception {
    Path big = dir.resolve("big");
    Files.write(big, new byte[(int) MethodFiles.MAX_SIZE + 1]);
    assertThatThrownBy(() -> MethodFiles.readSecret(big)).isInstanceOf(AuthException.class)
        .hasMessageContaining(big.toString()).hasMessageContaining("larger than the limit");
    Path small = Files.writeString(dir.resolve("small"), "  role-id-value\n");
    assertThat(MethodFiles.readSecret(small)).contains("role-id-value");
  }

  /** The failure of an ec2 login whose IMDS is the stand-in under {@code prefix}, with {@code deadline}. */
  private AbstractThrowableAssert<?, ? extends Throwable> ec2LoginFrom(String prefix, Duration deadline) {
    AwsEc2Method method = new AwsEc2Method("auth/aws", "web", "nonce-for-bounds-test",
        new Imds(base() + prefix, deadline));
    return assertThatThrownBy(() -> assertTimeoutPreemptively(GUARD, () -> method.loginRequest(null)))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("cannot read the instance identity from IMDS");
  }

  private Path fifo(String name) throws Exception {
    Path p = dir.resolve(name);
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor()).isZero();
    assertThat(Files.isRegularFile(p)).isFalse();
    return p;
  }
}
