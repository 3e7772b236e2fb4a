package io.vaultlet.dev.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP side of a cloud stand-in served on the emulator's listener ({@code DevServer.serve}): turns an exchange into a
 * {@link Call}, and a {@link Reply} back into bytes. A failure inside the stand-in is a 500 with its message, never a
 * dropped connection.
 */
abstract class StandIn implements HttpHandler {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Log LOG = Log.named("dev.cloud");

  private final String prefix;

  StandIn(String prefix) {
    this.prefix = prefix;
  }

  /**
   * One request.
   *
   * @param method the HTTP method, upper case
   * @param path the raw path after the stand-in's prefix, without a leading slash
   * @param query the query parameters (first value of each)
   * @param headers the headers, names in lower case (first value of each)
   * @param body the request body
   * @param base {@code http(s)://<Host>} as the client addressed the emulator, for URLs the stand-in hands out
   */
  record Call(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
      String base) {

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object (empty for no body); null when it is not JSON. */
    Map<String, Object> json() {
      if (body.length == 0) {
        return new LinkedHashMap<>();
      }
      try {
        return JSON.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {
        });
      } catch (IOException e) {
        return null;
      }
    }

    /** The body as {@code application/x-www-form-urlencoded} fields. */
    Map<String, String> form() {
      return parseQuery(bodyText());
    }
  }

  /** An answer: status, content type, body and extra headers. */
  record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static Reply json(int status, Object value) {
      try {
        return new Reply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value), Map.of());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    static Reply text(int status, String text) {
      return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Reply(status, contentType, body, h);
    }
  }

  /** Answers one call. */
  abstract Reply answer(Call call);

  @Override
  public final void handle(HttpExchange ex) {
    try (ex) {
      Reply reply;
      try {
        reply = answer(call(ex));
      } catch (RuntimeException e) {
        LOG.error("cloud stand-in failed", e, "path", ex.getRequestURI().getRawPath());
        reply = Reply.text(500, "vaultlet dev: stand-in failure: " + e.getMessage() + "\n");
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
        ex.sendResponseHeaders(reply.status(), -1);
        return;
      }
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (IOException e) {
      LOG.debug("stand-in client connection failed", "error", String.valueOf(e.getMessage()));
    }
  }

  private Call call(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    String rest = raw.length() > prefix.length() ? raw.substring(prefix.length()) : "";
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    String host = headers.getOrDefault("host", "127.0.0.1");
    String base = (ex instanceof HttpsExchange ? "https://" : "http://") + host;
    return new Call(ex.getRequestMethod().toUpperCase(Locale.ROOT), rest, parseQuery(ex.getRequestURI().getRawQuery()),
        headers, ex.getRequestBody().readAllBytes(), base);
  }

  /** Each parameter's first value ({@link io.vaultlet.support.QueryString} decodes). */
  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    io.vaultlet.support.QueryString.parse(raw).forEach((k, v) -> out.put(k, v.get(0)));
    return out;
  }


  static String decodePath(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static List<String> segments(String path) {
    return List.of(path.split("/", -1));
  }
}
