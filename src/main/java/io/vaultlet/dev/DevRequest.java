package io.vaultlet.dev;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as a {@link Backend} receives it.
 *
 * @param operation the logical operation (GET → READ, GET ?list=true / LIST → LIST, POST/PUT → CREATE or UPDATE,
 *     PATCH, DELETE)
 * @param method the HTTP method as sent
 * @param path the path relative to the mount, no leading slash ({@code creds/readonly}, {@code login}); LIST paths
 *     end in {@code /}
 * @param mountPath the mount, with trailing slash ({@code database/}, {@code auth/approle/})
 * @param data the JSON body merged over the query parameters (GET, DELETE, LIST take their data from the query);
 *     values are Jackson's plain types: String, Integer/Long, Double, Boolean, List, Map
 * @param headers request headers, names in lower case
 * @param clientCertificates the chain the client presented in the TLS handshake (empty without TLS or without a
 *     client certificate); {@code cert} auth reads it
 * @param token the requesting token; null on unauthenticated paths
 * @param remoteAddress the client's IP address
 * @param now the emulator clock's reading for this request
 * @param tls whether the request came over TLS (Vault's {@code req.Connection.ConnState} is set); {@code cert} auth
 *     refuses plain HTTP
 */
public record DevRequest(
    Operation operation,
    String method,
    String path,
    String mountPath,
    Map<String, Object> data,
    Map<String, List<String>> headers,
    List<X509Certificate> clientCertificates,
    TokenView token,
    String remoteAddress,
    Instant now,
    boolean tls) {

  /** A request over plain HTTP. */
  public DevRequest(Operation operation, String method, String path, String mountPath, Map<String, Object> data,
      Map<String, List<String>> headers, List<X509Certificate> clientCertificates, TokenView token,
      String remoteAddress, Instant now) {
    this(operation, method, path, mountPath, data, headers, clientCertificates, token, remoteAddress, now, false);
  }

  /** The full path, {@code <mount><path>} ({@code database/creds/readonly}). */
  public String fullPath() {
    return mountPath + path;
  }

  /** Whether {@link #data()} has the key with a non-null value. */
  public boolean has(String name) {
    return data.get(name) != null;
  }

  /** A string field; numbers and booleans are rendered; null when absent. */
  public String string(String name) {
    Object v = data.get(name);
    return v == null ? null : v.toString();
  }

  public String string(String name, String fallback) {
    String v = string(name);
    return v == null ? fallback : v;
  }

  /** A boolean field (true/false, "true"/"1"/"t"…); 400 {@code Field validation failed} otherwise. */
  public boolean bool(String name, boolean fallback) {
    return Fields.bool(data, name, fallback);
  }

  /** An integer field (number or numeric string). */
  public long integer(String name, long fallback) {
    return Fields.integer(data, name, fallback);
  }

  /** A duration field: seconds or a Go duration string (Vault's {@code ParseDurationSecond}); zero when absent. */
  public Duration duration(String name) {
    return Fields.duration(data, name);
  }

  /** A string-list field: a JSON array or a comma-separated string (Vault's {@code TypeCommaStringSlice}). */
  public List<String> strings(String name) {
    return stringList(data.get(name));
  }

  /** Vault's {@code TypeCommaStringSlice} conversion: a list, or a string split at commas; blanks dropped, trimmed. */
  public static List<String> stringList(Object value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof Collection<?> values) {
      for (Object o : values) {
        if (o != null && !o.toString().isBlank()) {
          out.add(o.toString().trim());
        }
      }
      return out;
    }
    for (String part : value.toString().split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** A map field (a JSON object); null when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String name) {
    Object v = data.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw Fields.invalid(name, v, "'' expected a map");
  }

  /**
   * Vault's framework warning for fields the endpoint does not know ({@code Endpoint ignored these unrecognized
   * parameters: [a b]}), or null when every field is known. Attach it to responses that have a body.
   */
  public String unrecognizedFieldsWarning(java.util.Collection<String> known) {
    java.util.TreeSet<String> ignored = new java.util.TreeSet<>(data.keySet());
    ignored.removeAll(known);
    return ignored.isEmpty() ? null
        : "Endpoint ignored these unrecognized parameters: [" + String.join(" ", ignored) + "]";
  }

  /** The first value of a header (name case-insensitive), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
