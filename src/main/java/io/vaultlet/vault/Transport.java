package io.vaultlet.vault;

import io.vaultlet.support.Failures;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@link VaultClient}, shared by all its views: one {@link Http1Client} (its kept-alive connections),
 * a per-host connection bound, Vault's retry policy and manual redirect following.
 */
final class Transport {

  /** Standby redirects followed per attempt (Vault's Go client follows one; a few more tolerate leader changes). */
  static final int MAX_REDIRECTS = 3;

  private static final Log LOG = Log.named("vault.client");

  private final URI address;
  /** Where a redirect may lead: the configured address's server and the named ones. */
  private final RedirectRule redirects;
  private final Http1Client http;
  private final Duration timeout;
  private final long maxResponseSize;
  private final int maxConnectionsPerHost;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Sleeper sleeper;
  private final Backoff backoff;

  Transport(URI address, List<URI> redirectAddresses, Http1Client http, Duration timeout, long maxResponseSize,
      int maxConnectionsPerHost, Sleeper sleeper, Backoff backoff) {
    this.address = address;
    this.redirects = new RedirectRule(address, redirectAddresses);
    this.http = http;
    this.timeout = timeout;
    this.maxResponseSize = maxResponseSize;
    this.maxConnectionsPerHost = maxConnectionsPerHost;
    this.sleeper = sleeper;
    this.backoff = backoff;
  }

  /** What came back: status, headers, body bytes. */
  record Raw(int status, HttpHeaders headers, byte[] body, URI uri) {}

  /** A fully resolved request: everything the wire needs, the token and namespace already chosen. */
  record Call(VaultRequest request, String token, String namespace, int maxRetries, boolean healthAnswers) {}

  Raw execute(Call call) {
    VaultRequest r = call.request();
    URI uri = uri(r);
    byte[] body = r.body() == null ? null : Json.write(r.body());
    for (int attempt = 0; ; attempt++) {
      Raw raw = null;
      IOException failure = null;
      try {
        raw = sendFollowingRedirects(call, uri, body);
        uri = raw.uri();
      } catch (IOException e) {
        failure = e;
      }
      boolean retry = failure != null ? retryable(failure) : retryable(raw, call.healthAnswers());
      if (retry && attempt < call.maxRetries()) {
        int status = raw == null ? 0 : raw.status();
        Optional<Duration> wait = backoff.before(attempt + 1, status, raw == null ? null : raw.headers());
        if (wait.isPresent()) {
          LOG.warn("retrying Vault request", "method", r.method(), "path", r.path(),
              "reason", failure != null ? Failures.network(failure, uri.getAuthority()) : "status " + status,
              "attempt", attempt + 1, "max_retries", call.maxRetries(), "wait", wait.get().toMillis() + "ms");
          sleep(r, uri, wait.get());
          continue;
        }
      }
      if (failure != null) {
        throw VaultException.connection(r.method(), r.path(), display(uri), failure);
      }
      return raw;
    }
  }

  private Raw sendFollowingRedirects(Call call, URI start, byte[] body) throws IOException {
    VaultRequest r = call.request();
    URI uri = start;
    for (int hop = 0; ; hop++) {
      Raw raw = sendOnce(call, uri, body);
      if (!isRedirect(raw.status())) {
        return raw;
      }
      Optional<String> location = raw.headers().firstValue("Location");
      if (location.isEmpty()) {
        return raw;
      }
      if (hop >= MAX_REDIRECTS) {
        throw VaultException.client(r.method(), r.path(), display(uri),
            "too many redirects (more than " + MAX_REDIRECTS + ")");
      }
      RedirectRule.Decision d = redirects.judge(uri, location.get());
      URI next = d.next();
      if (d.verdict() == RedirectRule.Verdict.INVALID) {
        throw VaultException.client(r.method(), r.path(), display(uri), "redirect to an invalid Location");
      }
      if (d.verdict() == RedirectRule.Verdict.DOWNGRADE) {
        throw VaultException.client(r.method(), r.path(), display(uri), "redirect would cause protocol downgrade");
      }
      if (d.verdict() == RedirectRule.Verdict.OTHER_SERVER) {
        // The request carries the token (and perhaps a secret in its body): it is never resent to another server.
        LOG.warn("refusing a redirect to another server; the request is not resent", "method", r.method(),
            "path", r.path(), "status", raw.status(), "to", origin(next));
        throw VaultException.client(r.method(), r.path(), display(uri), "refusing to follow a redirect to "
            + origin(next) + ": redirects are followed only to the configured Vault address (" + origin(address)
            + ") and to vault.redirect_addresses; the request, with its token, was not sent there");
      }
      LOG.debug("following redirect", "method", r.method(), "path", r.path(), "status", raw.status(),
          "to", next.getScheme() + "://" + next.getAuthority());
      uri = next;
    }
  }

