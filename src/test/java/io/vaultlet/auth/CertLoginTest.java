package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.ManualScheduler;
import io.vaultlet.testing.VaultHttp;
import io.vaultlet.vault.VaultClient;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cert auth over a real TLS handshake: the method's own client certificate, the emulator's HTTPS listener. */
class CertLoginTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void logsInWithTheMethodsOwnClientCertificate() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair caKey = ec();
    X509Certificate ca = certificate("CN=Test CA", caKey, null, caKey.getPrivate(), now, true, null);
    KeyPair serverKey = ec();
    X509Certificate server = certificate("CN=vault.test", serverKey, ca, caKey.getPrivate(), now, false, "127.0.0.1");
    KeyPair clientKey = ec();
    X509Certificate client = certificate("CN=api.clients.test", clientKey, ca, caKey.getPrivate(), now, false, null);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", serverKey.getPrivate(), PASSWORD, new Certificate[] {server, ca});
    Path caPem = write("ca.pem", ca);
    Path certPem = write("client.pem", client);
    Path keyPem = write("client-key.pem",
        new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(clientKey.getPrivate(), null).generate());

    try (DevServer vault = DevServer.start(DevOptions.builder().tls(store, PASSWORD).clockStart(now).clockSpeed(0)
        .noPostgres(true).build()); Recorder rec = new Recorder()) {
      VaultHttp root = VaultHttp.tls(vault.address(), vault.rootToken(), trusting(ca));
      root.write("sys/auth/cert", Map.of("type", "cert"));
      root.write("auth/cert/certs/clients", Map.of("certificate", pem(ca), "allowed_common_names", "*.clients.test",
          "token_policies", "svc", "token_ttl", "15m"));
      VaultClient shared = VaultClient.create(VaultClient.Settings.builder(vault.address()).caCert(caPem).build());
      ManualScheduler scheduler = new ManualScheduler(now);
      var config = Configs.autoAuth(dir, "method \"cert\" {\n config = {\n name = \"clients\"\n client_cert = \""
          + certPem + "\"\n client_key = \"" + keyPem + "\"\n }\n}");

      try (TokenManager manager = TokenManager.fromConfig(config, shared, scheduler)) {
        manager.addTokenListener(rec);
        manager.addEventListener(rec);
        manager.start();
        scheduler.runDue();

        assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
        assertThat(rec.changes).singleElement().satisfies(c -> {
          assertThat(c.current().policies()).contains("svc");
          assertThat(c.current().expiresAt()).contains(now.plus(Duration.ofMinutes(15)));
        });
      }
    }
  }

  private Path write(String name, Object pemObject) throws Exception {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(pemObject);
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sw.toString());
    return p;
  }

  private static String pem(X509Certificate cert) throws Exception {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(cert);
    }
    return sw.toString();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static SSLContext trusting(X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore none = KeyStore.getInstance("PKCS12");
    none.load(null, null);
    kmf.init(none, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static X509Certificate certificate(String subject, KeyPair key, X509Certificate issuer, PrivateKey signer,
      Instant now, boolean isCa, String ipSan) throws Exception {
    X500Name issuerName = issuer == null ? new X500Name(subject)
        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(System.nanoTime()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
        key.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
    }
    if (ipSan != null) {
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, ipSan)));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }
}
