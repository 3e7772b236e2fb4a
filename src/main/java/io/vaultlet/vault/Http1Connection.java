package io.vaultlet.vault;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection of {@link Http1Client}: a blocking socket (a {@link SocketChannel}'s, so an interrupt
 * closes it), TLS layered on it for https, one request written and one response read at a time, every read bounded by
 * the exchange's deadline and the body by a size cap. Not thread-safe: the pool hands it to one caller at a time.
 */
final class Http1Connection implements AutoCloseable {

  /** The status line and response headers together: more is a broken or hostile server. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Header fields in one response (Vault sends about ten). */
  static final int MAX_HEADER_FIELDS = 256;
  /** Informational (1xx) answers before the real one (Go's client allows 5). */
  static final int MAX_INFORMATIONAL = 5;
  /** Request bytes written without a guard: the kernel's send buffer takes this much without blocking. */
  static final int UNGUARDED_WRITE = 16 * 1024;

  /** The server closed the connection (or reset it) before the first byte of a response. */
  static final class Unanswered extends EOFException {
    Unanswered(String message) {
      super(message);
    }
  }

  /** The largest body an array holds. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final boolean secure;
  /** Connected to an http proxy for an http origin: requests take the absolute form. */
  private boolean viaProxy;
  /** The {@code Proxy-Authorization} value for requests through the proxy (http origins), or null. */
  private String proxyAuthorization;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;
  private boolean reusable;
  private long idleSince;

