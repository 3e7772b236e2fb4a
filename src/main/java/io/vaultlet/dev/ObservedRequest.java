package io.vaultlet.dev;

import java.nio.charset.StandardCharsets;

/**
 * A {@code /v1/} request as the emulator received it, for tests that check what a client put on the wire
 * ({@link DevServer#onRequest}): the method, the path after {@code /v1/} and the raw body.
 */
public record ObservedRequest(String method, String path, byte[] body) {

  public ObservedRequest {
    body = body == null ? new byte[0] : body.clone();
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
