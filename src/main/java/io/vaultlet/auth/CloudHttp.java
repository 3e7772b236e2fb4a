package io.vaultlet.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP to the cloud endpoints the gcp and azure methods call (metadata servers, token endpoints, IAM): short
 * timeouts, no redirects, no retries (auto-auth's backoff retries the whole login). One client for the process.
 */
final class CloudHttp {

  /** An answer: status and body text. */
  record Response(int status, String body) {

    boolean ok() {
      return status == 200;
    }

    /** The body cut for an error message (bodies of error answers hold no secrets, but may be long). */
    String excerpt() {
      String b = body.strip();
      return b.length() > 300 ? b.substring(0, 300) + "…" : b;
    }
  }

  private static final class Holder {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  private CloudHttp() {}

  static Response get(URI uri, Map<String, String> headers) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    headers.forEach(b::header);
    return send(b.build());
  }

  static Response post(URI uri, Map<String, String> headers, String contentType, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    return send(b.build());
  }

  private static Response send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> r = Holder.CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body() == null ? "" : r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** {@code application/x-www-form-urlencoded} of the pairs, in order. */
  static String form(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder();
    fields.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return sb.toString();
  }
}
