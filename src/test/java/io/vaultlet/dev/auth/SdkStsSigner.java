package io.vaultlet.dev.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Builds an IAM login as Vault's {@code awsutil.GenerateLoginData} does, but signed by the AWS SDK for Java v2 (the
 * production side's signer): an STS {@code GetCallerIdentity} POST, the server-id header added before signing.
 */
final class SdkStsSigner {

  /** The signed request, headers in Go's canonical form. */
  record Signed(String url, String body, Map<String, List<String>> headers) {}

  private SdkStsSigner() {}

  static Signed sign(AwsCredentialsIdentity identity, Instant at, String serverId) {
    String body = AwsIamAuth.GET_CALLER_IDENTITY_BODY;
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("https://sts.amazonaws.com/"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    if (serverId != null) {
      request.putHeader(AwsIamAuth.SERVER_ID_HEADER, serverId);
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((k, v) -> headers.put(AwsIamAuth.canonicalMimeKey(k), List.copyOf(v)));
    return new Signed(signed.request().getUri().toString(), body, headers);
  }

  /** The login body: the four {@code iam_*} fields, base64 as Vault expects. */
  static Map<String, Object> loginData(Signed s, String role) throws Exception {
    Map<String, Object> data = new HashMap<>();
    if (role != null) {
      data.put("role", role);
    }
    data.put("iam_http_request_method", "POST");
    data.put("iam_request_url", b64(s.url()));
    data.put("iam_request_body", b64(s.body()));
    data.put("iam_request_headers", b64(new ObjectMapper().writeValueAsString(s.headers())));
    return data;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
