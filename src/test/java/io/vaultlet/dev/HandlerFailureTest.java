package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever a handler throws — a bug, or a library that does not link (the NoSuchMethodError a fresh machine once hit
 * while unpacking PostgreSQL) — the client gets Vault's 500 shape with a message saying what failed, never a dropped
 * connection; the server logs it once, without a stack trace below trace level, and keeps serving.
 */
class HandlerFailureTest {

  /** An engine whose reads throw what the test asks for. */
  static final class ThrowingEngine implements Backend {
    volatile Throwable next;

    @Override
    public DevResponse handle(DevRequest req) {
      Throwable t = next;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) t;
    }
  }

  private final ThrowingEngine engine = new ThrowingEngine();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private DevServer server;
  private Http vault;

  @BeforeEach
  void start() throws Exception {
    server = DevServer.start(DevOptions.builder()
        .registry(BackendRegistry.standard().register("throwing", MountKind.SECRET, ctx -> engine))
        .build());
    vault = new Http(server.address(), server.rootToken());
    assertThat(vault.post("/v1/sys/mounts/boom", Map.of("type", "throwing")).status()).isEqualTo(204);
    Log.setOutput(new PrintStream(logged, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    Log.setOutput(System.err);
    Log.setLevel(Log.Level.INFO);
    server.close();
  }

  @Test
  void aLinkageErrorBecomesAVault500NamingWhatFailed() {
    engine.next = new NoSuchMethodError("'java.lang.String org.apache.commons.lang3.SystemProperties.getUserName()'");
    Http.Response r = vault.get("/v1/boom/anything");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errors()).singleElement().asString()
        .startsWith("1 error occurred:\n\t* NoSuchMethodError: 'java.lang.String org.apache.commons.lang3");
    String log = logged.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("[ERROR] dev.core: request handling failed", "path=/v1/boom/anything",
        "NoSuchMethodError");
    assertThat(log.lines().filter(l -> l.contains("request handling failed")).count()).isEqualTo(1);
    assertThat(log).doesNotContain("\tat io.vaultlet");
    assertThat(vault.get("/v1/sys/health").status()).as("still serving").isEqualTo(200);
  }

  @Test
  void aRuntimeExceptionWithoutAMessageStillSaysWhatItWas() {
    engine.next = new NullPointerException();
    Http.Response r = vault.get("/v1/boom/x");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.errors().get(0)).contains("NullPointerException");
  }

  @Test
  void theStackTraceIsLoggedAtTraceLevelOnly() {
    Log.setLevel(Log.Level.TRACE);
    engine.next = new IllegalStateException("engine state broken");
    assertThat(vault.get("/v1/boom/x").status()).isEqualTo(500);
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("engine state broken", "\tat ");
  }
}
