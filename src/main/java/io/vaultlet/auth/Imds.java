package io.vaultlet.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * A minimal IMDSv2 client (token PUT, then GETs with the token), honouring the SDK's endpoint setting
 * ({@code aws.ec2MetadataServiceEndpoint} / {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}). Every exchange goes through
 * {@link CloudHttp}: the whole answer within 10s, at most 1 MiB. Its own client only for a shorter connect timeout
 * (2s: off EC2 the link-local address does not answer at all).
 */
final class Imds {

  static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  private final String endpoint;
  private final Duration deadline;

  Imds() {
    this(SdkSystemSetting.AWS_EC2_METADATA_SERVICE_ENDPOINT.getStringValue().orElse("http://169.254.169.254"),
        CloudHttp.EXCHANGE_TIMEOUT);
  }

  /** For tests: another endpoint and deadline. */
  Imds(String endpoint, Duration deadline) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.deadline = deadline;
  }

  String get(String path, String token) throws IOException {
    return send(CloudHttp.get(URI.create(endpoint + path), Map.of(TOKEN_HEADER, token), deadline), path);
  }

  String token() throws IOException {
    String path = "/latest/api/token";
    return send(CloudHttp.put(URI.create(endpoint + path), Map.of(TOKEN_TTL_HEADER, "21600"), deadline), path).trim();
  }

  private String send(HttpRequest req, String path) throws IOException {
    CloudHttp.Response r = CloudHttp.send(http, req, deadline);
    if (r.status() != 200) {
      throw new IOException("instance metadata " + path + " answered " + r.status());
    }
    return r.body();
  }
}
