package io.vaultlet.vault;

import io.vaultlet.pki.Pem;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS side of {@link VaultClient} from its settings: roots ({@code ca_cert} bundle, {@code ca_path}
 * directory, or the JDK's defaults), the client certificate for mTLS, {@code tls_server_name} (SNI and name check) and
 * {@code tls_skip_verify}. TLS 1.2 and 1.3 only, as Vault's default {@code tls_min_version = "tls12"}.
 */
final class Tls {

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final Log LOG = Log.named("vault.tls");
  private static final AtomicBoolean WARNED_SKIP_VERIFY = new AtomicBoolean();

  private Tls() {}

  record Setup(SSLContext context, SSLParameters parameters) {}

  static Setup build(VaultClient.Settings s) throws IOException {
    try {
      TrustManager trust = s.tlsSkipVerify() ? insecure() : new ServerTrust(roots(s), s.tlsServerName());
      KeyManager[] keys = s.clientCert() == null ? null : new KeyManager[] {clientKey(s.clientCert(), s.clientKey())};
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, new TrustManager[] {trust}, null);
      SSLParameters params = ctx.getDefaultSSLParameters();
      params.setProtocols(PROTOCOLS);
      if (s.tlsServerName() != null && !s.tlsServerName().isBlank()) {
        ctx = ServerNameContext.wrap(ctx, s.tlsServerName().trim());
      }
      return new Setup(ctx, params);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the Vault client: " + e.getMessage(), e);
    }
  }

  /** Tests only: warn again on the next skip-verify client. */
  static void rearmSkipVerifyWarning() {
    WARNED_SKIP_VERIFY.set(false);
  }

  private static TrustManager insecure() {
    if (WARNED_SKIP_VERIFY.compareAndSet(false, true)) {
      LOG.warn("tls_skip_verify is set: the Vault server's certificate and name are NOT verified; "
          + "anyone on the network path can read every token and secret. Use ca_cert or ca_path instead");
    }
    return new ServerTrust.Insecure();
  }

  /** The configured roots: {@code ca_cert} wins over {@code ca_path} (as Vault); neither means the JDK defaults. */
  static X509TrustManager roots(VaultClient.Settings s) throws IOException, GeneralSecurityException {
    List<X509Certificate> cas = null;
    if (s.caCert() != null) {
      cas = Pem.readCertificates(s.caCert());
    } else if (s.caPath() != null) {
      cas = readCaPath(s.caPath());
    }
    KeyStore store = null;
    if (cas != null) {
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate c : cas) {
        store.setCertificateEntry("ca-" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  /** Every regular file under {@code dir} (recursively, as Go's rootcerts) must hold PEM certificates. */
  static List<X509Certificate> readCaPath(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("ca_path " + dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(Pem.readCertificates(f));
    }
    if (out.isEmpty()) {
      throw new IOException("ca_path " + dir + " contains no certificates");
    }
    return out;
  }

  private static KeyManager clientKey(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = Pem.readCertificates(certFile);
    PrivateKey key = Pem.readPrivateKey(keyFile);
    return new SingleKey(key, chain.toArray(new X509Certificate[0]));
  }

  /**
   * Presents the one configured client certificate whenever the server asks, whatever CA names it lists (the JDK's own
   * key manager would stay silent when the issuer is not in the server's list; Vault's Go client sends it anyway).
   */
  static final class SingleKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleKey(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return new String[] {ALIAS}; }
    @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return ALIAS; }
    @Override public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }
    @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return null; }
    @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return null; }
    @Override public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }
    @Override public PrivateKey getPrivateKey(String alias) { return ALIAS.equals(alias) ? key : null; }
  }
}
