package io.vaultlet.vault;

import io.vaultlet.pki.HostnameMatcher;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies the Vault server: the chain against the configured roots (PKIX, by the JDK), then the name itself, against
 * {@code tls_server_name} when set, else the host the client connected to.
 *
 * <p>Doing the name check here (instead of the JDK's endpoint identification) is what lets {@code tls_server_name}
 * differ from the address: the JDK HttpClient always checks the URI host unless a JVM-wide system property disables it.
 */
final class ServerTrust extends X509ExtendedTrustManager {

  private final X509TrustManager roots;
  private final String serverName;

  ServerTrust(X509TrustManager roots, String serverName) {
    this.roots = roots;
    this.serverName = serverName == null || serverName.isBlank() ? null : serverName.trim();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = engine == null ? null : engine.getPeerHost();
    if (serverName == null && engine != null && roots instanceof X509ExtendedTrustManager x) {
      checkName(chain, host);
      x.checkServerTrusted(chain, authType, engine); // the chain, and the host name as the engine asks
      return;
    }
    verify(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket && ((SSLSocket) socket).getHandshakeSession() != null) {
      host = ((SSLSocket) socket).getHandshakeSession().getPeerHost();
    }
    if (serverName == null && socket != null && roots instanceof X509ExtendedTrustManager x) {
      checkName(chain, host);
      x.checkServerTrusted(chain, authType, socket); // the chain, and the host name as the socket asks
      return;
    }
    verify(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain, authType, null);
  }

  private void verify(X509Certificate[] chain, String authType, String peerHost) throws CertificateException {
    roots.checkServerTrusted(chain, authType);
    checkName(chain, peerHost);
  }

  /**
   * Our name check ({@link HostnameMatcher}, Go's rules): against {@code tls_server_name}, else the host. Without
   * {@code tls_server_name} the JDK's endpoint identification ({@code HTTPS}, set by {@link Http1Connection} and the
   * JDK's HttpClient) checks the host name a second time, with the chain.
   */
  private void checkName(X509Certificate[] chain, String peerHost) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    String expected = serverName != null ? serverName : peerHost;
    if (expected == null) {
      throw new CertificateException("cannot verify the server name: no host known for this connection");
    }
    if (!HostnameMatcher.matches(chain[0], expected)) {
      throw new CertificateException("server certificate is not valid for \"" + expected + "\""
          + (serverName != null ? " (tls_server_name)" : "")
          + "; set tls_server_name to a name in its subject alternative names");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("client certificates are not accepted here");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates are not accepted here");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("client certificates are not accepted here");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return roots.getAcceptedIssuers();
  }

  /** {@code tls_skip_verify}: accepts any server certificate and any name. */
  static final class Insecure extends X509ExtendedTrustManager {
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
