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
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a request received by the agent's API proxy to Vault as it came — method, path, query, headers and body bytes
 * — and hands back the answer unread, so its body streams to the client. Behaves like Vault's Go client under
 * {@code RawRequestWithContext}, as Vault Agent's proxy uses it: retries of connection failures, 412, 429 and 5xx
 * except 501 with the same backoff as {@link VaultClient} ({@code retry} waits {@code n × U[1s,1.5s)}, a 429/503's
 * {@code Retry-After} instead), up to {@code maxRetries} (Vault Agent: {@code vault.retry.num_retries}, 12 by
 * default) — and all of it, retries and waits included, within the client timeout ({@code vault.client_timeout},
 * 60 s by default): when that runs out the
 * request fails with {@code context deadline exceeded}, so an unreachable Vault costs a client at most a minute, not
 * the ≈ 97 s twelve waits would add up to. One redirect (301, 302, 307) is followed, as Vault's client follows one,
 * and only to the configured address's scheme, host and port or to {@code vault.redirect_addresses} (never https →
 * http; any other redirect goes back to the client as Vault sent it, so the auto-auth token never follows it). The
 * {@code vault} stanza's TLS settings.
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
  private final RedirectRule redirects;
  private final HttpClient http;
  private final Duration timeout;
  private final int maxRetries;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Backoff backoff;
  private final EnvironmentProxies proxies;

  private VaultForwarder(URI address, List<URI> redirectAddresses, HttpClient http, Duration timeout,
      int maxRetries, Sleeper sleeper, Clock clock, EnvironmentProxies proxies) {
    this.address = address;
    this.proxies = proxies;
    this.redirects = new RedirectRule(address, redirectAddresses);
    this.http = http;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
    this.clock = clock;
    this.backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble(), clock);
  }

  /** A forwarder for the {@code vault} stanza's {@code settings}, retrying {@code maxRetries} times. */
  public static VaultForwarder create(VaultClient.Settings settings, int maxRetries) throws IOException {
    return create(settings, maxRetries, Sleeper.SYSTEM, Clock.systemUTC());
  }

  /** As {@link #create(VaultClient.Settings, int)}, waiting through {@code sleeper} on {@code clock} (tests). */
  public static VaultForwarder create(VaultClient.Settings settings, int maxRetries, Sleeper sleeper, Clock clock)
      throws IOException {
    return create(settings, maxRetries, sleeper, clock, EnvironmentProxies.system());
  }

  /**
   * As above, with the proxies chosen by {@code proxies} (the process's: {@link EnvironmentProxies#system()}); the
   * JVM's selector when it names none.
   */
  public static VaultForwarder create(VaultClient.Settings settings, int maxRetries, Sleeper sleeper, Clock clock,
      EnvironmentProxies proxies) throws IOException {
    Tls.Setup tls = Tls.build(settings);
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .sslContext(tls.context())
        .sslParameters(tls.parameters());
    if (proxies.fromEnvironment()) {
      b.proxy(proxies);
      java.net.Authenticator credentials = proxies.authenticator();
      if (credentials != null) {
        // the JDK client sends no caller's Proxy-Authorization on a CONNECT: it answers the proxy's 407 through an
        // Authenticator, with Basic only since EnvironmentProxies.prepareJdk lifted the JDK's ban on it for tunnels
        b.authenticator(credentials);
      }
    } // else: the JDK client's default, the JVM's ProxySelector
    return new VaultForwarder(settings.address(), settings.redirectAddresses(), b.build(), settings.timeout(),
        Math.max(0, maxRetries), sleeper, clock, proxies);
  }

  /**
   * Forwards {@code f}; every attempt but the last has its body discarded when the policy retries it. The whole call
   * — attempts and waits — fits in the client timeout.
   *
   * @throws IOException when Vault could not be reached (after the retries), or the timeout ran out; the message
   *     reads like Go's
   */
  public Answer send(Forward f, RetryPolicy policy) throws IOException {
    URI uri = target(f);
    Instant deadline = clock.instant().plus(timeout);
    for (int attempt = 0; ; attempt++) {
      Answer a;
      try {
        a = sendFollowingRedirect(f, uri, left(deadline, f, uri));
      } catch (IOException e) {
        if (e instanceof HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)) {
          throw deadlineExceeded(f, uri); // the attempt had the rest of the client timeout
        }
        if (attempt < maxRetries && retryable(e)) {
          Duration wait = backoff.before(attempt + 1, 0, null).orElse(Backoff.MIN_WAIT);
          LOG.warn("retrying a proxied request", "method", f.method(), "path", f.rawPath(), "reason",
              "connection failure", "attempt", attempt + 1);
          pause(wait, deadline, f, uri);
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
          pause(wait.get(), deadline, f, uri);
          continue;
        }
      }
      return a;
    }
  }

  /** What is left of the client timeout for the next attempt. */
  private Duration left(Instant deadline, Forward f, URI uri) throws IOException {
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw deadlineExceeded(f, uri);
    }
    return left;
  }

  /** Go's error when the request's context runs out: {@code context deadline exceeded}. */
  private static IOException deadlineExceeded(Forward f, URI uri) {
    return new IOException(f.method() + " \"" + display(uri) + "\": context deadline exceeded");
  }

  /** Waits before a retry, unless the wait would outlast the client timeout (then the request has failed). */
  private void pause(Duration wait, Instant deadline, Forward f, URI uri) throws IOException {
    if (!clock.instant().plus(wait).isBefore(deadline)) {
      LOG.warn("giving up on a proxied request: the client timeout runs out before the next retry", "method",
          f.method(), "path", f.rawPath(), "timeout", timeout);
      throw new IOException("context deadline exceeded");
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Vault's client follows one redirect (301, 302, 307), never from https to http. */
  private Answer sendFollowingRedirect(Forward f, URI start, Duration left) throws IOException {
    Answer a = sendOnce(f, start, left);
    Optional<String> location = a.headers().firstValue("Location");
    int s = a.status();
    if ((s != 301 && s != 302 && s != 307) || location.isEmpty()) {
      return a;
    }
    RedirectRule.Decision d = redirects.judge(start, location.get());
    URI next = d.next();
    if (d.verdict() == RedirectRule.Verdict.INVALID || d.verdict() == RedirectRule.Verdict.DOWNGRADE) {
      return a; // never downgrade: the client gets the redirect as Vault sent it
    }
    if (d.verdict() == RedirectRule.Verdict.OTHER_SERVER) {
      // the request may carry the auto-auth token: it is never resent to another server
      LOG.warn("not following a redirect to another server; the client gets it as Vault sent it", "method",
          f.method(), "path", f.rawPath(), "status", a.status(), "to", Transport.origin(next));
      return a;
    }
    a.body().close();
    return sendOnce(f, next, left);
  }

  private Answer sendOnce(Forward f, URI uri, Duration left) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(left);
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

  private static boolean retryable(IOException e) {
    return Transport.retryable(e);
  }

  private static String display(URI uri) {
    return Transport.display(uri);
  }
}
