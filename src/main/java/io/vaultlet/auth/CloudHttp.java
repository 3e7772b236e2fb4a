package io.vaultlet.auth;

import io.vaultlet.vault.BoundedExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP to the cloud endpoints the gcp and azure methods call (metadata servers, token endpoints, IAM): a 3s
 * connect timeout, 10s for the whole exchange, answers capped at 1 MiB ({@link BoundedExchange}), no redirects, no
 * retries (auto-auth's backoff retries the whole login). One client for the process.
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

  static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_BODY = 1024 * 1024;

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
      HttpResponse<byte[]> r = BoundedExchange.send(Holder.CLIENT, request, EXCHANGE_TIMEOUT, MAX_BODY);
      return new Response(r.statusCode(), r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8));
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
