package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** HTTPS with want-client-auth: what the cert auth method builds on. */
class TlsTest {

  private static final char[] PW = "changeit".toCharArray();

  /** Echoes the subject of the client certificate presented in the TLS handshake. */
  static final class CertEcho implements Backend {
    @Override
    public List<String> unauthenticatedPaths() {
      return List.of("login");
    }

    @Override
    public DevResponse handle(DevRequest req) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("subject", req.clientCertificates().isEmpty() ? null
          : req.clientCertificates().get(0).getSubjectX500Principal().getName());
      return DevResponse.of(d);
    }
  }

  @Test
  void clientCertificatesFromTheHandshakeReachTheBackend() throws Exception {
    KeyPair serverKey = keyPair();
    X509Certificate serverCert = selfSigned(serverKey, "CN=vaultlet-dev", true);
    KeyPair clientKey = keyPair();
    X509Certificate clientCert = selfSigned(clientKey, "CN=app.example.com", false);

    BackendRegistry registry = BackendRegistry.standard().register("cert-echo", MountKind.AUTH, ctx -> new CertEcho());
    try (DevServer server = DevServer.start(DevOptions.builder().registry(registry)
        .tls(keyStore(serverKey, serverCert), PW).build())) {
      assertThat(server.address()).startsWith("https://127.0.0.1:");
      Http root = new Http(client(serverCert, null, null), server.address(), server.rootToken());
      assertThat(root.post("/v1/sys/auth/cert", Map.of("type", "cert-echo")).status()).isEqualTo(204);

      Http withCert = new Http(client(serverCert, clientKey, clientCert), server.address(), null);
      assertThat(withCert.post("/v1/auth/cert/login", Map.of()).data()).containsEntry("subject", "CN=app.example.com");
      Http without = new Http(client(serverCert, null, null), server.address(), null);
      assertThat(without.post("/v1/auth/cert/login", Map.of()).data()).containsEntry("subject", null);
      assertThat(without.get("/v1/sys/health").status()).isEqualTo(200);
    }
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate selfSigned(KeyPair kp, String dn, boolean localhost) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(dn), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(dn),
        kp.getPublic());
    if (localhost) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
  }

  private static KeyStore keyStore(KeyPair kp, X509Certificate cert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("key", kp.getPrivate(), PW, new X509Certificate[] {cert});
    return ks;
  }

  private static HttpClient client(X509Certificate serverCert, KeyPair clientKey, X509Certificate clientCert)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", serverCert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(clientKey == null ? null : keyStore(clientKey, clientCert), PW);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(clientKey == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }
}
