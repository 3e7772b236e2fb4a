package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogTest {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    Log.setOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Log.setOutput(System.err);
    Log.configure(Log.Level.INFO, Log.Format.STANDARD);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void standardLinesLookLikeHclog() {
    Log.configure(Log.Level.INFO, Log.Format.STANDARD);
    Log.named("auth.handler").info("authentication successful", "accessor", "acc-1", "ttl", "1h");
    assertThat(output().strip())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[INFO\\]  auth\\.handler: "
            + "authentication successful: accessor=acc-1 ttl=1h");
  }

  @Test
  void jsonLinesCarryHclogFields() throws Exception {
    Log.configure(Log.Level.INFO, Log.Format.JSON);
    Log.named("sink.file").warn("could not write \"token\"", "path", "/tmp/x y");
    JsonNode line = new ObjectMapper().readTree(output());
    assertThat(line.get("@level").asText()).isEqualTo("warn");
    assertThat(line.get("@module").asText()).isEqualTo("sink.file");
    assertThat(line.get("@message").asText()).isEqualTo("could not write \"token\"");
    assertThat(line.get("path").asText()).isEqualTo("/tmp/x y");
    assertThat(line.has("@timestamp")).isTrue();
  }

  @Test
  void durationsPrintAsGoDurations() {
    Log.configure(Log.Level.INFO, Log.Format.STANDARD);
    Log.named("auth.handler").info("renewed auth token", "ttl", java.time.Duration.ofSeconds(90),
        "backoff", java.time.Duration.ofMillis(250));
    assertThat(output().strip()).endsWith("renewed auth token: ttl=1m30s backoff=250ms");
  }

  @Test
  void levelsBelowTheThresholdAreDropped() {
    Log.configure(Log.Level.WARN, Log.Format.STANDARD);
    Log log = Log.named("t");
    log.debug("hidden-debug");
    log.info("hidden-info");
    log.error("shown-error");
    assertThat(output()).doesNotContain("hidden-").contains("shown-error");
  }

  @Test
  void registeredSecretsNeverReachALogLine() {
    String token = "hvs.CAESIJv3ryLogTestSecretToken";
    Redactor.register(token);
    Log.configure(Log.Level.TRACE, Log.Format.STANDARD);
    Log log = Log.named("t");
    log.info("token is " + token, "token", token);
    log.error("failed", new IllegalStateException("bad token " + token));
    Log.configure(Log.Level.TRACE, Log.Format.JSON);
    log.info("json " + token, "k", token);
    assertThat(output()).doesNotContain(token).contains(Redactor.MASK);
  }

  @Test
  void secretsWithQuotesOrBackslashesAreRedactedBeforeTheyAreEscaped() {
    String password = "pa\"ss\\word\tXq9Zk";
    String escaped = "pa\\\"ss\\\\word\\tXq9Zk";
    Redactor.register(password);
    Log log = Log.named("t");
    for (Log.Format f : Log.Format.values()) {
      Log.configure(Log.Level.TRACE, f);
      log.info("password " + password, "password", password);
      log.warn("failed", new IllegalStateException("bad password " + password));
    }
    assertThat(output()).doesNotContain(password).doesNotContain(escaped).doesNotContain("Xq9Zk")
        .contains(Redactor.MASK);
  }

  @Test
  void levelParsingAcceptsVaultSpellingsAndRejectsOthers() {
    assertThat(Log.Level.parse("WARNING")).isEqualTo(Log.Level.WARN);
    assertThat(Log.Level.parse("err")).isEqualTo(Log.Level.ERROR);
    assertThatThrownBy(() -> Log.Level.parse("loud")).hasMessageContaining("unknown log level \"loud\"");
    assertThatThrownBy(() -> Log.Format.parse("xml")).hasMessageContaining("expected standard or json");
  }
}
