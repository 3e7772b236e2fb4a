package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a raw HTTP answer into a {@link VaultResponse}, "absent", or a {@link VaultException} (Go's rules). */
final class Responses {

  private Responses() {}

  /**
   * 2xx: the envelope, or empty without a body. 404: the envelope when it carries {@code data} or {@code warnings},
   * else empty for reads and deletes (absent) and an error for writes. Anything else: an error.
   */
  static Optional<VaultResponse> interpret(VaultRequest r, Transport.Raw raw) {
    int s = raw.status();
    if (s >= 200 && s < 300) {
      if (raw.body() == null || raw.body().length == 0 || s == 204) {
        return Optional.empty();
      }
      return Optional.of(new VaultResponse(s, parse(r, raw), raw.headers(), raw.body()));
    }
    if (s == 404) {
      JsonNode body = tryParse(raw.body());
      if (body != null && body.isObject()) {
        VaultResponse resp = new VaultResponse(s, body, raw.headers(), raw.body());
        if (resp.hasData() || !resp.warnings().isEmpty()) {
          return Optional.of(resp);
        }
      }
      if (!"POST".equals(r.method()) && !"PUT".equals(r.method())) {
        return Optional.empty();
      }
    }
    throw error(r, raw);
  }

  private static JsonNode parse(VaultRequest r, Transport.Raw raw) {
    try {
      return Json.parse(raw.body());
    } catch (IOException e) {
      throw VaultException.http(raw.status(), List.of("response body is not JSON"), r.method(), r.path(),
          Transport.display(raw.uri()), null);
    }
  }

  private static JsonNode tryParse(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return Json.parse(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Vault's {@code errors[]}; a body that is not JSON becomes the single error (trimmed, at most 512 characters). */
  static VaultException error(VaultRequest r, Transport.Raw raw) {
    List<String> errors = new ArrayList<>();
    JsonNode body = tryParse(raw.body());
    if (body != null && body.path("errors").isArray()) {
      body.path("errors").forEach(e -> errors.add(e.asText()));
    } else if (raw.body() != null && raw.body().length > 0) {
      String text = new String(raw.body(), StandardCharsets.UTF_8).trim();
      errors.add(text.length() > 512 ? text.substring(0, 512) + "…" : text);
    }
    if (Transport.isRedirect(raw.status())) {
      errors.add("redirect without a usable Location header");
    }
    Duration retryAfter = Backoff.retryAfter(raw.headers(), Clock.systemUTC()).orElse(null);
    return VaultException.http(raw.status(), errors, r.method(), r.path(), Transport.display(raw.uri()), retryAfter);
  }

}
