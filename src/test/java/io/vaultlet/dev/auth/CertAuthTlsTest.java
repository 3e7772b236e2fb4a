package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cert auth: the client certificate comes from a real TLS handshake with the emulator's HTTPS listener. */
class CertAuthTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private KeyPair caKey;
  private X509Certificate ca;
  private X509Certificate serverCert;
  private DevServer vault;
  private VaultHttp root;

  @BeforeEach
  void start() throws Exception {
    Instant now = Instant.now();
    caKey = TestJwts.ec();
    ca = certificate("CN=Client CA", caKey, null, caKey.getPrivate(), now, true, null);
    KeyPair serverKey = TestJwts.ec();
    serverCert = certificate("CN=vault.dev", serverKey, ca, caKey.getPrivate(), now, false, "127.0.0.1");
    KeyStore serverStore = KeyStore.getInstance("PKCS12");
    serverStore.load(null, null);
    serverStore.setKeyEntry("server", serverKey.getPrivate(), PASSWORD, new Certificate[] {serverCert, ca});
    vault = DevServer.start(DevOptions.builder().tls(serverStore, PASSWORD).build());
    root = VaultHttp.tls(vault.address(), vault.rootToken(), ssl(null, null));
    root.write("sys/auth/cert", Map.of("type", "cert"));
    root.write("auth/cert/certs/clients", Map.of("certificate", pem(ca), "allowed_common_names", "*.clients.dev",
        "token_policies", "svc", "token_ttl", "15m"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void loginWithAClientCertificateSignedByTheConfiguredCa() throws Exception {
    KeyPair clientKey = TestJwts.ec();
    X509Certificate client = certificate("CN=api.clients.dev", clientKey, ca, caKey.getPrivate(), Instant.now(), false,
        null);

    VaultHttp.Response r = VaultHttp.tls(vault.address(), null, ssl(clientKey.getPrivate(), client))
        .post("auth/cert/login", Map.of("name", "clients"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.auth()).containsEntry("policies", List.of("default", "svc")).containsEntry("lease_duration", 900);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) r.auth().get("metadata");
    assertThat(meta).containsEntry("cert_name", "clients").containsEntry("common_name", "api.clients.dev")
        .containsEntry("serial_number", client.getSerialNumber().toString()).containsKeys("subject_key_id",
            "authority_key_id");
  }

  @Test
  void refusesMissingUntrustedAndUnmatchedCertificates() throws Exception {
    VaultHttp.Response none = VaultHttp.tls(vault.address(), null, ssl(null, null)).post("auth/cert/login", Map.of());
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.errors()).containsExactly("client certificate must be supplied");

    KeyPair selfKey = TestJwts.ec();
    X509Certificate selfSigned = certificate("CN=api.clients.dev", selfKey, null, selfKey.getPrivate(), Instant.now(),
        false, null);
    VaultHttp.Response untrusted = VaultHttp.tls(vault.address(), null, ssl(selfKey.getPrivate(), selfSigned))
        .post("auth/cert/login", Map.of());
    assertThat(untrusted.errors())
        .containsExactly("no chain matching all constraints could be found for this login certificate");

    KeyPair otherKey = TestJwts.ec();
    X509Certificate wrongName = certificate("CN=evil.example", otherKey, ca, caKey.getPrivate(), Instant.now(), false,
        null);
    assertThat(VaultHttp.tls(vault.address(), null, ssl(otherKey.getPrivate(), wrongName))
        .post("auth/cert/login", Map.of()).status()).isEqualTo(400);
  }

  // ---- a tiny CA ----

  private static X509Certificate certificate(String subject, KeyPair key, X509Certificate issuer, PrivateKey signer,
      Instant now, boolean isCa, String ipSan) throws Exception {
    X500Name issuerName = issuer == null ? new X500Name(subject)
        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(now.toEpochMilli()
        + (long) (Math.random() * 1000)), Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name(subject), key.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
    if (issuer != null) {
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
    }
    if (!isCa) {
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
    }
    if (ipSan != null) {
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, ipSan)));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(signer)));
  }

  private SSLContext ssl(PrivateKey clientKey, X509Certificate clientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (clientKey != null) {
      keys.setKeyEntry("client", clientKey, PASSWORD, new Certificate[] {clientCert});
    }
    kmf.init(keys, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String pem(X509Certificate cert) throws Exception {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(cert);
    }
    return sw.toString();
  }
}