  private Http1Connection(SocketChannel channel, Socket socket, boolean secure) throws IOException {
    this.channel = channel;
    this.socket = socket;
    this.secure = secure;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code host:port} within {@code connectMillis}; with {@code tls}, then shakes hands within the deadline
   * ({@code tlsServerName}, when set, is the SNI name; name checks are the trust manager's, {@link ServerTrust}).
   */
  static Http1Connection open(String host, int port, Tls.Setup tls, String tlsServerName, int connectMillis,
      long deadline) throws IOException {
    SocketChannel channel = connect(new InetSocketAddress(host, port), connectMillis);
    try {
      if (tls == null) {
        return new Http1Connection(channel, channel.socket(), false);
      }
      return secure(channel, host, port, tls, tlsServerName, deadline);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Connects to {@code host:port} through the http proxy at {@code proxy}: for https a tunnel ({@code CONNECT}, which
   * carries nothing but the host and port), then TLS with {@code host}'s name checked end to end; for http a
   * connection to the proxy on which requests take the absolute form.
   */
  static Http1Connection openViaProxy(InetSocketAddress proxy, String authorization, String host, int port,
      Tls.Setup tls, String tlsServerName, int connectMillis, long deadline) throws IOException {
    InetSocketAddress resolved = proxy.isUnresolved() ? new InetSocketAddress(proxy.getHostString(), proxy.getPort())
        : proxy;
    SocketChannel channel = connect(resolved, connectMillis);
    try {
      Http1Connection plain = new Http1Connection(channel, channel.socket(), false);
      if (tls == null) {
        plain.viaProxy = true;
        plain.proxyAuthorization = authorization;
        return plain;
      }
      plain.tunnel(host, port, authorization, deadline);
      return secure(channel, host, port, tls, tlsServerName, deadline);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static SocketChannel connect(InetSocketAddress address, int connectMillis) throws IOException {
    if (address.isUnresolved()) {
      throw new UnknownHostException(address.getHostString());
    }
    SocketChannel channel = SocketChannel.open();
    try {
      Socket plain = channel.socket();
      plain.setTcpNoDelay(true);
      try {
        plain.connect(address, connectMillis);
      } catch (SocketTimeoutException e) {
        HttpConnectTimeoutException t = new HttpConnectTimeoutException("HTTP connect timed out");
        t.initCause(e);
        throw t;
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Asks the proxy for a tunnel to {@code host:port}; any answer but 2xx, or bytes after it, is a failure. */
  private void tunnel(String host, int port, String authorization, long deadline) throws IOException {
    String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    socket.setSoTimeout(timeoutMillis(deadline));
    out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
        + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    int[] used = {0};
    String statusLine = firstLine(deadline, used);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new ProtocolException("invalid status line from the proxy");
    }
    int status = parseStatus(statusLine);
    headers(deadline, used);
    if (status / 100 != 2) {
      throw new IOException("the proxy refused a tunnel to " + authority + ": status " + status);
    }
    if (pos < lim) {
      throw new ProtocolException("the proxy sent data before the tunnel was set up");
    }
  }

  private static Http1Connection secure(SocketChannel channel, String host, int port, Tls.Setup tls,
      String tlsServerName, long deadline) throws IOException {
    Socket plain = channel.socket();
    SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, port, true);
    SSLParameters p = ssl.getSSLParameters();
    p.setProtocols(tls.parameters().getProtocols());
    p.setCipherSuites(tls.parameters().getCipherSuites());
    String name = tlsServerName == null || tlsServerName.isBlank() ? null : tlsServerName.trim();
    if (name == null) {
      // the JDK's own check of the host name too, beside ServerTrust's (which also covers tls_server_name)
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    // SNI: the configured name, else the host unless it is an IP literal (the socket itself would skip dot-less
    // names such as localhost; the JDK's HttpClient sent them)
    String sni = name != null ? name : ipLiteral(host) ? null : host;
    if (sni != null) {
      try {
        p.setServerNames(List.of(new SNIHostName(sni)));
      } catch (IllegalArgumentException notAHostName) {
        // a name SNI cannot carry (e.g. with an underscore) is not sent; the certificate check still uses it
      }
    }
    ssl.setSSLParameters(p);
    ssl.setSoTimeout(timeoutMillis(deadline));
    ssl.startHandshake();
    return new Http1Connection(channel, ssl, true);
  }

  private static boolean ipLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /**
   * True when this idle connection can carry another request: the server has not closed it (nor sent anything, which
   * on an idle HTTP/1.1 connection is a close notice or garbage). Looks without waiting.
   */
  boolean stillOpen() {
    if (!channel.isOpen() || pos < lim) {
      return false;
    }
    ByteBuffer one = ByteBuffer.allocate(1);
    try {
      synchronized (channel.blockingLock()) {
        channel.configureBlocking(false);
        try {
          return channel.read(one) == 0;
        } finally {
          channel.configureBlocking(true);
        }
      }
    } catch (IOException e) {
      return false;
    }
  }

  long idleSince() {
    return idleSince;
  }

  /** Marks the start of an idle period (the pool's keep-alive clock). */
  void idle(long nanos) {
    idleSince = nanos;
  }

  /** After {@link #exchange}: whether the response left the connection usable for another request. */
  boolean reusable() {
    return reusable;
  }

  /**
   * Writes {@code head} and {@code body}, then reads the response to {@code method}, all before {@code deadline}
   * ({@link System#nanoTime()}).
   *
   * @throws Unanswered when the connection ended before the first byte of a response
   * @throws SocketTimeoutException when the deadline passed
   * @throws Http1Client.TooLarge when the body is larger than {@code maxBody}
   */
  Http1Client.Response exchange(String method, byte[] head, byte[] body, long deadline, long maxBody)
      throws IOException {
    reusable = false;
    socket.setSoTimeout(timeoutMillis(deadline));
    write(head, body, deadline);
    int status;
    HttpHeaders headers;
    String version;
    for (int informational = 0; ; informational++) {
      if (informational > MAX_INFORMATIONAL) {
        throw new ProtocolException("more than " + MAX_INFORMATIONAL + " informational (1xx) answers");
      }
      int[] used = {0};
      String statusLine;
      try {
        statusLine = firstLine(deadline, used);
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        throw unanswered("the server closed the connection without an answer", e);
      }
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
        throw new ProtocolException("invalid status line in the response");
      }
      version = statusLine.substring(0, 8);
      status = parseStatus(statusLine);
      headers = headers(deadline, used);
      if (status >= 200 || status == 101) {
        break; // 1xx informational answers (100 Continue, 103 Early Hints) precede the real one
      }
    }
    boolean keepAlive = status != 101 && keepAlive(version, headers); // after 101 the bytes are no longer HTTP
    List<String> transferEncoding = headers.allValues("Transfer-Encoding");
    byte[] content;
    if (method.equals("HEAD") || status == 204 || status == 304 || status == 101) {
      content = new byte[0];
    } else if (!transferEncoding.isEmpty()) {
      if (!chunkedLast(transferEncoding)) {
        throw new ProtocolException("unsupported Transfer-Encoding in the response");
      }
      // with a Content-Length beside it the message is suspect (RFC 9112 §6.3): read as chunked, then not reused
      keepAlive &= headers.allValues("Content-Length").isEmpty();
      content = chunked(deadline, maxBody);
    } else {
      long length = contentLength(headers);
      if (length >= 0) {
        content = fixed(length, deadline, maxBody);
      } else {
        content = untilClosed(deadline, maxBody);
        keepAlive = false;
      }
    }
    reusable = keepAlive;
    return new Http1Client.Response(status, headers, content);
  }

  /**
   * Writes the request. A write blocks while the server does not read and the send buffer is full, and a socket's
   * timeout does not bound writes: a request larger than {@link #UNGUARDED_WRITE} is guarded by closing the socket at
   * the deadline ({@link WriteGuard}).
   */
  private void write(byte[] head, byte[] body, long deadline) throws IOException {
    int size = head.length + (body == null ? 0 : body.length);
    WriteGuard.Watch watch = size > UNGUARDED_WRITE ? WriteGuard.watch(this, deadline) : null;
    try {
      out.write(head);
      if (body != null && body.length > 0) {
        out.write(body);
      }
      out.flush();
    } catch (IOException e) {
      if (watch != null && watch.fired()) {
        SocketTimeoutException t = new SocketTimeoutException("the server did not take the request in time");
        t.initCause(e);
        throw t;
      }
      throw unanswered("the connection failed while sending the request", e);
    } finally {
      if (watch != null) {
        watch.cancel();
      }
    }
  }

  /** Only {@code chunked} as the last transfer coding can be read (Go's client refuses the others too). */
  private static boolean chunkedLast(List<String> values) {
    String last = "";
    for (String v : values) {
      for (String coding : v.split(",")) {
        String c = coding.trim();
        if (!c.isEmpty()) {
          last = c;
        }
      }
    }
    return last.equalsIgnoreCase("chunked");
  }

  private static Unanswered unanswered(String message, IOException cause) {
    Unanswered u = new Unanswered(message);
    u.initCause(cause);
    return u;
  }

  private static int parseStatus(String line) throws ProtocolException {
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("invalid status code in the response");
      }
      status = status * 10 + (c - '0');
    }
    if (line.length() > 12 && line.charAt(12) != ' ') {
      throw new ProtocolException("invalid status code in the response");
    }
    return status;
  }

  private static boolean keepAlive(String version, HttpHeaders headers) {
    boolean close = false;
    boolean keep = false;
    for (String v : headers.allValues("Connection")) {
      for (String token : v.split(",")) {
        String t = token.trim().toLowerCase(java.util.Locale.ROOT);
        close |= t.equals("close");
        keep |= t.equals("keep-alive");
      }
    }
    return !close && (version.equals("HTTP/1.1") || keep);
  }

  private static long contentLength(HttpHeaders headers) throws ProtocolException {
    List<String> values = headers.allValues("Content-Length");
    long length = -1;
    for (String v : values) {
      for (String part : v.split(",")) {
        long n;
        try {
          n = Long.parseLong(part.trim());
        } catch (NumberFormatException e) {
          throw new ProtocolException("invalid Content-Length in the response");
        }
        if (n < 0 || (length >= 0 && n != length)) {
          throw new ProtocolException("invalid Content-Length in the response");
        }
        length = n;
      }
    }
    return length;
  }

  // ---- reading ----

  /** The status line; an end of stream before it is an {@link EOFException}. */
  private String firstLine(long deadline, int[] used) throws IOException {
    if (pos == lim && !fill(deadline)) {
      throw new EOFException("end of stream before the status line");
    }
    return line(deadline, used);
  }

  /** The header fields, within what is left of the {@link #MAX_HEADER_BYTES} budget ({@code used}). */
  private HttpHeaders headers(long deadline, int[] used) throws IOException {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int fields = 0;
    while (true) {
      String line = line(deadline, used);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue; // not a header (no name): ignored, as Go's reader skips what it cannot use
      }
      String name = line.substring(0, colon).trim();
      if (name.isEmpty()) {
        continue;
      }
      if (++fields > MAX_HEADER_FIELDS) {
        throw new ProtocolException("more than " + MAX_HEADER_FIELDS + " header fields in the response");
      }
      map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }

  /** One line without its CR LF (ISO-8859-1, as HTTP header bytes are); {@code used} counts the header bytes. */
  private String line(long deadline, int[] used) throws IOException {
    StringBuilder sb = null;
    while (true) {
      for (int i = pos; i < lim; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          used[0] += i + 1 - pos;
          pos = i + 1;
          if (sb == null) {
            check(used[0]);
            return part;
          }
          sb.append(part);
          check(used[0]);
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
      }
      used[0] += lim - pos;
      check(used[0]);
      sb = sb == null ? new StringBuilder(lim - pos + 64) : sb;
      sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
      pos = lim;
      if (!fill(deadline)) {
        throw new EOFException("end of stream in the response headers");
      }
    }
  }

  private static void check(int headerBytes) throws ProtocolException {
    if (headerBytes > MAX_HEADER_BYTES) {
      throw new ProtocolException("response headers larger than " + MAX_HEADER_BYTES / 1024 + " KiB");
    }
  }

  private byte[] fixed(long length, long deadline, long maxBody) throws IOException {
    if (length > maxBody || length > MAX_ARRAY) {
      throw Http1Client.tooLarge(maxBody);
    }
    byte[] body = new byte[(int) length];
    int have = 0;
    while (have < body.length) {
      if (pos == lim && !fill(deadline)) {
        throw new EOFException("end of stream after " + have + " of " + length + " body bytes");
      }
      int n = Math.min(lim - pos, body.length - have);
      System.arraycopy(buf, pos, body, have, n);
      pos += n;
      have += n;
    }
    return body;
  }

  private byte[] chunked(long deadline, long maxBody) throws IOException {
    byte[] body = new byte[0];
    int have = 0;
    int[] used = {0};
    while (true) {
      used[0] = 0;
      String sizeLine = line(deadline, used);
      int semi = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("invalid chunk size in the response");
      }
      if (size < 0) {
        throw new ProtocolException("invalid chunk size in the response");
      }
      if (size == 0) {
        used[0] = 0;
        while (!line(deadline, used).isEmpty()) {
          // trailers: read and dropped
        }
        return have == body.length ? body : Arrays.copyOf(body, have);
      }
      if (size > maxBody - have || size > MAX_ARRAY - have) { // (have + size could overflow)
        throw Http1Client.tooLarge(maxBody);
      }
      if (have + size > body.length) {
        long cap = Math.min(maxBody, MAX_ARRAY);
        body = Arrays.copyOf(body, (int) Math.min(cap, Math.max(have + size, 2L * body.length)));
      }
      long left = size;
      while (left > 0) {
        if (pos == lim && !fill(deadline)) {
          throw new EOFException("end of stream in a chunk of the response body");
        }
        int n = (int) Math.min(lim - pos, left);
        System.arraycopy(buf, pos, body, have, n);
        pos += n;
        have += n;
        left -= n;
      }
      used[0] = 0;
      if (!line(deadline, used).isEmpty()) {
        throw new ProtocolException("a chunk of the response body does not end with CR LF");
      }
    }
  }

  private byte[] untilClosed(long deadline, long maxBody) throws IOException {
    byte[] body = new byte[Math.max(lim - pos, 1024)];
    int have = 0;
    while (true) {
      if (pos == lim && !fill(deadline)) {
        return Arrays.copyOf(body, have);
      }
      int n = lim - pos;
      if ((long) have + n > maxBody || (long) have + n > MAX_ARRAY) {
        throw Http1Client.tooLarge(maxBody);
      }
      if (have + n > body.length) {
        long cap = Math.min(maxBody, MAX_ARRAY);
        body = Arrays.copyOf(body, (int) Math.min(cap, Math.max(have + n, 2L * body.length)));
      }
      System.arraycopy(buf, pos, body, have, n);
      pos += n;
      have += n;
    }
  }

  /** Reads more into the buffer within the deadline; false at the end of the stream. */
  private boolean fill(long deadline) throws IOException {
    socket.setSoTimeout(timeoutMillis(deadline));
    pos = 0;
    lim = 0;
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      return false;
    }
    lim = n;
    return true;
  }

  /** What is left before {@code deadline}, for a socket timeout (at least 1 ms; 0 would mean "no timeout"). */
  private static int timeoutMillis(long deadline) throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
  }

  boolean secure() {
    return secure;
  }

  /** The {@code Proxy-Authorization} value requests on this connection carry (a secret), or null. */
  String proxyAuthorization() {
    return proxyAuthorization;
  }

  /** Whether requests on this connection take the absolute form (an http origin through a proxy). */
  boolean viaProxy() {
    return viaProxy;
  }

  /** The TLS parameters in use (tests), or null for a plain connection. */
  SSLParameters tlsParameters() {
    return socket instanceof SSLSocket ? ((SSLSocket) socket).getSSLParameters() : null;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }
}
