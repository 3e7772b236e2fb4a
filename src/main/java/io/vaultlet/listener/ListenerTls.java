package io.vaultlet.listener;

import io.vaultlet.config.ListenerSettings;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TCP listener's TLS (Vault's {@code listenerutil.TLSConfig}): certificate and key from PEM files, protocol range
 * from {@code tls_min_version}/{@code tls_max_version}, cipher suites, and client certificates required and verified
 * with {@code tls_require_and_verify_client_cert} (against {@code tls_client_ca_file}, else the JDK's trust store).
 * Immutable; a SIGHUP builds a new one from the same files.
 */
final class ListenerTls {

  private final SSLContext context;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final boolean requireClientCert;

  private ListenerTls(SSLContext context, String[] protocols, String[] cipherSuites, boolean requireClientCert) {
    this.context = context;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
    this.requireClientCert = requireClientCert;
  }

  /** Reads the files now, so a bad file is a start-up error that names it. */
  static ListenerTls load(ListenerSettings s) throws IOException {
    Path certFile = Path.of(s.tlsCertFile().orElseThrow(() -> new IOException("listener: tls_cert_file is not set")));
    Path keyFile = Path.of(s.tlsKeyFile().orElseThrow(() -> new IOException("listener: tls_key_file is not set")));
    try {
      List<X509Certificate> chain = Pem.readCertificates(certFile);
      if (chain.isEmpty()) {
        throw new IOException("listener: no certificate in tls_cert_file " + certFile);
      }
      PrivateKey key = Pem.readPrivateKey(keyFile);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("listener", key, new char[0], chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (s.requireClientCert() && s.clientCaFile().isPresent()) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : Pem.readCertificates(Path.of(s.clientCaFile().get()))) {
          trust.setCertificateEntry("ca" + i++, ca);
        }
        if (i == 0) {
          throw new IOException("failed to parse CA certificate in tls_client_ca_file");
        }
        tmf.init(trust);
      } else {
        tmf.init((KeyStore) null);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), s.requireClientCert() ? tmf.getTrustManagers() : null, null);
      return new ListenerTls(ctx, protocols(s.tlsMinVersion(), s.tlsMaxVersion()),
          s.tlsCipherSuites().toArray(new String[0]), s.requireClientCert());
    } catch (GeneralSecurityException e) {
      throw new IOException("listener: cannot use the TLS certificate " + certFile + " and key " + keyFile + ": "
          + e.getMessage(), e);
    }
  }

  private static String[] protocols(String min, String max) {
    List<String> all = List.of("tls10", "tls11", "tls12", "tls13");
    List<String> names = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    List<String> out = new ArrayList<>();
    for (int i = all.indexOf(min); i <= all.indexOf(max); i++) {
      out.add(names.get(i));
    }
    return out.toArray(new String[0]);
  }

  /** Wraps an accepted TCP socket in a server-side TLS socket (the handshake happens on the first read). */
  SSLSocket wrap(java.net.Socket plain) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
    s.setUseClientMode(false);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(protocols);
    if (cipherSuites.length > 0) {
      p.setCipherSuites(cipherSuites);
    }
    p.setApplicationProtocols(new String[] {"http/1.1"});
    p.setNeedClientAuth(requireClientCert);
    s.setSSLParameters(p);
    return s;
  }
}
