package io.vaultlet.vault;

import io.vaultlet.support.Failures;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a request received by the agent's API proxy to Vault as it came — method, path, query, headers and body bytes
 * — and hands back the answer unread, so its body streams to the client. Behaves like Vault's Go client under
 * {@code RawRequest}: retries of connection failures, 412, 429 and 5xx except 501 with the same backoff as
 * {@link VaultClient} ({@code retry} waits {@code n × U[1s,1.5s)}), standby redirects followed only to the configured
 * address's scheme, host and port or to {@code vault.redirect_addresses} (never https → http; any other redirect goes
 * back to the client as Vault sent it, so the auto-auth token never follows it), and the same TLS settings
 * ({@code vault} stanza).
 */
public final class VaultForwarder {

  private static final Log LOG = Log.named("apiproxy.client");
  /** Hop-by-hop fields and those the JDK client sets itself (it refuses them). */
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "accept-encoding", "http2-settings");

  /** A request to forward. */
  public record Forward(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
      byte[] body) {}

  /** Vault's answer: status, headers, and the body still to be read (close it). */
  public record Answer(int status, HttpHeaders headers, InputStream body) {}

  /** Decides whether an answer is retried (the default policy, or one that leaves 412 to the caller). */
  @FunctionalInterface
  public interface RetryPolicy {
    boolean retry(int status);

    RetryPolicy DEFAULT = s -> s == 412 || s == 429 || (s >= 500 && s != 501);
    RetryPolicy NO_412 = s -> s == 429 || (s >= 500 && s != 501);
  }

  private final URI address;
  /** Where a redirect may be followed to ({@code scheme://host:port}): the configured address and the named ones. */
  private final Set<String> redirectOrigins;
  private final HttpClient http;
  private final Duration timeout;
  private final int maxRetries;
  private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());

  private VaultForwarder(URI address, List<URI> redirectAddresses, HttpClient http, Duration timeout,
      int maxRetries) {
    this.address = address;
    Set<String> origins = new java.util.LinkedHashSet<>();
    origins.add(Transport.origin(address));
    redirectAddresses.forEach(a -> origins.add(Transport.origin(a)));
    this.redirectOrigins = Set.copyOf(origins);
    this.http = http;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
  }

  /** A forwarder for the {@code vault} stanza's {@code settings}, retrying {@code maxRetries} times. */
  public static VaultForwarder create(VaultClient.Settings settings, int maxRetries) throws IOException {
    Tls.Setup tls = Tls.build(settings);
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .sslContext(tls.context())
        .sslParameters(tls.parameters())
        .build();
    return new VaultForwarder(settings.address(), settings.redirectAddresses(), http, settings.timeout(),
        Math.max(0, maxRetries));
  }

  /**
   * Forwards {@code f}; every attempt but the last has its body discarded when the policy retries it.
   *
   * @throws IOException when Vault could not be reached (after the retries); the message reads like Go's
   */
  public Answer send(Forward f, RetryPolicy policy) throws IOException {
    URI uri = target(f);
    for (int attempt = 0; ; attempt++) {
      Answer a;
      try {
        a = sendFollowingRedirects(f, uri);
      } catch (IOException e) {
        if (attempt < maxRetries && retryable(e)) {
          sleep(attempt + 1, 0, null, f);
          continue;
        }
        throw new IOException(f.method() + " \"" + display(uri) + "\": " + Failures.network(e, uri.getAuthority()),
            e);
      }
      if (attempt < maxRetries && policy.retry(a.status())) {
        Optional<Duration> wait = backoff.before(attempt + 1, a.status(), a.headers());
        if (wait.isPresent()) {
          a.body().close();
          LOG.warn("retrying a proxied request", "method", f.method(), "path", f.rawPath(), "status", a.status(),
              "attempt", attempt + 1);
          pause(wait.get());
          continue;
        }
      }
      return a;
    }
  }

  private Answer sendFollowingRedirects(Forward f, URI start) throws IOException {
    URI uri = start;
    for (int hop = 0; ; hop++) {
      Answer a = sendOnce(f, uri);
      Optional<String> location = a.headers().firstValue("Location");
      if (!Transport.isRedirect(a.status()) || location.isEmpty() || hop >= Transport.MAX_REDIRECTS) {
        return a;
      }
      URI next;
      try {
        next = uri.resolve(new URI(location.get()));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return a;
      }
      if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
        return a; // never downgrade: the client gets the redirect as Vault sent it
      }
      if (!redirectOrigins.contains(Transport.origin(next))) {
        // the request may carry the auto-auth token: it is never resent to another server
        LOG.warn("not following a redirect to another server; the client gets it as Vault sent it", "method",
            f.method(), "path", f.rawPath(), "status", a.status(), "to", Transport.origin(next));
        return a;
      }
      a.body().close();
      uri = next;
    }
  }

  private Answer sendOnce(Forward f, URI uri) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    for (Map.Entry<String, String> h : f.headers()) {
      if (!DROPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        b.header(h.getKey(), h.getValue());
      }
    }
    b.method(f.method(), f.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(f.body()));
    try {
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Answer(r.statusCode(), r.headers(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot forward the request: " + e.getMessage(), e);
    }
  }

  private URI target(Forward f) throws IOException {
    String base = address.getPath() == null ? "" : address.getPath();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String s = address.getScheme() + "://" + address.getRawAuthority() + base + f.rawPath()
        + (f.rawQuery().isEmpty() ? "" : "?" + f.rawQuery());
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new IOException("invalid request path: " + e.getReason());
    }
  }

  private void sleep(int retry, int status, HttpHeaders headers, Forward f) throws IOException {
    Duration wait = backoff.before(retry, status, headers).orElse(Backoff.MIN_WAIT);
    LOG.warn("retrying a proxied request", "method", f.method(), "path", f.rawPath(), "reason",
        "connection failure", "attempt", retry);
    pause(wait);
  }

  private static void pause(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static boolean retryable(IOException e) {
    return Transport.retryable(e);
  }

  private static String display(URI uri) {
    return Transport.display(uri);
  }
}
