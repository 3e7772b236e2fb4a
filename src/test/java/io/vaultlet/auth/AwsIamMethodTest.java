package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** The IAM login request: Vault's wire shape, and a SigV4 signature recomputed independently of the SDK. */
class AwsIamMethodTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  // AWS's SigV4 test-suite credentials and time.
  private static final String KEY_ID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
          + "Signature=([0-9a-f]{64})");

  private static AwsIamMethod method(String region, String headerValue, AwsCredentials creds) {
    return new AwsIamMethod("auth/aws", "ci-bot", region, headerValue, StaticCredentialsProvider.create(creds),
        Duration.ofSeconds(60), Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
  }

  private static String unb64(Object v) {
    return new String(Base64.getDecoder().decode((String) v), StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> headers(LoginRequest r) throws Exception {
    return JSON.readValue(unb64(r.body().get("iam_request_headers")), new TypeReference<>() {});
  }

  @Test
  void referenceSignerReproducesAwsGetVanillaVector() throws Exception {
    String sig = ReferenceSigV4.signature("GET", "https://example.amazonaws.com/",
        Map.of("X-Amz-Date", List.of("20150830T123600Z")), List.of("host", "x-amz-date"), "", SECRET, "20150830",
        "us-east-1", "service");

    assertThat(sig).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void buildsGetCallerIdentityAsVaultsClientDoes() throws Exception {
    LoginRequest r = method("us-east-1", "vault.example.com", AwsBasicCredentials.create(KEY_ID, SECRET))
        .loginRequest(null);

    assertThat(r.path()).isEqualTo("auth/aws/login");
    assertThat(r.body()).containsOnlyKeys("iam_http_request_method", "iam_request_url", "iam_request_body",
        "iam_request_headers", "role");
    assertThat(r.body()).containsEntry("iam_http_request_method", "POST").containsEntry("role", "ci-bot");
    assertThat(unb64(r.body().get("iam_request_url"))).isEqualTo("https://sts.amazonaws.com/");
    assertThat(unb64(r.body().get("iam_request_body"))).isEqualTo("Action=GetCallerIdentity&Version=2011-06-15");
    String headersJson = unb64(r.body().get("iam_request_headers"));
    Map<String, List<String>> headers = headers(r);
    assertThat(new ArrayList<>(headers.keySet())).as("Go http.Header: canonical keys, sorted, no Host")
        .isSorted().contains("Authorization", "Content-Type", "X-Amz-Date", "X-Vault-Aws-Iam-Server-Id")
        .doesNotContain("Host");
    assertThat(headersJson).contains("\"Content-Type\":[\"application/x-www-form-urlencoded; charset=utf-8\"]");
    assertThat(headers.get("X-Amz-Date")).containsExactly("20150830T123600Z");
    assertThat(headers.get("X-Vault-Aws-Iam-Server-Id")).containsExactly("vault.example.com");
  }

  @Test
  void signatureMatchesAnIndependentSigV4Computation() throws Exception {
    LoginRequest r = method("us-east-1", "vault.example.com", AwsBasicCredentials.create(KEY_ID, SECRET))
        .loginRequest(null);
    Map<String, List<String>> headers = headers(r);
    Matcher m = AUTH.matcher(headers.get("Authorization").get(0));
    assertThat(m.matches()).isTrue();
    List<String> signed = Arrays.asList(m.group(5).split(";"));

    assertThat(m.group(1)).isEqualTo(KEY_ID);
    assertThat(m.group(2)).isEqualTo("20150830");
    assertThat(m.group(3)).isEqualTo("us-east-1");
    assertThat(m.group(4)).isEqualTo("sts");
    assertThat(signed).contains("host", "content-type", "x-amz-date", "x-vault-aws-iam-server-id");
    String expected = ReferenceSigV4.signature("POST", unb64(r.body().get("iam_request_url")), headers, signed,
        unb64(r.body().get("iam_request_body")), SECRET, "20150830", "us-east-1", "sts");
    assertThat(m.group(6)).isEqualTo(expected);
  }

  @Test
  void otherRegionsSignForTheRegionalEndpoint() throws Exception {
    LoginRequest r = method("eu-west-1", "", AwsBasicCredentials.create(KEY_ID, SECRET)).loginRequest(null);
    Map<String, List<String>> headers = headers(r);
    Matcher m = AUTH.matcher(headers.get("Authorization").get(0));
    assertThat(m.matches()).isTrue();

    assertThat(unb64(r.body().get("iam_request_url"))).isEqualTo("https://sts.eu-west-1.amazonaws.com/");
    assertThat(m.group(3)).isEqualTo("eu-west-1");
    assertThat(headers).doesNotContainKey("X-Vault-Aws-Iam-Server-Id");
    List<String> signed = Arrays.asList(m.group(5).split(";"));
    assertThat(m.group(6)).isEqualTo(ReferenceSigV4.signature("POST", "https://sts.eu-west-1.amazonaws.com/",
        headers, signed, AwsIamMethod.STS_BODY, SECRET, "20150830", "eu-west-1", "sts"));
    assertThat(AwsIamMethod.stsEndpoint("cn-north-1")).isEqualTo("https://sts.cn-north-1.amazonaws.com.cn/");
  }

  @Test
  void sessionTokenIsSentAndSigned() throws Exception {
    LoginRequest r = method("us-east-1", "", AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "session-token-xyz"))
        .loginRequest(null);
    Map<String, List<String>> headers = headers(r);
    Matcher m = AUTH.matcher(headers.get("Authorization").get(0));
    assertThat(m.matches()).isTrue();

    assertThat(headers.get("X-Amz-Security-Token")).containsExactly("session-token-xyz");
    assertThat(m.group(5).split(";")).contains("x-amz-security-token");
  }

  @Test
  void goCanonicalHeaderKeys() {
    assertThat(AwsIamMethod.canonicalMimeKey("x-amz-date")).isEqualTo("X-Amz-Date");
    assertThat(AwsIamMethod.canonicalMimeKey("X-Vault-AWS-IAM-Server-ID")).isEqualTo("X-Vault-Aws-Iam-Server-Id");
    assertThat(AwsIamMethod.canonicalMimeKey("content-type")).isEqualTo("Content-Type");
  }
}
