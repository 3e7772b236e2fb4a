package io.vaultlet.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.vaultlet.dev.iam.AwsQueryHandler;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The HTTP front of the emulator: {@code /v1/…} to the {@link Core} (after applying injected faults),
 * {@code /_dev/…} to {@link DevControl}, a SigV4-signed {@code POST /} to the IAM/STS stand-in
 * ({@link AwsQueryHandler}), anything else {@code 404 {"errors":[]}}.
 */
final class DevHttpHandler implements HttpHandler {

  private static final Log LOG = Log.named("dev.server");

  private final Core core;
  private final DevServer server;
  private final DevControl control;

  DevHttpHandler(Core core, DevServer server) {
    this.core = core;
    this.server = server;
    this.control = new DevControl(core, server);
  }

  /** Thrown through the JDK server on purpose: it then closes the connection without answering. */
  private static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DropConnection() {
      super("injected fault: connection dropped", null, false, false);
    }
  }

  /** Whether a step answered the exchange, or handed it on to finish later (an injected latency). */
  private enum Answer { DONE, DEFERRED }

  @FunctionalInterface
  private interface Step {
    Answer run() throws IOException;
  }

  @Override
  public void handle(HttpExchange ex) {
    answer(ex, () -> route(ex), true);
  }

  private Answer route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (AwsQueryHandler.isRootQuery(path, ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Authorization"))) {
      server.awsQuery().handle(ex); // answers and closes the exchange itself
      return Answer.DEFERRED;
    }
    if (path.startsWith("/v1/")) {
      return v1(ex, decode(path.substring(4)));
    }
    if (path.equals("/_dev") || path.startsWith("/_dev/")) {
      write(ex, control.handle(ex.getRequestMethod(), path, query(ex.getRequestURI().getRawQuery()),
          ex.getRequestBody().readAllBytes()));
    } else {
      write(ex, HttpResult.errors(404, List.of()));
    }
    return Answer.DONE;
  }

  /**
   * Runs one step of answering {@code ex} and closes the exchange afterwards, unless the step deferred it or dropped the
   * connection. On the server's own thread a drop is thrown through the JDK server, which then closes the connection
   * without answering; on a later thread, closing the exchange before any header was sent does the same.
   */
  private void answer(HttpExchange ex, Step step, boolean serverThread) {
    boolean close = true;
    try {
      close = step.run() == Answer.DONE;
    } catch (IOException e) {
      LOG.debug("client connection failed", "error", String.valueOf(e.getMessage()));
    } catch (DropConnection e) {
      if (serverThread) {
        close = false;
        throw e;
      }
    } catch (RuntimeException | Error e) {
      // outside the core (the /_dev/ controls, a deferred answer): the same 500 as Core.failed, never a dropped
      // connection
      HttpResult failed = Core.failed(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
      try {
        write(ex, failed);
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone
      }
    } finally {
      if (close) {
        ex.close();
      }
    }
  }

  /**
   * A {@code /v1/} request: the injected faults that match it act, else the core answers. A latency fault delays the
   * answer without holding an HTTP worker while it waits, so slow answers cannot starve the other requests (nor the
   * {@code /_dev/} endpoints that would remove the fault).
   */
  private Answer v1(HttpExchange ex, String path) throws IOException {
    HttpCall call = new HttpCall(ex.getRequestMethod().toUpperCase(Locale.ROOT), path,
        query(ex.getRequestURI().getRawQuery()), headers(ex), ex.getRequestBody().readAllBytes(),
        clientCertificates(ex), ex.getRemoteAddress().getAddress().getHostAddress(), ex instanceof HttpsExchange);
    FaultInjector.Fault first = null;
    long latencyMs = 0;
    for (FaultInjector.Fault f : core.faults.take(path)) {
      if (f.kind == FaultInjector.Kind.LATENCY) {
        latencyMs += f.latencyMs;
      } else if (first == null) {
        first = f;
      }
    }
    FaultInjector.Fault act = first;
    if (latencyMs > 0) {
      server.onWorkerAfter(Duration.ofMillis(latencyMs), () -> answer(ex, () -> {
        serve(ex, call, path, act);
        return Answer.DONE;
      }, false));
      return Answer.DEFERRED;
    }
    serve(ex, call, path, act);
    return Answer.DONE;
  }

  /** Answers {@code call}: the fault {@code act} acts, or the core answers when it is null. */
  private void serve(HttpExchange ex, HttpCall call, String path, FaultInjector.Fault act) throws IOException {
    if (act == null) {
      write(ex, core.consistency.serve(call, core::received, () -> core.handle(call)));
      return;
    }
    switch (act.kind) {
      case REFUSE:
        core.received(call);
        throw new DropConnection();
      case STATUS:
        core.received(call);
        write(ex, HttpResult.errors(act.status, List.of(act.message == null ? "injected fault" : act.message)));
        return;
      case RATELIMIT:
        core.received(call);
        HttpResult limited = HttpResult.errors(act.status,
            List.of("request path \"" + path + "\": rate limit quota exceeded"));
        limited.withHeader("Retry-After", String.valueOf(act.retryAfter));
        limited.withHeader("X-Ratelimit-Limit", "1");
        limited.withHeader("X-Ratelimit-Remaining", "0");
        limited.withHeader("X-Ratelimit-Reset", String.valueOf(core.faults.resetSeconds(act)));
        write(ex, limited);
        return;
      case INVALID_JSON:
        core.received(call);
        write(ex, new HttpResult(200, "application/json",
            "{\"request_id\": \"00000000-0000-0000-0000-000000000000\", \"data\": {\"trunc"
                .getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>()));
        return;
      case REVOKE_TOKEN:
        if (call.token() != null) {
          core.revokeToken(call.token());
        }
        write(ex, core.handle(call));
        return;
      case TRUNCATE:
        truncated(ex, core.handle(call));
        return;
      default:
        write(ex, core.handle(call));
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static Map<String, List<String>> query(String raw) {
    return io.vaultlet.support.QueryString.parse(raw);
  }


  private static Map<String, List<String>> headers(HttpExchange ex) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return out;
  }

  private static List<X509Certificate> clientCertificates(HttpExchange ex) {
    if (!(ex instanceof HttpsExchange https)) {
      return List.of();
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : https.getSSLSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return List.copyOf(out);
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private static void write(HttpExchange ex, HttpResult r) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    String namespace = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
    if (namespace != null) {
      ex.getResponseHeaders().set("X-Vault-Namespace", namespace); // CE ignores it and echoes it back
    }
    if (r.contentType() != null) {
      ex.getResponseHeaders().set("Content-Type", r.contentType());
    }
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    if (r.body() == null || head || r.status() == 204) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    ex.sendResponseHeaders(r.status(), r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  /** Sends the headers of the real response with its full length, then half the body, then drops the connection. */
  private static void truncated(HttpExchange ex, HttpResult r) throws IOException {
    byte[] body = r.body() == null ? "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8) : r.body();
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(r.status() == 204 ? 200 : r.status(), body.length);
    OutputStream out = ex.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    // closing the exchange with bytes missing makes the JDK server close the connection
  }
}
