package io.vaultlet.listener.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request received on a listener: the request line, the header fields and the whole body (bounded by the
 * listener's {@code max_request_size}).
 *
 * @param method the method as sent ({@code GET}, {@code LIST}, …)
 * @param rawPath the path, still percent-encoded
 * @param rawQuery the query string without {@code ?}, or "" when none
 * @param http10 true for an HTTP/1.0 request (no chunked responses, no keep-alive unless asked)
 * @param headers the header fields
 * @param body the body bytes, empty when none
 * @param peer who sent it, for logs ({@code 127.0.0.1:53712}, {@code unix})
 * @param clientCertificate true when the client presented a verified TLS certificate
 */
public record HttpRequest(String method, String rawPath, String rawQuery, boolean http10, Headers headers,
    byte[] body, String peer, boolean clientCertificate) {

  /** The decoded path. */
  public String path() {
    return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The query parameters, decoded; a repeated parameter keeps its first value. */
  public Map<String, String> query() {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  public Optional<String> header(String name) {
    return headers.first(name);
  }

  public List<String> headerValues(String name) {
    return headers.all(name);
  }

  /** The path with {@code ?query}, as received. */
  public String target() {
    return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
  }
}
