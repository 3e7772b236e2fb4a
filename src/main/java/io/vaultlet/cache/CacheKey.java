package io.vaultlet.cache;

import io.vaultlet.listener.http.Headers;
import io.vaultlet.listener.http.HttpRequest;
import io.vaultlet.template.Dependency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What identifies a proxied request in the lease cache: a SHA-256 over the method, the path, the query (its raw
 * {@code name=value} pairs, every value of a repeated name, ordered by name), the header fields that change Vault's
 * answer, the body bytes and the token. Vault Agent hashes the whole serialized request, so incidental headers
 * ({@code User-Agent}, {@code Accept}, tracing ids) make equal requests miss; vaultlet leaves those out
 * ({@link #INCIDENTAL}). Computed once per request ({@link #of}) and used for both the lookup and the offer.
 */
public final class CacheKey {

  /** Fields that never change what Vault answers, left out of the key. */
  static final Set<String> INCIDENTAL = Set.of("host", "user-agent", "accept", "accept-encoding", "accept-language",
      "connection", "keep-alive", "content-length", "transfer-encoding", "expect", "date", "x-vault-request",
      "x-vault-token", "authorization", "traceparent", "tracestate", "x-request-id", "x-forwarded-for",
      "x-forwarded-proto", "x-forwarded-host", "x-real-ip", "cache-control", "pragma", "te",
      // Vault Agent removes the consistency headers before computing its key
      "x-vault-index", "x-vault-forward", "x-vault-inconsistent");

  private final HttpRequest request;
  private final String token;
  private final String hash;

  private CacheKey(HttpRequest request, String token, String hash) {
    this.request = request;
    this.token = token;
    this.hash = hash;
  }

  /** The key of {@code r} sent with {@code token} (empty or null: none). */
  public static CacheKey of(HttpRequest r, String token) {
    String t = token == null ? "" : token;
    return new CacheKey(r, t, hash(r, t));
  }

  HttpRequest request() {
    return request;
  }

  String token() {
    return token;
  }

  /** The hex SHA-256 the cache indexes by. */
  String hash() {
    return hash;
  }

  private static String hash(HttpRequest r, String token) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    feed(sha, r.method());
    feed(sha, r.rawPath());
    feed(sha, query(r.rawQuery()));
    feed(sha, significantHeaders(r.headers()).toString());
    sha.update(r.body());
    sha.update((byte) 0);
    feed(sha, token);
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The query as the key sees it: its raw pairs ordered by name (a stable sort: the values of a repeated name keep
   * their order), so {@code b=2&a=1} and {@code a=1&b=2} are one key, {@code a=1&a=2} and {@code a=1&a=3} two.
   */
  static String query(String rawQuery) {
    return Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty())
        .sorted(Comparator.comparing((String p) -> p.indexOf('=') < 0 ? p : p.substring(0, p.indexOf('='))))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> significantHeaders(Headers headers) {
    Map<String, String> out = new TreeMap<>();
    for (Headers.Field f : headers.fields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      if (!INCIDENTAL.contains(name)) {
        out.merge(name, f.value(), (a, b) -> a + "," + b);
      }
    }
    return out;
  }

  private static void feed(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  /**
   * The template dependency an identical request stands for, when there is one: a plain {@code GET /v1/<path>} with
   * no query, no body and no header that changes the answer is what {@code secret "<path>"} reads.
   */
  static Optional<Dependency> asDependency(HttpRequest r) {
    if (!r.method().equals("GET") || !r.rawQuery().isEmpty() || r.body().length > 0
        || !significantHeaders(r.headers()).isEmpty() || !r.rawPath().startsWith("/v1/")) {
      return Optional.empty();
    }
    String path = r.path().substring("/v1/".length());
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.isEmpty() ? Optional.empty() : Optional.of(new Dependency.VaultRead(path, Map.of()));
  }
}
