package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** IAM logins signed by the AWS SDK for Java v2 — the production side's signer — verified by the emulator's own code. */
class AwsIamAuthTest {

  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String ARN = "arn:aws:sts::123456789012:assumed-role/app-role/i-0abc123";
  static final String SERVER_ID = "vault.example.com";

  private final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-05-01T10:00:00Z"));
  private AwsIamAuth aws;

  @BeforeEach
  void setUp() {
    aws = new AwsIamAuth(scheduler.clock());
    aws.registerKey(new AwsIamAuth.DevKey(KEY_ID, SECRET, ARN, "AROAEXAMPLEID:i-0abc123"));
    aws.writeConfig(Map.of("iam_server_id_header_value", SERVER_ID));
    aws.writeRole("app-role", Map.of("auth_type", "iam",
        "bound_iam_principal_arn", "arn:aws:iam::123456789012:role/app-role", "token_policies", "app,db",
        "token_ttl", "1h", "token_max_ttl", "4h"));
  }

  @Test
  void sdkSignedGetCallerIdentityLogsIn() throws Exception {
    LoginResult login = aws.login(loginData(sign(scheduler.now(), SERVER_ID, false), null));

    assertThat(login.policies()).containsExactly("app", "db");
    assertThat(login.displayName()).isEqualTo("app-role");
    assertThat(login.metadata()).containsEntry("account_id", "123456789012").containsEntry("auth_type", "iam");
    assertThat(login.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(login.maxTtl()).isEqualTo(Duration.ofHours(4));
    assertThat(login.aliasName()).isEqualTo("AROAEXAMPLEID");
  }

  @Test
  void sessionTokenSignedRequestsLogInToo() throws Exception {
    LoginResult login = aws.login(loginData(sign(scheduler.now(), SERVER_ID, true), "app-role"));
    assertThat(login.policies()).containsExactly("app", "db");
  }

  @Test
  void aTamperedSignatureIsRefusedWithStsErrorWrappedAsVaultDoes() throws Exception {
    Signed signed = sign(scheduler.now(), SERVER_ID, false);
    String authz = signed.headers.get("Authorization").get(0);
    signed.headers.put("Authorization", List.of(authz.substring(0, authz.length() - 4) + "0000"));

    assertThatThrownBy(() -> aws.login(loginData(signed, "app-role")))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith("error making upstream request: received error code 403 from STS: ")
        .hasMessageContaining("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void aRequestSignedWithAnotherSecretIsRefused() throws Exception {
    aws.registerKey(new AwsIamAuth.DevKey(KEY_ID, "a-different-secret-key-for-this-test-000", ARN, "AROA:x"));
    assertThatThrownBy(() -> aws.login(loginData(sign(scheduler.now(), SERVER_ID, false), "app-role")))
        .hasMessageContaining("SignatureDoesNotMatch");
  }

  @Test
  void aStaleDateIsRefused() throws Exception {
    Signed signed = sign(scheduler.now(), SERVER_ID, false);
    scheduler.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> aws.login(loginData(signed, "app-role")))
        .hasMessageContaining("Signature expired: 20260501T100000Z is now earlier than");
  }

  @Test
  void theServerIdHeaderMustBePresentEqualAndSigned() throws Exception {
    assertThatThrownBy(() -> aws.login(loginData(sign(scheduler.now(), null, false), "app-role")))
        .hasMessage("error validating X-Vault-AWS-IAM-Server-ID header: missing header \"X-Vault-AWS-IAM-Server-ID\"");
    assertThatThrownBy(() -> aws.login(loginData(sign(scheduler.now(), "other.example.com", false), "app-role")))
        .hasMessage("error validating X-Vault-AWS-IAM-Server-ID header: expected \"vault.example.com\" but got "
            + "\"other.example.com\"");
    Signed unsigned = sign(scheduler.now(), null, false);
    unsigned.headers.put("X-Vault-Aws-Iam-Server-Id", List.of(SERVER_ID));
    assertThatThrownBy(() -> aws.login(loginData(unsigned, "app-role")))
        .hasMessage("error validating X-Vault-AWS-IAM-Server-ID header: vault header wasn't signed");
  }

  @Test
  void onlyGetCallerIdentityBodiesAreAccepted() throws Exception {
    Map<String, Object> data = loginData(sign(scheduler.now(), SERVER_ID, false), "app-role");
    data.put("iam_request_body", b64("Action=AssumeRole&Version=2011-06-15&RoleArn=x"));
    assertThatThrownBy(() -> aws.login(data)).hasMessage("iam_request_body contains unexpected values");
  }

  @Test
  void principalsOutsideTheBindingAreRefusedAndWildcardsMatch() throws Exception {
    aws.writeRole("app-role", Map.of("bound_iam_principal_arn", "arn:aws:iam::999999999999:role/app-role",
        "token_policies", "app"));
    assertThatThrownBy(() -> aws.login(loginData(sign(scheduler.now(), SERVER_ID, false), "app-role")))
        .hasMessage("IAM Principal \"" + ARN + "\" does not belong to the role \"app-role\"");

    aws.writeRole("app-role", Map.of("bound_iam_principal_arn", "arn:aws:iam::123456789012:role/app-*",
        "token_policies", "app"));
    assertThat(aws.login(loginData(sign(scheduler.now(), SERVER_ID, false), "app-role")).policies())
        .containsExactly("app");
  }

  @Test
  void fieldValidationUsesVaultsTexts() {
    assertThatThrownBy(() -> aws.login(Map.of())).hasMessage("didn't supply required authentication values");
    assertThatThrownBy(() -> aws.login(Map.of("iam_http_request_method", "POST")))
        .hasMessage("supplied some of the auth values for the iam auth type but not all");
    assertThatThrownBy(() -> aws.login(Map.of("iam_http_request_method", "GET", "iam_request_url", "x",
        "iam_request_body", "x", "iam_request_headers", "x")))
        .hasMessage("invalid iam_http_request_method; currently only 'POST' is supported");
    assertThatThrownBy(() -> aws.login(Map.of("iam_http_request_method", "POST", "iam_request_url", "!!",
        "iam_request_body", "x", "iam_request_headers", "x")))
        .hasMessage("failed to base64 decode iam_request_url");
  }

  @Test
  void unknownRolesAreReported() throws Exception {
    assertThatThrownBy(() -> aws.login(loginData(sign(scheduler.now(), SERVER_ID, false), "nope")))
        .hasMessage("entry for role nope not found");
  }

  @Test
  void headersAreAcceptedInEveryTypeHeaderForm() throws Exception {
    Signed signed = sign(scheduler.now(), SERVER_ID, false);
    Map<String, Object> asObject = loginData(signed, "app-role");
    asObject.put("iam_request_headers", signed.headers);
    assertThat(aws.login(asObject).policies()).contains("app");

    Map<String, Object> asJsonText = loginData(signed, "app-role");
    asJsonText.put("iam_request_headers", new ObjectMapper().writeValueAsString(signed.headers));
    assertThat(aws.login(asJsonText).policies()).contains("app");
  }

  // ---- signing with the AWS SDK v2 (see SdkStsSigner) ----

  private Signed sign(Instant at, String serverId, boolean withSession) {
    AwsCredentialsIdentity identity = withSession
        ? AwsSessionCredentialsIdentity.create(KEY_ID, SECRET, "FwoGZXIvYXdzEXAMPLESESSIONTOKEN")
        : AwsCredentialsIdentity.create(KEY_ID, SECRET);
    SdkStsSigner.Signed s = SdkStsSigner.sign(identity, at, serverId);
    return new Signed(s.url(), s.body(), new LinkedHashMap<>(s.headers()));
  }

  record Signed(String url, String body, Map<String, List<String>> headers) {}

  private static Map<String, Object> loginData(Signed s, String role) throws Exception {
    return SdkStsSigner.loginData(new SdkStsSigner.Signed(s.url(), s.body(), s.headers()), role);
  }

  private static String b64(String s) {
    return SdkStsSigner.b64(s);
  }
}
