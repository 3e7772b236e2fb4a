package io.vaultlet.listener.http;

import io.vaultlet.support.JsonQuote;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes the one response to a request: a whole body with {@code Content-Length}, or a stream (chunked on HTTP/1.1,
 * close-delimited on HTTP/1.0). Every response carries {@code Date}, as Go's server adds it.
 */
public final class HttpResponder {

  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final OutputStream out;
  private final boolean http10;
  private final boolean head;
  private boolean committed;
  private boolean close;
  private int status;

  /**
   * The responder of one request on a connection's {@code out} ({@link io.vaultlet.listener} builds it per request).
   *
   * @param http10 the request was HTTP/1.0: no chunked encoding
   * @param head the request was {@code HEAD}: headers only
   * @param close the connection closes after this response
   */
  public HttpResponder(OutputStream out, boolean http10, boolean head, boolean close) {
    this.out = out;
    this.http10 = http10;
    this.head = head;
    this.close = close;
  }

  /** True once the status line went out. */
  public boolean committed() {
    return committed;
  }

  /** The status sent, 0 before. */
  public int status() {
    return status;
  }

  /** Asks for the connection to be closed after this response. */
  public void closeAfter() {
    close = true;
  }

  /** True when the connection is to be closed after this response. */
  public boolean closing() {
    return close;
  }

  /** A whole response. */
  public void send(int status, Headers headers, byte[] body) throws IOException {
    Headers h = headers == null ? new Headers() : headers;
    byte[] b = body == null ? new byte[0] : body;
    h.remove("Transfer-Encoding");
    if (status != 204 && status != 304 && !(status >= 100 && status < 200)) {
      h.set("Content-Length", Integer.toString(b.length));
    } else {
      h.remove("Content-Length");
    }
    writeHead(status, h);
    if (!head && b.length > 0 && status != 204 && status != 304) {
      out.write(b);
    }
    out.flush();
  }

  /** {@code Content-Type: application/json} with {@code json}. */
  public void json(int status, String json) throws IOException {
    Headers h = new Headers();
    h.add("Cache-Control", "no-store");
    h.add("Content-Type", "application/json");
    send(status, h, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Vault's error body {@code {"errors":[…]}} (Go's encoder adds a newline), {@code Content-Type: application/json}. */
  public void errors(int status, List<String> messages) throws IOException {
    StringBuilder sb = new StringBuilder("{\"errors\":[");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(JsonQuote.quote(messages.get(i)));
    }
    json(status, sb.append("]}\n").toString());
  }

  /** A text/plain body, as Go's {@code http.Error}. */
  public void text(int status, String text) throws IOException {
    Headers h = new Headers();
    h.add("Content-Type", "text/plain; charset=utf-8");
    h.add("X-Content-Type-Options", "nosniff");
    send(status, h, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A response without body. */
  public void empty(int status) throws IOException {
    send(status, new Headers(), new byte[0]);
  }

  /**
   * Starts a response whose body is written to the returned stream; {@code contentLength} −1 when unknown (chunked on
   * HTTP/1.1, close-delimited on HTTP/1.0). Closing the stream ends the body, not the connection.
   */
  public OutputStream stream(int status, Headers headers, long contentLength) throws IOException {
    Headers h = headers == null ? new Headers() : headers;
    h.remove("Transfer-Encoding");
    h.remove("Content-Length");
    boolean chunked = false;
    if (contentLength >= 0) {
      h.set("Content-Length", Long.toString(contentLength));
    } else if (http10) {
      close = true;
    } else if (!head && status != 204 && status != 304) {
      h.set("Transfer-Encoding", "chunked");
      chunked = true;
    }
    writeHead(status, h);
    if (head || status == 204 || status == 304) {
      return OutputStream.nullOutputStream();
    }
    return chunked ? new ChunkedOutput(out) : new BodyOutput(out);
  }

  private void writeHead(int status, Headers h) throws IOException {
    if (committed) {
      throw new IllegalStateException("response already sent");
    }
    committed = true;
    this.status = status;
    if (!h.has("Date")) {
      h.add("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }
    h.remove("Connection");
    if (close) {
      h.add("Connection", "close");
    } else if (http10) {
      h.add("Connection", "keep-alive");
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(status).append(' ').append(Reasons.of(status))
        .append("\r\n");
    for (Headers.Field f : h.fields()) {
      sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A body of known length or close-delimited: writes through, flushes on close. */
  private static final class BodyOutput extends OutputStream {
    private final OutputStream out;

    BodyOutput(OutputStream out) {
      this.out = out;
    }

    @Override public void write(int b) throws IOException { out.write(b); }
    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
    @Override public void flush() throws IOException { out.flush(); }
    @Override public void close() throws IOException { out.flush(); }
  }

  /** HTTP/1.1 chunked encoding; each write is one chunk, so streamed bytes reach the client as they come. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;
    private boolean closed;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b, off, len);
      out.write('\r');
      out.write('\n');
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    }
  }
}
