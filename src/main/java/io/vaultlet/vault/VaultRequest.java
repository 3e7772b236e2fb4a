package io.vaultlet.vault;

import io.vaultlet.support.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One logical Vault request: method, path relative to {@code /v1/}, query, JSON body and per-request headers.
 *
 * <pre>
 * VaultRequest.get("secret/data/app").query("version", "3").build();
 * VaultRequest.post("auth/approle/login").body(Map.of("role_id", id, "secret_id", sid)).withoutToken().build();
 * </pre>
 */
public final class VaultRequest {

  enum TokenMode { INHERIT, NONE, EXPLICIT }

  private final String method;
  private final String path;
  private final Map<String, List<String>> query;
  private final Object body;
  private final TokenMode tokenMode;
  private final String token;
  private final String namespace;
  private final Duration wrapTtl;
  private final Map<String, List<String>> headers;

  private VaultRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = Collections.unmodifiableMap(copy(b.query));
    this.body = b.body;
    this.tokenMode = b.tokenMode;
    this.token = b.token;
    this.namespace = b.namespace;
    this.wrapTtl = b.wrapTtl;
    this.headers = Collections.unmodifiableMap(copy(b.headers));
  }

  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  /** A list as {@code GET ?list=true} (the form every HTTP stack can send; Vault treats it as LIST). */
  public static Builder list(String path) {
    String p = normalise(path);
    return new Builder("GET", p.endsWith("/") || p.isEmpty() ? p : p + "/").query("list", "true");
  }

  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  public static Builder put(String path) {
    return new Builder("PUT", path);
  }

  public static Builder delete(String path) {
    return new Builder("DELETE", path);
  }

  public static Builder of(String method, String path) {
    return new Builder(method.toUpperCase(Locale.ROOT), path);
  }

  public String method() {
    return method;
  }

  /** The logical path, without a leading slash or {@code v1/}. */
  public String path() {
    return path;
  }

  public Map<String, List<String>> query() {
    return query;
  }

  /** The JSON body (a Jackson tree, a Map or a record), or null. */
  public Object body() {
    return body;
  }

  TokenMode tokenMode() {
    return tokenMode;
  }

  String token() {
    return token;
  }

  /** The per-request namespace; null means the client's, "" means none. */
  public String namespace() {
    return namespace;
  }

  public Duration wrapTtl() {
    return wrapTtl;
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Method and path only: queries and bodies may carry secrets. */
  @Override
  public String toString() {
    return method + " " + path;
  }

  static String normalise(String path) {
    String p = Objects.requireNonNull(path, "path").trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.startsWith("v1/")) {
      p = p.substring(3);
    }
    return p;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** Builds a {@link VaultRequest}. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private Object body;
    private TokenMode tokenMode = TokenMode.INHERIT;
    private String token;
    private String namespace;
    private Duration wrapTtl;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private Builder(String method, String path) {
      this.method = method;
      this.path = normalise(path);
    }

    /** Adds a query parameter (repeatable). */
    public Builder query(String name, String value) {
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    public Builder query(Map<String, String> params) {
      if (params != null) {
        params.forEach(this::query);
      }
      return this;
    }

    /** The JSON body: a Jackson tree, a Map, or anything Jackson can serialise. */
    public Builder body(Object body) {
      this.body = body;
      return this;
    }

    /** Sends no {@code X-Vault-Token} (logins, unauthenticated endpoints). */
    public Builder withoutToken() {
      this.tokenMode = TokenMode.NONE;
      this.token = null;
      return this;
    }

    /** Uses this token instead of the client's (registered with the redactor). */
    public Builder token(String token) {
      Redactor.register(token);
      this.tokenMode = token == null || token.isEmpty() ? TokenMode.NONE : TokenMode.EXPLICIT;
      this.token = token;
      return this;
    }

    /** {@code X-Vault-Namespace} for this request only ("" sends none). */
    public Builder namespace(String namespace) {
      this.namespace = namespace == null ? "" : namespace;
      return this;
    }

    /** Asks Vault to wrap the response ({@code X-Vault-Wrap-TTL}, in seconds). */
    public Builder wrapTtl(Duration ttl) {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("wrap TTL must be positive, got " + ttl);
      }
      this.wrapTtl = ttl;
      return this;
    }

    /** Any other header (e.g. {@code X-Vault-Index}, {@code X-Vault-MFA}); repeatable. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    public VaultRequest build() {
      return new VaultRequest(this);
    }
  }
}