  private Raw sendOnce(Call call, URI uri, byte[] body) throws IOException {
    List<String> headers = headers(call);
    Semaphore slot = maxConnectionsPerHost <= 0 ? null
        : permits.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), k -> new Semaphore(maxConnectionsPerHost, true));
    try {
      if (slot != null && !slot.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no free connection to " + uri.getAuthority() + " within " + timeout.toSeconds()
            + "s (max_connections_per_host=" + maxConnectionsPerHost + ")");
      }
      try {
        // the whole exchange, headers and body, within the timeout; the body read with a cap
        Http1Client.Response resp = http.send(call.request().method(), uri, headers, body, timeout, maxResponseSize);
        LOG.trace("vault response", "method", call.request().method(), "path", call.request().path(),
            "status", resp.status());
        return new Raw(resp.status(), resp.headers(), resp.body(), uri);
      } finally {
        if (slot != null) {
          slot.release();
        }
      }
    } catch (Http1Client.TooLarge e) {
      throw VaultException.client(call.request().method(), call.request().path(), display(uri), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw VaultException.client(call.request().method(), call.request().path(), display(uri), "interrupted");
    }
  }

  /** Vault's headers for {@code call} (names and values, alternating), then the request's own. */
  private static List<String> headers(Call call) {
    VaultRequest r = call.request();
    List<String> h = new ArrayList<>(8);
    h.add("X-Vault-Request");
    h.add("true");
    if (call.token() != null && !call.token().isEmpty()) {
      h.add("X-Vault-Token");
      h.add(call.token());
    }
    if (call.namespace() != null && !call.namespace().isEmpty()) {
      h.add("X-Vault-Namespace");
      h.add(call.namespace());
    }
    if (r.wrapTtl() != null) {
      h.add("X-Vault-Wrap-TTL");
      h.add(Long.toString(Math.max(1, r.wrapTtl().toSeconds())));
    }
    r.headers().forEach((name, values) -> values.forEach(v -> {
      h.add(name);
      h.add(v);
    }));
    if (r.body() != null) {
      h.add("Content-Type");
      h.add("application/json");
    }
    return h;
  }

  private void sleep(VaultRequest r, URI uri, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw VaultException.client(r.method(), r.path(), display(uri), "interrupted");
    }
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Vault's policy: 412, 429, 5xx except 501. {@code sys/health} codes are answers (its 429 means "standby"). */
  static boolean retryable(Raw raw, boolean healthAnswers) {
    int s = raw.status();
    if (healthAnswers && VaultClient.isHealthAnswer(raw)) {
      return false;
    }
    return s == 412 || s == 429 || (s >= 500 && s != 501);
  }

  /** Connection failures are retried, except certificate problems: retrying cannot fix those. */
  static boolean retryable(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateException || c instanceof java.security.cert.CertPathValidatorException
          || c instanceof javax.net.ssl.SSLPeerUnverifiedException) {
        return false;
      }
    }
    return true;
  }

  URI uri(VaultRequest r) {
    String base = address.getPath() == null ? "" : address.getPath();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      URI u = new URI(address.getScheme(), null, address.getHost(), address.getPort(), base + "/v1/" + r.path(),
          null, null);
      String q = encode(r.query());
      return q.isEmpty() ? u : URI.create(u.toASCIIString() + "?" + q);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid Vault path \"" + r.path() + "\": " + e.getReason());
    }
  }

  static String encode(Map<String, List<String>> query) {
    StringBuilder sb = new StringBuilder();
    query.forEach((k, vs) -> vs.forEach(v -> {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }));
    return sb.toString();
  }

  /** {@code scheme://host:port}, lower-case, with the scheme's default port filled in: what "same server" compares. */
  static String origin(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    return scheme + "://" + hostAndPort(u);
  }

  /**
   * {@code host:port}, lower-case, with the scheme's default port filled in (an IPv6 host in brackets): the server
   * part of {@link #origin}, and what an error names as the server.
   */
  static String hostAndPort(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Scheme, authority and path: never the query (it may carry values). */
  static String display(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
  }
}
