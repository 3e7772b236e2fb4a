package io.vaultlet.auth;

import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Sizes;
import io.vaultlet.vault.BoundedExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP to the cloud endpoints the auth methods call themselves (AWS IMDS for ec2, the GCE metadata server,
 * Google's token endpoint and IAM, Azure IMDS and Entra ID): a 3s connect timeout, 10s for the whole exchange, answers
 * capped at 1 MiB ({@link BoundedExchange}), no redirects, no retries (auto-auth's backoff retries the whole login).
 * One client for the process; {@link Imds} brings its own with a shorter connect timeout.
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
    return send(Holder.CLIENT, get(uri, headers, EXCHANGE_TIMEOUT), EXCHANGE_TIMEOUT);
  }

  /** A {@code PUT} without a body (IMDSv2's session token). */
  static Response put(URI uri, Map<String, String> headers) throws IOException {
    return send(Holder.CLIENT, put(uri, headers, EXCHANGE_TIMEOUT), EXCHANGE_TIMEOUT);
  }

  static HttpRequest put(URI uri, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).PUT(HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return b.build();
  }

  static HttpRequest get(URI uri, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    headers.forEach(b::header);
    return b.build();
  }

  static Response post(URI uri, Map<String, String> headers, String contentType, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(EXCHANGE_TIMEOUT)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    return send(Holder.CLIENT, b.build(), EXCHANGE_TIMEOUT);
  }

  /**
   * One bounded exchange on {@code client}: the whole answer within {@code deadline}, at most {@link #MAX_BODY}
   * bytes. The errors name the endpoint and the bound, never the vault settings that bound Vault's answers.
   */
  static Response send(HttpClient client, HttpRequest request, Duration deadline) throws IOException {
    String where = request.uri().getScheme() + "://" + request.uri().getRawAuthority();
    try {
      HttpResponse<byte[]> r = BoundedExchange.send(client, request, deadline, MAX_BODY);
      return new Response(r.statusCode(), r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8));
    } catch (BoundedExchange.TooLarge e) {
      throw new IOException(where + " answered with a body larger than the limit of " + Sizes.format(MAX_BODY)
          + " (a fixed limit for cloud endpoints)", e);
    } catch (HttpConnectTimeoutException e) {
      throw new IOException("cannot connect to " + where + ": timed out", e);
    } catch (HttpTimeoutException e) {
      throw new IOException("no complete answer from " + where + " within " + GoDurations.format(deadline), e);
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
