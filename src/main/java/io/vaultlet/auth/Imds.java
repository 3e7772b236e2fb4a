package io.vaultlet.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * A minimal IMDSv2 client (token PUT, then GETs with the token), honouring the SDK's endpoint setting
 * ({@code aws.ec2MetadataServiceEndpoint} / {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}).
 */
final class Imds {

  static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String endpoint;

  Imds() {
    String e = SdkSystemSetting.AWS_EC2_METADATA_SERVICE_ENDPOINT.getStringValue()
        .orElse("http://169.254.169.254");
    this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
  }

  byte[] get(String path, String token) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(5))
        .header(TOKEN_HEADER, token).GET().build();
    return send(req, path);
  }

  String token() throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/latest/api/token"))
        .timeout(Duration.ofSeconds(5)).header(TOKEN_TTL_HEADER, "21600")
        .PUT(HttpRequest.BodyPublishers.noBody()).build();
    return new String(send(req, "/latest/api/token"), java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  private byte[] send(HttpRequest req, String path) throws IOException {
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException("instance metadata " + path + " answered " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading instance metadata " + path, e);
    }
  }
}
