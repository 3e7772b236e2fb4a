package io.vaultlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP forward proxy for tests, as a corporate proxy behaves: {@code CONNECT host:port} opens a tunnel (bytes
 * piped both ways), a request in absolute form ({@code GET http://host:port/path}) is sent on to the origin in origin
 * form, one request per connection. With {@link #requireAuthorization} it answers 407 to anything without that
 * {@code Proxy-Authorization}. It records every request line and the {@code Proxy-Authorization} it saw, and never
 * passes that header on.
 */
public final class ForwardProxy implements AutoCloseable {

  /** What the proxy was asked: the request line and the Proxy-Authorization value ("" when none). */
  public record Seen(String requestLine, String authorization) {}

  private final ServerSocket server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<String> forwardedHeads = new CopyOnWriteArrayList<>();
  private volatile String required;
  private final java.util.Map<String, String> routes = new java.util.concurrent.ConcurrentHashMap<>();

  private ForwardProxy(ServerSocket server) {
    this.server = server;
  }

  /** A proxy listening on {@code address} (port 0: any free one). */
  public static ForwardProxy start(InetAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(address, 0));
    ForwardProxy p = new ForwardProxy(s);
    Thread t = new Thread(p::accept, "forward-proxy");
    t.setDaemon(true);
    t.start();
    return p;
  }

  /**
   * An address of this machine that is not loopback (IPv4 first), for tests that need Vault addressed by something
   * the proxy rules do not exempt; empty when the machine has none.
   */
  public static java.util.Optional<InetAddress> nonLoopbackAddress() {
    InetAddress v6 = null;
    try {
      for (java.net.NetworkInterface nif
          : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
          if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
            continue;
          }
          if (a instanceof java.net.Inet4Address) {
            return java.util.Optional.of(a);
          }
          v6 = v6 == null ? a : v6;
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(v6);
  }

  public static ForwardProxy start() throws IOException {
    return start(InetAddress.getLoopbackAddress());
  }

  /** Answers 407 unless a request carries exactly this {@code Proxy-Authorization} value. */
  public ForwardProxy requireAuthorization(String value) {
    this.required = value;
    return this;
  }

  /** Connects requests for {@code host} to {@code address} (the proxy's own name resolution, as a DNS entry). */
  public ForwardProxy route(String host, String address) {
    routes.put(host.toLowerCase(Locale.ROOT), address);
    return this;
  }

  private String resolve(String host) {
    return routes.getOrDefault(host.toLowerCase(Locale.ROOT), host);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>} (or the bound address). */
  public String url() {
    String host = server.getInetAddress().getHostAddress();
    return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** The request heads sent on to origins (absolute-form requests only). */
  public List<String> forwardedHeads() {
    return List.copyOf(forwardedHeads);
  }

  public int requests() {
    return seen.size();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "forward-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      while (serveOne(client)) {
        // a 407 keeps the connection, as proxies do: the client may answer the challenge on it
      }
    } catch (IOException | RuntimeException e) {
      // a client or origin hung up
    }
  }

  /** Serves one request; true when the connection stays open for another. */
  private boolean serveOne(Socket client) throws IOException {
    {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return false;
      }
      String[] lines = head.split("\r\n");
      String requestLine = lines[0];
      String authorization = "";
      StringBuilder kept = new StringBuilder();
      long length = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = colon < 0 ? "" : lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : lines[i].substring(colon + 1).trim();
        if (name.equals("proxy-authorization")) {
          authorization = value;
        } else if (!name.equals("connection") && !name.equals("proxy-connection")) {
          if (name.equals("content-length")) {
            length = Long.parseLong(value);
          }
          kept.append(lines[i]).append("\r\n");
        }
      }
      seen.add(new Seen(requestLine, authorization));
      OutputStream out = client.getOutputStream();
      if (required != null && !required.equals(authorization)) {
        in.readNBytes((int) length);
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
      }
      String[] parts = requestLine.split(" ");
      if (parts[0].equals("CONNECT")) {
        String authority = parts[1];
        int colon = authority.lastIndexOf(':');
        String host = authority.substring(0, colon).replace("[", "").replace("]", "");
        try (Socket up = new Socket(resolve(host), Integer.parseInt(authority.substring(colon + 1)))) {
          out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          pipeBothWays(client, up);
        }
        return false;
      }
      URI target = URI.create(parts[1]);
      String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      int port = target.getPort() >= 0 ? target.getPort() : 80;
      try (Socket up = new Socket(resolve(target.getHost().replace("[", "").replace("]", "")), port)) {
        String forwarded = parts[0] + " " + path + " " + parts[2] + "\r\n" + kept + "Connection: close\r\n\r\n";
        forwardedHeads.add(forwarded);
        OutputStream upOut = up.getOutputStream();
        upOut.write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
        upOut.write(in.readNBytes((int) length));
        upOut.flush();
        up.getInputStream().transferTo(out); // the origin closes after its answer (Connection: close)
        out.flush();
      }
      return false;
    }
  }

  private static void pipeBothWays(Socket a, Socket b) {
    Thread back = new Thread(() -> pipe(b, a), "forward-proxy-pipe");
    back.setDaemon(true);
    back.start();
    pipe(a, b);
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side hung up
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    for (int c; (c = in.read()) >= 0; ) {
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
