package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets the client learns never reach the log, whatever the level. */
class VaultClientRedactionTest {

  static final String TOKEN = "hvs.redactionTestToken-91ab";
  static final String LOGIN_TOKEN = "hvs.freshLoginToken-77cd";
  static final String PASSWORD = "s3cr3t-db-password-x1";

  ByteArrayOutputStream captured = new ByteArrayOutputStream();
  Log.Level previous;

  @BeforeEach
  void captureLogs() {
    previous = Log.level();
    Log.setLevel(Log.Level.TRACE);
    Log.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    Log.setLevel(previous);
    Log.setOutput(System.err);
  }

  @Test
  void tokensAndSecretValuesNeverAppearInLogsOrErrors() throws Exception {
    try (StubVault vault = StubVault.http()) {
      vault.enqueue(503, "{\"errors\":[\"Vault is sealed\"]}");
      vault.enqueue(200, "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}");
      vault.enqueue(200, "{\"data\":{\"data\":{\"password\":\"" + PASSWORD + "\"},\"metadata\":{\"version\":1}}}");
      vault.enqueue(200, "{\"auth\":{\"client_token\":\"" + LOGIN_TOKEN + "\",\"accessor\":\"acc-1\"}}");
      vault.enqueue(400, "{\"errors\":[\"bad token " + TOKEN + " and password " + PASSWORD + "\"]}");
      VaultClient client = VaultClient.create(VaultClient.Settings.builder(vault.uri()).build(),
          new RecordingSleeper(), () -> 0.5, Clock.systemUTC()).withToken(TOKEN);

      VaultResponse secret = client.readSecret("secret/db", Map.of()).orElseThrow();
      VaultResponse login = client.write("auth/approle/login", Map.of("role_id", "r")).orElseThrow();
      VaultException e = catchThrowableOfType(VaultException.class, () -> client.read("secret/x"));
      Log.named("test").error("request failed", e, "response", secret.body(), "auth", login.auth().orElseThrow());

      String logs = captured.toString(StandardCharsets.UTF_8);
      assertThat(logs).contains("retrying Vault request").contains("request failed");
      assertThat(logs).doesNotContain(TOKEN, LOGIN_TOKEN, PASSWORD);
      assertThat(e.getMessage() + e.errors() + secret + login).doesNotContain(TOKEN, LOGIN_TOKEN, PASSWORD);
      assertThat(Redactor.redact(PASSWORD)).isEqualTo(Redactor.MASK);
    }
  }
}
