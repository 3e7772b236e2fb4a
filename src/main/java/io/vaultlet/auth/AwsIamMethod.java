package io.vaultlet.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * {@code aws} with {@code type = "iam"} (vault-agent.md §2.5): an STS {@code GetCallerIdentity} POST signed with the
 * AWS SDK's SigV4 signer, sent to Vault as the four base64 {@code iam_*} fields plus {@code role}. Credentials are
 * resolved at every login: static keys when {@code access_key} and {@code secret_key} are both set, else the SDK's
 * default chain (env, profile, web identity/IRSA, ECS container, EC2 IMDSv2), which refreshes expiring ones itself.
 */
public final class AwsIamMethod implements AuthMethod {

  static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
  static final String SERVER_ID_HEADER = "X-Vault-AWS-IAM-Server-ID";

  private static final Log LOG = Log.named("auth.aws");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mountPath;
  private final String role;
  private final String region;
  private final String headerValue;
  private final AwsCredentialsProvider credentials;
  private final Duration pollInterval;
  private final Clock clock;
  private AwsCredentials lastUsed;

  AwsIamMethod(String mountPath, String role, String region, String headerValue, AwsCredentialsProvider credentials,
      Duration pollInterval, Clock clock) {
    this.mountPath = mountPath;
    this.role = role;
    this.region = region;
    this.headerValue = headerValue == null ? "" : headerValue;
    this.credentials = credentials;
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "aws";
  }

  @Override
  public synchronized LoginRequest loginRequest(VaultClient client) {
    AwsCredentials creds = resolve();
    lastUsed = creds;
    Signed s = sign(creds);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("iam_http_request_method", "POST");
    body.put("iam_request_url", b64(s.url()));
    body.put("iam_request_body", b64(STS_BODY));
    body.put("iam_request_headers", b64(s.headersJson()));
    body.put("role", role);
    return LoginRequest.of(mountPath + "/login", body);
  }

  @Override
  public Duration credentialPollInterval() {
    return pollInterval;
  }

  @Override
  public synchronized boolean credentialsChanged() {
    AwsCredentials now = resolve();
    return lastUsed == null || !same(lastUsed, now);
  }

  /** Resolves credentials now; the SDK's providers cache and refresh them before they expire. */
  AwsCredentials resolve() {
    AwsCredentials c;
    try {
      c = credentials.resolveCredentials();
    } catch (RuntimeException e) {
      throw new AuthException("aws iam: unable to retrieve AWS credentials: " + e.getMessage(), e);
    }
    Redactor.register(c.secretAccessKey());
    if (c instanceof AwsSessionCredentials sc) {
      Redactor.register(sc.sessionToken());
    }
    return c;
  }

  /** The signed STS request: the URL and the headers as Go's {@code http.Header} JSON (sorted, array values). */
  record Signed(String url, String headersJson, Map<String, List<String>> headers) {
    @Override
    public String toString() {
      return "Signed{url=" + url + ", headers=" + headers.keySet() + "}";
    }
  }

  Signed sign(AwsCredentials creds) {
    String url = stsEndpoint(region);
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(url))
        .putHeader("Content-Type", CONTENT_TYPE);
    if (!headerValue.isEmpty()) {
      request.putHeader(SERVER_ID_HEADER, headerValue);
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(creds)
        .request(request.build())
        .payload(ContentStreamProvider.fromUtf8String(STS_BODY))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    Map<String, List<String>> headers = new TreeMap<>();
    signed.request().headers().forEach((k, v) -> {
      // Go's http.Header never carries Host (it travels in Request.Host); the server takes it from the URL.
      if (!k.equalsIgnoreCase("Host")) {
        headers.computeIfAbsent(canonicalMimeKey(k), x -> new ArrayList<>()).addAll(v);
      }
    });
    try {
      return new Signed(url, JSON.writeValueAsString(headers), headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode headers", e);
    }
  }

  /** Vault's STS endpoint: the global one for us-east-1 (compatibility), else the regional one; trailing slash. */
  static String stsEndpoint(String region) {
    if (region.isEmpty() || AwsAccessKeyConfig.DEFAULT_REGION.equals(region)) {
      return "https://sts.amazonaws.com/";
    }
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://sts." + region + "." + suffix + "/";
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey}: {@code x-amz-date} becomes {@code X-Amz-Date}. */
  static String canonicalMimeKey(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (char c : key.toCharArray()) {
      if (c == ' ') {
        return key;
      }
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  private static boolean same(AwsCredentials a, AwsCredentials b) {
    String ta = a instanceof AwsSessionCredentials s ? s.sessionToken() : "";
    String tb = b instanceof AwsSessionCredentials s ? s.sessionToken() : "";
    return a.accessKeyId().equals(b.accessKeyId()) && a.secretAccessKey().equals(b.secretAccessKey())
        && Objects.equals(ta, tb);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Vault probes the chain at startup and fails if no credentials can be found; so do we. */
  void probe() {
    AwsCredentials c = resolve();
    LOG.info("aws credentials found", "access_key_id", c.accessKeyId());
  }
}
