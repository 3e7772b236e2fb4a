package io.vaultlet.listener;

import io.vaultlet.config.ListenerConfig;
import io.vaultlet.config.ListenerSettings;
import io.vaultlet.support.Log;
import io.vaultlet.support.PrivateFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One {@code listener} block, bound: a TCP socket (with TLS unless {@code tls_disable}) or a unix-domain socket (its
 * file created with {@code socket_mode}, {@code socket_user}, {@code socket_group}, and removed on close). One accept
 * thread; each connection is served on a thread of a bounded pool ({@value #MAX_CONNECTIONS} at once, more are
 * closed at once). Plain blocking I/O from {@code java.base}: no server framework, no extra classes at start-up.
 */
final class ListenerServer implements AutoCloseable {

  static final int MAX_CONNECTIONS = 128;
  private static final Log LOG = Log.named("listener");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ListenerConfig config;
  private final HttpConnection.Handler handler;
  private final Watchdog watchdog;
  private final RequestMemory memory;
  private final ServerSocket tcp;
  private final ServerSocketChannel unix;
  private final Path socketFile;
  private final ThreadPoolExecutor pool;
  private volatile ListenerTls tls;
  private volatile boolean closed;
  private Thread acceptor;

  private ListenerServer(ListenerConfig config, HttpConnection.Handler handler, Watchdog watchdog,
      RequestMemory memory, ServerSocket tcp, ServerSocketChannel unix, Path socketFile, ListenerTls tls) {
    this.config = config;
    this.handler = handler;
    this.watchdog = watchdog;
    this.memory = memory;
    this.tcp = tcp;
    this.unix = unix;
    this.socketFile = socketFile;
    this.tls = tls;
    this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "vaultlet-listener-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Binds the listener now: an address in use or a bad TLS file is a start-up error naming the listener. */
  static ListenerServer bind(ListenerConfig config, HttpConnection.Handler handler, Watchdog watchdog,
      RequestMemory memory) throws IOException {
    ListenerSettings s = config.options();
    String address = config.addressOrDefault();
    if (config.type().equals("unix")) {
      Path file = Path.of(address);
      Files.deleteIfExists(file);
      ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.bind(UnixDomainSocketAddress.of(file));
        applySocketPermissions(file, s);
      } catch (IOException e) {
        ch.close();
        Files.deleteIfExists(file);
        throw new IOException("listener \"unix\" at " + file + ": " + e.getMessage(), e);
      }
      return new ListenerServer(config, handler, watchdog, memory, null, ch, file, null);
    }
    ListenerTls tls = s.tlsDisable() ? null : ListenerTls.load(s);
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(tcpAddress(address), 128);
    } catch (IOException e) {
      server.close();
      throw new IOException("listener \"tcp\" at " + address + ": " + e.getMessage(), e);
    }
    return new ListenerServer(config, handler, watchdog, memory, server, null, null, tls);
  }

  /** {@code host:port}, {@code :port} (every interface), {@code [v6]:port}. */
  static InetSocketAddress tcpAddress(String address) throws IOException {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IOException("listener address \"" + address + "\" must be host:port");
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IOException("listener address \"" + address + "\" has no valid port");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
  }

  private static void applySocketPermissions(Path file, ListenerSettings s) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
    if (s.socketUser().isPresent()) {
      UserPrincipal user = lookup.lookupPrincipalByName(s.socketUser().get());
      view.setOwner(user);
    }
    if (s.socketGroup().isPresent()) {
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(s.socketGroup().get());
      view.setGroup(group);
    }
    if (s.socketMode().isPresent()) {
      int mode = s.socketMode().get();
      if (mode == ListenerSettings.INVALID_MODE) {
        throw new IOException("invalid mode specified: 'socket_mode' must be an octal mode such as \"0660\"");
      }
      view.setPermissions(PrivateFile.permissions(mode));
    }
  }

  ListenerConfig config() {
    return config;
  }

  /** Where it listens, as a URL: {@code http://127.0.0.1:8100}, {@code https://…}, {@code unix:///run/agent.sock}. */
  String url() {
    if (unix != null) {
      return "unix://" + socketFile;
    }
    InetSocketAddress a = (InetSocketAddress) tcp.getLocalSocketAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (tls == null ? "http://" : "https://") + host + ":" + a.getPort();
  }

  void start() {
    acceptor = new Thread(this::acceptLoop, "vaultlet-listener-accept-" + THREADS.incrementAndGet());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** SIGHUP: the TLS certificate and key are read again; new connections use them (Vault reloads them too). */
  void reloadTls() throws IOException {
    if (tls != null) {
      tls = ListenerTls.load(config.options());
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        if (unix != null) {
          SocketChannel ch = unix.accept();
          dispatch(() -> serveUnix(ch), ch);
        } else {
          Socket s = tcp.accept();
          dispatch(() -> serveTcp(s), s);
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("listener accept failed", "address", config.addressOrDefault(), "error", e.getMessage());
          pause();
        }
      }
    }
  }

  private void dispatch(Runnable work, java.io.Closeable connection) throws IOException {
    try {
      pool.execute(work);
    } catch (RejectedExecutionException e) {
      LOG.warn("listener: too many open connections; closing a new one", "max", MAX_CONNECTIONS);
      connection.close();
    }
  }

  private void serveTcp(Socket plain) {
    try {
      plain.setTcpNoDelay(true);
      plain.setKeepAlive(true);
      String peer = plain.getInetAddress().getHostAddress() + ":" + plain.getPort();
      ListenerTls t = tls;
      Socket s = t == null ? plain : t.wrap(plain);
      new HttpConnection(s.getInputStream(), s.getOutputStream(), s, peer, () -> verifiedPeer(s),
          config.options(), handler, watchdog, memory).run();
    } catch (IOException e) {
      LOG.debug("listener connection failed", "error", e.getMessage());
      try {
        plain.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  private static boolean verifiedPeer(Socket s) {
    if (!(s instanceof SSLSocket ssl)) {
      return false;
    }
    try {
      return ssl.getSession().getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private void serveUnix(SocketChannel ch) {
    new HttpConnection(new ChannelInput(ch), new ChannelOutput(ch), ch, "unix", () -> false, config.options(),
        handler, watchdog, memory).run();
  }

  private void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (tcp != null) {
        tcp.close();
      }
      if (unix != null) {
        unix.close();
        Files.deleteIfExists(socketFile);
      }
    } catch (IOException e) {
      LOG.debug("closing a listener failed", "error", e.getMessage());
    }
    pool.shutdownNow();
  }

  /** Reads a blocking channel directly (the JDK's channel streams serialize reads and writes on one lock). */
  private static final class ChannelInput extends InputStream {
    private final SocketChannel ch;

    ChannelInput(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return ch.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private static final class ChannelOutput extends OutputStream {
    private final SocketChannel ch;

    ChannelOutput(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}
