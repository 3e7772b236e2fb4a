package io.vaultlet.listener.http;

import io.vaultlet.support.QueryString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  /** The query parameter {@code name}'s first value, decoded ({@link QueryString}); empty when absent. */
  public Optional<String> query(String name) {
    List<String> values = QueryString.parse(rawQuery).get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
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
