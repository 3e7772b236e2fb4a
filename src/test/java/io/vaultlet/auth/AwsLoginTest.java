package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.MethodConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws method's credentials come from the SDK default chain, here served by local stand-ins for IMDSv2 and the
 * ECS container endpoint; the IAM login is then verified end to end by the emulator, which checks the SigV4
 * signature itself.
 */
class AwsLoginTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PROPERTIES = List.of("aws.ec2MetadataServiceEndpoint",
      "aws.containerCredentialsFullUri", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
      "aws.sharedCredentialsFile", "aws.configFile", "aws.webIdentityTokenFile", "aws.roleArn");

  @TempDir Path dir;
  private final Map<String, String> saved = new HashMap<>();
  private AwsStandIns aws;

  @BeforeEach
  void isolateFromTheHost() throws Exception {
    for (String p : PROPERTIES) {
      saved.put(p, System.getProperty(p));
      System.clearProperty(p);
    }
    System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
    System.setProperty("aws.configFile", dir.resolve("no-config").toString());
    aws = new AwsStandIns();
    System.setProperty("aws.ec2MetadataServiceEndpoint", aws.endpoint());
  }

  @AfterEach
  void restore() {
    aws.close();
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  private MethodConfig method(String config) throws Exception {
    return Configs.autoAuth(dir, "method \"aws\" {\n config = {\n" + config + "\n }\n}").method();
  }

  private static String authorization(LoginRequest r) throws Exception {
    return headers(r).get("Authorization").get(0);
  }

  private static Map<String, List<String>> headers(LoginRequest r) throws Exception {
    String json = new String(Base64.getDecoder().decode((String) r.body().get("iam_request_headers")),
        StandardCharsets.UTF_8);
    return JSON.readValue(json, new TypeReference<>() {});
  }

  private static io.vaultlet.vault.VaultClient anyClient() throws Exception {
    return io.vaultlet.vault.VaultClient.create(io.vaultlet.vault.VaultClient.Settings.builder("http://127.0.0.1:1")
        .build());
  }

  @Test
  void defaultChainFallsBackToImdsV2() throws Exception {
    AuthMethod m = AuthMethods.create(method("type = \"iam\"\n role = \"ci-bot\""));

    LoginRequest r = m.loginRequest(anyClient());

    assertThat(authorization(r)).contains("Credential=ASIAIMDSEXAMPLE/");
    assertThat(headers(r).get("X-Amz-Security-Token")).containsExactly(aws.sessionToken);
    assertThat(aws.requests).contains("PUT /latest/api/token",
        "GET /latest/meta-data/iam/security-credentials/ci-role");
    assertThat(aws.requests.indexOf("PUT /latest/api/token"))
        .isLessThan(aws.requests.indexOf("GET /latest/meta-data/iam/security-credentials/ci-role"));
  }

  @Test
  void containerCredentialsComeBeforeImds() throws Exception {
    System.setProperty("aws.containerCredentialsFullUri", aws.endpoint() + "/ecs/credentials");

    LoginRequest r = AuthMethods.create(method("type = \"iam\"\n role = \"ci-bot\"")).loginRequest(anyClient());

    assertThat(authorization(r)).contains("Credential=ASIAIMDSEXAMPLE/");
    assertThat(aws.requests).contains("GET /ecs/credentials").noneMatch(s -> s.contains("/latest/"));
  }

  @Test
  void credentialsAreResolvedAgainAtEveryLogin() throws Exception {
    System.setProperty("aws.accessKeyId", "AKIAFIRSTKEY");
    System.setProperty("aws.secretAccessKey", "first/secret");
    AuthMethod m = AuthMethods.create(method("type = \"iam\"\n role = \"ci-bot\""));
    assertThat(authorization(m.loginRequest(anyClient()))).contains("Credential=AKIAFIRSTKEY/");
    assertThat(m.credentialsChanged()).isFalse();

    System.setProperty("aws.accessKeyId", "AKIASECONDKEY");
    System.setProperty("aws.secretAccessKey", "second/secret");

    assertThat(m.credentialsChanged()).as("credential_poll_interval check").isTrue();
    assertThat(authorization(m.loginRequest(anyClient()))).contains("Credential=AKIASECONDKEY/");
    assertThat(m.credentialPollInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void staticKeysInTheConfigWinOverTheChain() throws Exception {
    AuthMethod m = AuthMethods.create(method("type = \"iam\"\n role = \"ci-bot\"\n access_key = \"AKIASTATIC\"\n"
        + " secret_key = \"static/secret\"\n session_token = \"static-session\"\n credential_poll_interval = 5"));

    LoginRequest r = m.loginRequest(anyClient());

    assertThat(authorization(r)).contains("Credential=AKIASTATIC/");
    assertThat(headers(r).get("X-Amz-Security-Token")).containsExactly("static-session");
    assertThat(aws.requests).isEmpty();
    assertThat(m.credentialPollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noCredentialsAnywhereIsAStartupError() throws Exception {
    aws.role = "";
    aws.accessKeyId = "";

    assertThatThrownBy(() -> AuthMethods.create(method("type = \"iam\"\n role = \"ci-bot\"")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("error creating aws auth method");
  }

  @Test
  void invalidTypeAndPollIntervalAreConfigErrors() {
    assertThatThrownBy(() -> AuthMethods.create(method("type = \"lambda\"\n role = \"x\"")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'type' value is invalid");
    assertThatThrownBy(() -> AuthMethods.create(method("type = \"iam\"\n role = \"x\"\n access_key = \"a\"\n"
        + " secret_key = \"b\"\n credential_poll_interval = 0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("positive int");
  }

  @Test
  void iamLoginEndToEndWithImdsCredentialsVerifiedByTheEmulator() throws Exception {
    try (Emulator emu = new Emulator(); Recorder rec = new Recorder()) {
      emu.root.write("sys/auth/aws", Map.of("type", "aws"));
      emu.root.write("auth/aws/config/client", Map.of("iam_server_id_header_value", "vault.dev.local"));
      emu.root.write("auth/aws/_dev/keys", Map.of("access_key_id", aws.accessKeyId,
          "secret_access_key", aws.secretKey, "arn", "arn:aws:sts::123456789012:assumed-role/ci-role/i-0abc"));
      emu.root.write("auth/aws/role/ci-bot", Map.of("auth_type", "iam",
          "bound_iam_principal_arn", "arn:aws:iam::123456789012:role/ci-role", "token_policies", "ci",
          "token_ttl", "30m"));
      var config = Configs.autoAuth(dir, "method \"aws\" {\n config = {\n type = \"iam\"\n role = \"ci-bot\"\n"
          + " header_value = \"vault.dev.local\"\n }\n}");

      try (TokenManager manager = TokenManager.fromConfig(config, emu.client, emu.scheduler)) {
        manager.addTokenListener(rec);
        manager.addEventListener(rec);
        manager.start();
        emu.advance(Duration.ZERO);

        assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
        assertThat(rec.changes).singleElement().satisfies(c -> {
          assertThat(c.current().policies()).contains("ci");
          assertThat(c.current().expiresAt()).contains(Emulator.START.plus(Duration.ofMinutes(30)));
        });
      }
      assertThat(rec.log()).doesNotContain(rec.changes.get(0).current().token()).doesNotContain(aws.secretKey)
          .doesNotContain(aws.sessionToken);
    }
  }

  @Test
  void iamLoginWithTheWrongServerIdIsRefused() throws Exception {
    try (Emulator emu = new Emulator(); Recorder rec = new Recorder()) {
      emu.root.write("sys/auth/aws", Map.of("type", "aws"));
      emu.root.write("auth/aws/config/client", Map.of("iam_server_id_header_value", "vault.dev.local"));
      var config = Configs.autoAuth(dir, "method \"aws\" {\n exit_on_err = true\n config = {\n type = \"iam\"\n"
          + " role = \"ci-bot\"\n header_value = \"vault.prod\"\n access_key = \"AKIAWRONGHEADERTEST1\"\n secret_key = \"s/x\"\n }\n}");

      try (TokenManager manager = TokenManager.fromConfig(config, emu.client, emu.scheduler)) {
        manager.addEventListener(rec);
        manager.start();
        emu.advance(Duration.ZERO);

        assertThat(manager.terminated()).isCompletedExceptionally();
        assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).singleElement()
            .satisfies(e -> assertThat(e.error().orElseThrow()).contains("X-Vault-AWS-IAM-Server-ID"));
      }
    }
  }

  @Test
  void ec2ReadsTheIdentityFromImdsV2AndReusesItsNonce() throws Exception {
    AuthMethod m = AuthMethods.create(method("type = \"ec2\"\n role = \"web\""));

    LoginRequest first = m.loginRequest(anyClient());
    LoginRequest second = m.loginRequest(anyClient());

    assertThat(first.path()).isEqualTo("auth/aws/login");
    assertThat(first.body()).containsOnlyKeys("identity", "signature", "nonce", "role").containsEntry("role", "web");
    assertThat(new String(Base64.getDecoder().decode((String) first.body().get("identity")), StandardCharsets.UTF_8))
        .isEqualTo(aws.documents.get("/latest/dynamic/instance-identity/document"));
    assertThat(first.body().get("signature")).isEqualTo("c2lnbmF0dXJl\nbGluZTI=");
    assertThat(UUID.fromString((String) first.body().get("nonce"))).isNotNull();
    assertThat(second.body().get("nonce")).isEqualTo(first.body().get("nonce"));
    assertThat(aws.requests).startsWith("PUT /latest/api/token", "GET /latest/dynamic/instance-identity/document",
        "GET /latest/dynamic/instance-identity/signature");
    assertThat(AuthMethods.create(method("type = \"ec2\"\n role = \"web\"\n nonce = \"my-nonce-1\""))
        .loginRequest(anyClient()).body()).containsEntry("nonce", "my-nonce-1");
  }
}
