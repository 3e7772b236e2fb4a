package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogHygieneTest extends EmulatorTest {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private Log.Level previous;

  @BeforeEach
  void capture() {
    previous = Log.level();
    Log.setLevel(Log.Level.TRACE);
    Log.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Log.setOutput(System.err);
    Log.setLevel(previous);
  }

  @Test
  void noTokenOrSecretValueReachesTheLog() {
    List<String> secrets = new ArrayList<>();
    secrets.add(server.rootToken());
    mountStub(0, 0);
    String t = token(Map.of("policies", List.of("root"), "ttl", "1m"));
    secrets.add(t);
    Http.Response creds = vault.withToken(t).get("/v1/stub/creds/app?ttl=30");
    secrets.add((String) creds.data().get("password"));
    Http.Response wrapped = vault.withHeader("X-Vault-Wrap-TTL", "1m").post("/v1/auth/token/create", Map.of());
    secrets.add((String) wrapped.wrapInfo().get("token"));
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("password", "kv-secret-value")));
    secrets.add("kv-secret-value");
    vault.withToken("hvs.not-a-real-token-value").get("/v1/secret/data/app");
    server.advanceClock(Duration.ofMinutes(2));
    server.close();

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("revoked lease").contains("revoked token");
    for (String s : secrets) {
      assertThat(log).doesNotContain(s);
    }
  }
}
