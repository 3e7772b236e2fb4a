package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw {@code java.net.http} requests, for what {@code VaultClient} deliberately hides: exact status codes, error
 * bodies, key order, headers, HEAD. Immutable: {@link #token} and {@link #header} return new instances.
 */
final class Wire {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  /** One answer; {@code json} is {@link MissingNode} when the body is empty or not JSON. */
  record Response(int status, Map<String, List<String>> headers, String body, JsonNode json) {

    JsonNode data() {
      return json.path("data");
    }

    JsonNode auth() {
      return json.path("auth");
    }

    /** The {@code errors} array as strings (empty when there is none). */
    List<String> errors() {
      return JSON.convertValue(json.path("errors").isArray() ? json.get("errors") : JSON.createArrayNode(),
          JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** Never prints the body: it may hold tokens or secrets. */
    @Override
    public String toString() {
      return "Response[status=" + status + "]";
    }
  }

  private final URI base;
  private final String token;
  private final Map<String, String> headers;

  private Wire(URI base, String token, Map<String, String> headers) {
    this.base = base;
    this.token = token;
    this.headers = headers;
  }

  static Wire to(ContractTarget target) {
    return new Wire(target.address(), null, Map.of());
  }

  Wire token(String value) {
    return new Wire(base, value, headers);
  }

  Wire header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Wire(base, token, Map.copyOf(copy));
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends and asserts the status; the assertion message names the errors, never the body. */
  Response expect(int status, String method, String path, Object body) {
    Response r = send(method, path, body);
    assertThat(r.status()).as("%s %s → errors %s", method, path, r.errors()).isEqualTo(status);
    return r;
  }

  /** Sends and asserts a 2xx (Vault may answer 200 with warnings where 204 is documented). */
  Response ok(String method, String path, Object body) {
    Response r = send(method, path, body);
    assertThat(r.status()).as("%s %s → errors %s", method, path, r.errors()).isBetween(200, 299);
    return r;
  }

  /** {@code path} is relative to {@code /v1/} and may carry a query string; {@code body} is JSON-serialised. */
  Response send(String method, String path, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/" + path)).timeout(Duration.ofSeconds(60))
        .header("X-Vault-Request", "true");
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    headers.forEach(b::header);
    try {
      byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
          : JSON.writeValueAsBytes(body);
      b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(bytes));
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      return new Response(r.statusCode(), r.headers().map(), text, parse(text));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
