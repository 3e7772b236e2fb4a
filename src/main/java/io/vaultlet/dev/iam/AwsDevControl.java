package io.vaultlet.dev.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM stand-in's test controls, next to the emulator's others (no token, JSON):
 *
 * <ul>
 *   <li>{@code GET /_dev/aws}: {@code {"propagation_delay": "5s", "account_id": …, "users": [names]}};
 *       {@code POST /_dev/aws {"propagation_delay": "2s"}} changes how long new keys are refused.
 *   <li>{@code POST /_dev/aws/users {"user_name": "app", "path": "/", "admin": false, "create_key": true,
 *       "key_age": "800h"}}: creates the user if needed and, unless {@code create_key} is false, an access key created
 *       {@code key_age} ago (default 0) and usable at once; answers the key pair, the only time its secret is shown.
 *   <li>{@code GET /_dev/aws/users/<name>}: the user, its keys (id, status, create date, last use), no secrets.
 * </ul>
 */
public final class AwsDevControl implements HttpHandler {

  /** Where the controls live. */
  public static final String PATH = "/_dev/aws";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Log LOG = Log.named("dev.aws");

  private final IamStandIn iam;

  public AwsDevControl(IamStandIn iam) {
    this.iam = iam;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      byte[] body = ex.getRequestBody().readAllBytes();
      try {
        JsonNode in = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        if (in == null || !in.isObject()) {
          throw new IllegalArgumentException("the body must be a JSON object");
        }
        route(ex, path, method, in);
      } catch (IOException e) {
        write(ex, 400, Map.of("errors", List.of("error parsing JSON")));
      } catch (IllegalArgumentException e) {
        write(ex, 400, Map.of("errors", List.of(String.valueOf(e.getMessage()))));
      } catch (IamException e) {
        write(ex, e.status(), Map.of("errors", List.of(e.code() + ": " + e.getMessage())));
      }
    }
  }

  private void route(HttpExchange ex, String path, String method, JsonNode in) throws IOException {
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      if (method.equals("POST") || method.equals("PUT")) {
        if (in.has("propagation_delay")) {
          iam.setPropagationDelay(duration(in.get("propagation_delay")));
          LOG.info("iam: propagation delay set", "delay", iam.propagationDelay());
        }
      } else if (!method.equals("GET")) {
        write(ex, 405, Map.of("errors", List.of()));
        return;
      }
      write(ex, 200, settings());
      return;
    }
    if (path.equals(PATH + "/users") && (method.equals("POST") || method.equals("PUT"))) {
      write(ex, 200, seed(in));
      return;
    }
    if (path.startsWith(PATH + "/users/") && method.equals("GET")) {
      String name = path.substring((PATH + "/users/").length());
      Optional<IamStandIn.User> u = iam.user(name);
      if (u.isEmpty()) {
        write(ex, 404, Map.of("errors", List.of()));
      } else {
        write(ex, 200, describe(u.get()));
      }
      return;
    }
    write(ex, 404, Map.of("errors", List.of()));
  }

  private Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("propagation_delay", GoDurations.format(iam.propagationDelay()));
    m.put("account_id", IamStandIn.ACCOUNT_ID);
    m.put("users", iam.users().stream().map(IamStandIn.User::name).toList());
    return m;
  }

  private Map<String, Object> seed(JsonNode in) {
    String name = in.path("user_name").asText("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("user_name is required");
    }
    Duration age = in.has("key_age") ? duration(in.get("key_age")) : Duration.ZERO;
    Optional<IamStandIn.AccessKey> key = iam.seedUser(name, in.path("path").asText("/"),
        in.path("admin").asBoolean(false), in.path("create_key").asBoolean(true), age);
    IamStandIn.User u = iam.user(name).orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_name", u.name());
    m.put("user_id", u.userId());
    m.put("arn", u.arn());
    m.put("admin", u.admin());
    key.ifPresent(k -> {
      m.put("access_key_id", k.accessKeyId());
      m.put("secret_access_key", k.secretAccessKey());
      m.put("create_date", AwsQueryHandler.date(k.createDate()));
      LOG.info("iam: user seeded", "user", u.name(), "access_key_id", k.accessKeyId());
    });
    return m;
  }

  private Map<String, Object> describe(IamStandIn.User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_name", u.name());
    m.put("user_id", u.userId());
    m.put("arn", u.arn());
    m.put("admin", u.admin());
    List<Map<String, Object>> keys = new ArrayList<>();
    for (IamStandIn.KeyMetadata k : iam.keysOfUser(u.name())) {
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("access_key_id", k.accessKeyId());
      km.put("status", k.status());
      km.put("create_date", AwsQueryHandler.date(k.createDate()));
      km.put("last_used_date", iam.lastUsed(k.accessKeyId()).map(AwsQueryHandler::date).orElse(null));
      keys.add(km);
    }
    m.put("access_keys", keys);
    return m;
  }

  /** Seconds as a number (fractions allowed), or a duration string ({@code "2s"}, {@code "500ms"}). */
  private static Duration duration(JsonNode v) {
    Duration d = v.isNumber() ? Duration.ofMillis((long) (v.asDouble() * 1000))
        : io.vaultlet.dev.GoDuration.parse(v.asText());
    if (d.isNegative()) {
      throw new IllegalArgumentException("invalid duration: " + v.asText() + " (must not be negative)");
    }
    return d;
  }

  private static void write(HttpExchange ex, int status, Object value) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(value);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
