package io.vaultlet.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A small Vault HTTP client for engine tests: every call is a real request to a {@code DevServer} (or a real Vault),
 * answers are parsed as JSON. Paths are relative to {@code /v1/}.
 */
public final class VaultHttp {

  /** One answer: status, raw body, and the JSON body (null when empty or not JSON). */
  public record Response(int status, String body, Map<String, List<String>> headers, Map<String, Object> json) {

    @SuppressWarnings("unchecked")
    public Map<String, Object> data() {
      return (Map<String, Object>) json.get("data");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> auth() {
      return (Map<String, Object>) json.get("auth");
    }

    @SuppressWarnings("unchecked")
    public List<String> errors() {
      return (List<String>) json.get("errors");
    }

    @SuppressWarnings("unchecked")
    public List<String> warnings() {
      return (List<String>) json.get("warnings");
    }

    public String string(String dataKey) {
      Object v = data().get(dataKey);
      return v == null ? null : v.toString();
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final String address;
  private final String token;

  public VaultHttp(String address, String token) {
    this(address, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private VaultHttp(String address, String token, HttpClient client) {
    this.address = address;
    this.token = token;
    this.client = client;
  }

  /** The same server over TLS with this context (client certificate, trusted server certificate). */
  public static VaultHttp tls(String address, String token, SSLContext ssl) {
    return new VaultHttp(address, token, HttpClient.newBuilder().sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  public VaultHttp withToken(String value) {
    return new VaultHttp(address, value, client);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response list(String path) {
    return send("LIST", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** POST that must answer 2xx; returns the response. */
  public Response write(String path, Object body) {
    Response r = post(path, body);
    if (r.status() >= 300) {
      throw new AssertionError("POST " + path + " answered " + r.status() + ": " + r.body());
    }
    return r;
  }

  public Response send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + "/v1/" + path)).timeout(Duration.ofSeconds(60))
          .header("X-Vault-Request", "true");
      if (token != null) {
        b.header("X-Vault-Token", token);
      }
      byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
      b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      return new Response(r.statusCode(), text, r.headers().map(), parse(text));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      Object v = JSON.readValue(body, Object.class);
      return v instanceof Map ? (Map<String, Object>) v : null;
    } catch (IOException e) {
      return null;
    }
  }
}
