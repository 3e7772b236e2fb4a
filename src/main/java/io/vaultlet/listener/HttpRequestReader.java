package io.vaultlet.listener;

import io.vaultlet.config.ListenerSettings;
import io.vaultlet.listener.http.Headers;
import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads the requests of one {@link HttpConnection}: the request line and header fields (at most
 * {@link #MAX_HEADER_BYTES}), then a {@code Content-Length} or chunked body within {@code max_request_size}, each
 * byte of it reserved in the listeners' {@link RequestMemory} before it is read; {@code Expect: 100-continue} is
 * answered. Malformed input is a {@link BadRequest} with the status Go's server answers.
 */
final class HttpRequestReader {

  static final int MAX_HEADER_BYTES = 1 << 20;
  private static final Log LOG = Log.named("listener");

  private final InputStream in;
  private final OutputStream out;
  private final ListenerSettings settings;
  private final RequestMemory memory;
  private final String peer;
  /** Body bytes of the current request reserved in {@link #memory}. */
  private long reserved;

  HttpRequestReader(InputStream in, OutputStream out, ListenerSettings settings, RequestMemory memory, String peer) {
    this.in = in;
    this.out = out;
    this.settings = settings;
    this.memory = memory;
    this.peer = peer;
  }

  /** Gives back what the current body reserved. */
  void releaseBody() {
    memory.release(reserved);
    reserved = 0;
  }

  // ---- the request head ----

  /** The parsed request line and header fields. */
  static final class Head {
    String method;
    String rawPath;
    String rawQuery;
    boolean http10;
    final Headers headers = new Headers();

    boolean keepAlive() {
      if (headers.listContains("Connection", "close")) {
        return false;
      }
      return !http10 || headers.listContains("Connection", "keep-alive");
    }
  }

  /** The request line and header fields; null when the connection ended before a request began. */
  Head readHead() throws IOException, BadRequest {
    int[] budget = {MAX_HEADER_BYTES};
    String line = readLine(budget, true);
    while (line != null && line.isEmpty()) {
      line = readLine(budget, true); // RFC 9112: ignore empty lines before the request line
    }
    if (line == null) {
      return null;
    }
    Head h = new Head();
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0]) || parts[1].isEmpty()) {
      throw new BadRequest(400, "Bad Request");
    }
    h.method = parts[0];
    switch (parts[2]) {
      case "HTTP/1.1" -> h.http10 = false;
      case "HTTP/1.0" -> h.http10 = true;
      default -> throw new BadRequest(parts[2].startsWith("HTTP/") ? 505 : 400,
          parts[2].startsWith("HTTP/") ? "HTTP Version Not Supported" : "Bad Request");
    }
    String target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    if (!target.startsWith("/") && !(h.method.equals("OPTIONS") && target.equals("*"))) {
      throw new BadRequest(400, "Bad Request");
    }
    int q = target.indexOf('?');
    h.rawPath = q < 0 ? target : target.substring(0, q);
    h.rawQuery = q < 0 ? "" : target.substring(q + 1);
    while (true) {
      String field = readLine(budget, false);
      if (field == null) {
        throw new BadRequest(400, "Bad Request");
      }
      if (field.isEmpty()) {
        break;
      }
      if (field.charAt(0) == ' ' || field.charAt(0) == '\t') {
        throw new BadRequest(400, "Bad Request"); // obsolete line folding
      }
      int colon = field.indexOf(':');
      if (colon <= 0 || !isToken(field.substring(0, colon))) {
        throw new BadRequest(400, "Bad Request");
      }
      h.headers.add(field.substring(0, colon), field.substring(colon + 1).strip());
    }
    return h;
  }

  /** One line without its CRLF (a bare LF is accepted, as Go does); null at end of stream before any byte. */
  private String readLine(int[] budget, boolean eofAllowed) throws IOException, BadRequest {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0 && eofAllowed) {
          return null;
        }
        throw new EOFException("connection closed inside a request head");
      }
      if (--budget[0] < 0) {
        throw new BadRequest(431, "Request Header Fields Too Large");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  // ---- the body ----

  /**
   * The whole body {@code h} announces, reserved in the listeners' request memory as it is read (given back by
   * {@link #releaseBody}).
   */
  byte[] readBody(Head h) throws IOException, BadRequest {
    List<String> te = h.headers.all("Transfer-Encoding");
    List<String> cl = h.headers.all("Content-Length");
    long max = settings.maxRequestSize() < 0 ? Long.MAX_VALUE : settings.maxRequestSize();
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        throw new BadRequest(400, "Bad Request");
      }
      if (!String.join(",", te).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
        throw new BadRequest(501, "Unsupported transfer encoding");
      }
      continueIfExpected(h);
      return readChunked(max);
    }
    if (cl.isEmpty()) {
      return new byte[0];
    }
    long length;
    try {
      length = Long.parseLong(cl.get(0).trim());
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "Bad Request");
    }
    if (length < 0 || cl.stream().anyMatch(v -> !v.trim().equals(cl.get(0).trim()))) {
      throw new BadRequest(400, "Bad Request");
    }
    if (length > max) {
      throw new BadRequest(413, "Request Entity Too Large");
    }
    if (length == 0) {
      return new byte[0];
    }
    take(length);
    continueIfExpected(h);
    return readExactly(length);
  }

  /** Reserves {@code bytes} more of the listeners' request memory for this body, or refuses the request. */
  private void take(long bytes) throws BadRequest {
    if (bytes > memory.capacity()) {
      throw new BadRequest(413, "Request Entity Too Large");
    }
    if (!memory.reserve(bytes)) {
      LOG.warn("listener: request bodies in progress use the memory allowed them; refusing one", "peer", peer,
          "bytes", bytes);
      throw new BadRequest(503, "Service Unavailable");
    }
    reserved += bytes;
  }

  private void continueIfExpected(Head h) throws IOException {
    if (!h.http10 && h.headers.listContains("Expect", "100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  /** Exactly {@code length} bytes (already reserved: allocated once, at their size). */
  private byte[] readExactly(long length) throws IOException {
    byte[] body = new byte[(int) length];
    int off = 0;
    while (off < body.length) {
      int n = in.read(body, off, body.length - off);
      if (n < 0) {
        throw new EOFException("connection closed inside a request body");
      }
      off += n;
    }
    return body;
  }

  private byte[] readChunked(long max) throws IOException, BadRequest {
    ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    int[] budget = {MAX_HEADER_BYTES};
    while (true) {
      String sizeLine = readLine(budget, false);
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "Bad Request");
      }
      if (size < 0) {
        throw new BadRequest(400, "Bad Request");
      }
      if (size == 0) {
        while (!readLine(budget, false).isEmpty()) {
          // trailer fields are read and dropped
        }
        return body.toByteArray();
      }
      if (body.size() + size > max) {
        throw new BadRequest(413, "Request Entity Too Large");
      }
      take(2 * size); // the chunk, and its copy in the growing body
      body.write(readExactly(size));
      if (!readLine(budget, false).isEmpty()) {
        throw new BadRequest(400, "Bad Request");
      }
    }
  }

  /** A request that cannot be served, with the status to answer. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
