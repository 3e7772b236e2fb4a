package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * AWS IAM login with an STS GetCallerIdentity request signed by the AWS SDK for Java v2, encoded as Vault's
 * {@code awsutil.GenerateLoginData} does (contract §4.5.1). Vault forwards the signed request to AWS STS, so the
 * scenarios need a target with a stand-in for STS (the emulator's fake caller table).
 */
class AwsIamLoginContractTest extends ContractScenario {

  private static final String SERVER_ID = "vault.contract.example";
  private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final String ACCESS_KEY = "AKIACONTRACTEXAMPLE1";
  private static final String SECRET_KEY = "contract-fake-secret-access-key-0000000000";

  private String aws;
  private String policy;

  @BeforeEach
  void enableWithRole() {
    aws = unique("aws");
    enableAuth(aws, "aws");
    boolean registered = target.registerAwsCaller(aws, ACCESS_KEY, SECRET_KEY,
        "arn:aws:sts::123456789012:assumed-role/app-role/i-0abc123");
    Assumptions.assumeTrue(registered, () -> target.lacks("a stand-in for AWS STS"));
    wire.ok("POST", "auth/" + aws + "/config/client", Map.of("iam_server_id_header_value", SERVER_ID));
    policy = unique("app");
    wire.ok("POST", "auth/" + aws + "/role/app-role", Map.of("auth_type", "iam",
        "bound_iam_principal_arn", List.of("arn:aws:iam::123456789012:role/app-role"),
        "token_policies", List.of(policy), "token_ttl", "1h"));
  }

  /** Signs GetCallerIdentity with the SDK, the server-id header added before signing, as Vault's client does. */
  static Map<String, Object> loginData(String role, String secretKey, String serverId) throws Exception {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("https://sts.amazonaws.com/"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    if (serverId != null) {
      request.putHeader("X-Vault-AWS-IAM-Server-ID", serverId);
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsBasicCredentials.create(ACCESS_KEY, secretKey))
        .request(request.build())
        .payload(ContentStreamProvider.fromUtf8String(BODY))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now(), ZoneOffset.UTC)));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((k, v) -> headers.put(canonicalMimeKey(k), List.copyOf(v)));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("role", role);
    data.put("iam_http_request_method", "POST");
    data.put("iam_request_url", b64(signed.request().getUri().toString()));
    data.put("iam_request_body", b64(BODY));
    data.put("iam_request_headers", b64(Wire.JSON.writeValueAsString(headers)));
    return data;
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey}: what {@code json.Marshal(http.Header)} writes. */
  static String canonicalMimeKey(String name) {
    StringBuilder b = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return b.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private Wire.Response login(Map<String, Object> body) {
    return Wire.to(target).post("auth/" + aws + "/login", body);
  }

  @Test
  void anSdkSignedGetCallerIdentityLogsInAsTheBoundRole() throws Exception {
    Wire.Response r = login(loginData("app-role", SECRET_KEY, SERVER_ID));

    assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    Envelope.assertNoLease(r.json());
    JsonNode auth = r.auth();
    assertThat(auth.get("policies")).extracting(JsonNode::asText).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.get("metadata").get("account_id").asText()).isEqualTo("123456789012");
    assertThat(auth.get("metadata").get("auth_type").asText()).isEqualTo("iam");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
    assertThat(auth.get("orphan").asBoolean()).isTrue();
  }

  @Test
  void theRoleDefaultsToThePrincipalsFriendlyName() throws Exception {
    Map<String, Object> body = loginData("app-role", SECRET_KEY, SERVER_ID);
    body.remove("role");

    assertThat(login(body).status()).isEqualTo(200);
  }

  @Test
  void aMissingServerIdHeaderIsRefused() throws Exception {
    Envelope.assertErrors(login(loginData("app-role", SECRET_KEY, null)), 400,
        "error validating X-Vault-AWS-IAM-Server-ID header: missing header \"X-Vault-AWS-IAM-Server-ID\"");
  }

  @Test
  void aRequestSignedWithTheWrongSecretIsAnUpstreamError() throws Exception {
    Wire.Response r = login(loginData("app-role", SECRET_KEY.replace('0', '1'), SERVER_ID));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).singleElement().asString()
        .startsWith("error making upstream request: received error code 403 from STS: ");
  }

  @Test
  void incompleteAndMixedFieldFamiliesAreRefused() throws Exception {
    Map<String, Object> partial = loginData("app-role", SECRET_KEY, SERVER_ID);
    partial.remove("iam_request_headers");
    Map<String, Object> mixed = loginData("app-role", SECRET_KEY, SERVER_ID);
    mixed.put("pkcs7", "MIIB");

    Envelope.assertErrors(login(partial), 400, "supplied some of the auth values for the iam auth type but not all");
    Envelope.assertErrors(login(mixed), 400, "supplied auth values for both ec2 and iam auth types");
    Envelope.assertErrors(login(Map.of("role", "app-role")), 400, "didn't supply required authentication values");
  }
}
