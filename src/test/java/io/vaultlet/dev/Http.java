package io.vaultlet.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plain java.net.http client for the emulator tests: every call is a real HTTP request. */
final class Http {

  /** A response: status, headers, raw body, and the body parsed as a JSON object (null when empty or not JSON). */
  record Response(int status, Map<String, List<String>> headers, String body, Map<String, Object> json) {

    @SuppressWarnings("unchecked")
    Map<String, Object> data() {
      return (Map<String, Object>) json.get("data");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> auth() {
      return (Map<String, Object>) json.get("auth");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> wrapInfo() {
      return (Map<String, Object>) json.get("wrap_info");
    }

    @SuppressWarnings("unchecked")
    List<String> errors() {
      return (List<String>) json.get("errors");
    }

    @SuppressWarnings("unchecked")
    List<String> warnings() {
      return (List<String>) json.get("warnings");
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client;
  private final String address;
  private String token;
  private final Map<String, String> extraHeaders = new LinkedHashMap<>();

  Http(String address, String token) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), address, token);
  }

  Http(HttpClient client, String address, String token) {
    this.client = client;
    this.address = address;
    this.token = token;
  }

  Http withToken(String value) {
    Http h = new Http(client, address, value);
    h.extraHeaders.putAll(extraHeaders);
    return h;
  }

  Http withHeader(String name, String value) {
    Http h = new Http(client, address, token);
    h.extraHeaders.putAll(extraHeaders);
    h.extraHeaders.put(name, value);
    return h;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response list(String path) {
    return send("LIST", path, null);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, Object body) {
    try {
      return sendChecked(method, path, body);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  /** Like {@link #send} but lets connection failures through (fault tests). */
  Response sendChecked(String method, String path, Object body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    b.header("X-Vault-Request", "true");
    extraHeaders.forEach(b::header);
    byte[] bytes = body == null ? null
        : body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : MAPPER.writeValueAsBytes(body);
    b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(bytes));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body(), parse(r.body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      Object v = MAPPER.readValue(body, Object.class);
      return v instanceof Map ? (Map<String, Object>) v : null;
    } catch (IOException e) {
      return null;
    }
  }
}
