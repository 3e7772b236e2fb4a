package io.vaultlet.dev;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A {@code /v1/} request as the emulator received it, for tests that check what a client put on the wire
 * ({@link DevServer#onRequest}): the method, the path after {@code /v1/}, the raw body and the header fields (names in
 * lower case).
 */
public record ObservedRequest(String method, String path, byte[] body, Map<String, List<String>> headers) {

  public ObservedRequest {
    body = body == null ? new byte[0] : body.clone();
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public ObservedRequest(String method, String path, byte[] body) {
    this(method, path, body, Map.of());
  }

  /** The values of header {@code name} (any case), empty when absent. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + body.length + " bytes)";
  }
}
