package io.vaultlet.listener;

import io.vaultlet.config.ListenerSettings;
import io.vaultlet.listener.http.Headers;
import io.vaultlet.listener.http.HttpRequest;
import io.vaultlet.listener.http.HttpResponder;
import io.vaultlet.support.Log;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Serves one accepted connection: HTTP/1.1 with keep-alive (and HTTP/1.0), {@code Content-Length} and chunked request
 * bodies, {@code Expect: 100-continue}. Bad input gets Go's answers: 400 for a malformed request, 431 for headers
 * over 1 MiB, 413 for a body over {@code max_request_size} (Vault's JSON error), 501 for an unknown transfer
 * coding, 408 when the request does not arrive within {@code http_read_header_timeout} / {@code http_read_timeout}.
 * Memory per request is bounded by those limits; the body is read as it arrives, never pre-allocated from a claimed
 * length ({@link HttpRequestReader}). This class is the connection loop: deadlines, keep-alive, the handler.
 */
final class HttpConnection implements Runnable {

  /** What answers requests. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpRequest request, HttpResponder response) throws IOException;
  }

  private static final Log LOG = Log.named("listener");
  private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain;"
      + " charset=utf-8\r\nConnection: close\r\nContent-Length: 19\r\n\r\n408 Request Timeout")
      .getBytes(StandardCharsets.ISO_8859_1);

  private final InputStream in;
  private final OutputStream out;
  private final Closeable connection;
  private final String peer;
  private final BooleanSupplier clientCertificate;
  private final ListenerSettings settings;
  private final Handler handler;
  private final Watchdog.Deadline deadline;
  private final HttpRequestReader reader;
  private volatile boolean reading;

  HttpConnection(InputStream in, OutputStream out, Closeable connection, String peer,
      BooleanSupplier clientCertificate, ListenerSettings settings, Handler handler, Watchdog watchdog,
      RequestMemory memory) {
    this.in = new java.io.BufferedInputStream(in, 8192);
    this.out = new java.io.BufferedOutputStream(out, 8192);
    this.connection = connection;
    this.peer = peer;
    this.clientCertificate = clientCertificate;
    this.settings = settings;
    this.handler = handler;
    this.deadline = watchdog.deadline(this::timedOut);
    this.reader = new HttpRequestReader(this.in, this.out, settings, memory, peer);
  }

  /** A deadline passed while reading a request: say 408 if nothing was sent yet, then close. */
  private void timedOut() {
    try {
      if (reading) {
        out.write(TIMEOUT_RESPONSE);
        out.flush();
      }
    } catch (IOException | RuntimeException ignored) {
      // the client is gone or not reading: closing is all that is left
    } finally {
      closeQuietly();
    }
  }

  @Override
  public void run() {
    try {
      boolean first = true;
      while (serveOne(first)) {
        first = false;
      }
    } catch (IOException e) {
      if (!deadline.expired()) {
        LOG.trace("connection ended", "peer", peer, "error", e.toString());
      }
    } catch (RuntimeException e) {
      LOG.error("listener connection failed", e, "peer", peer);
    } finally {
      deadline.disarm();
      releaseBody();
      closeQuietly();
    }
  }

  private void releaseBody() {
    reader.releaseBody();
  }

  /** Reads and answers one request; false when the connection is to be closed. */
  private boolean serveOne(boolean first) throws IOException {
    reading = true;
    if (!first) {
      deadline.arm(settings.idleTimeout());
      in.mark(1);
      if (in.read() < 0) {
        return false;
      }
      in.reset();
    }
    deadline.arm(settings.readHeaderTimeout());
    HttpRequestReader.Head head;
    try {
      head = reader.readHead();
    } catch (HttpRequestReader.BadRequest e) {
      reading = false;
      deadline.disarm();
      reject(e);
      return false;
    }
    if (head == null) {
      return false;
    }
    deadline.arm(settings.readTimeout());
    HttpResponder responder = new HttpResponder(out, head.http10, head.method.equals("HEAD"), !head.keepAlive());
    byte[] body;
    try {
      body = reader.readBody(head);
    } catch (HttpRequestReader.BadRequest e) {
      reading = false;
      deadline.disarm();
      reject(e);
      return false;
    }
    reading = false;
    deadline.disarm();
    HttpRequest request = new HttpRequest(head.method, head.rawPath, head.rawQuery, head.http10, head.headers, body,
        peer, clientCertificate.getAsBoolean());
    try {
      handler.handle(request, responder);
      if (!responder.committed()) {
        responder.empty(200);
      }
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.error("request handler failed", e, "method", head.method, "path", head.rawPath);
      if (!responder.committed()) {
        responder.closeAfter();
        responder.errors(500, List.of("internal error"));
      }
      return false;
    } finally {
      releaseBody();
    }
    out.flush();
    return !responder.closing();
  }

  private void reject(HttpRequestReader.BadRequest e) throws IOException {
    LOG.debug("rejected a malformed request", "peer", peer, "status", e.status, "reason", e.getMessage());
    HttpResponder r = new HttpResponder(out, false, false, true);
    if (e.status == 413) {
      r.errors(413, List.of("http: request body too large"));
    } else if (e.status == 503) {
      Headers h = new Headers();
      h.add("Retry-After", "1");
      h.add("Content-Type", "application/json");
      r.send(503, h, "{\"errors\":[\"too many large requests in progress; try again\"]}\n"
          .getBytes(StandardCharsets.UTF_8));
    } else {
      r.text(e.status, e.status + " " + e.getMessage());
    }
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
