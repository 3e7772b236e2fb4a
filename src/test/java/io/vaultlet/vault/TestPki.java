package io.vaultlet.vault;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for TLS tests, generated in memory with Bouncy Castle and written as PEM when a test needs files. */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(1000);

  /** A key and its certificate chain (leaf first). */
  public record Issued(KeyPair keys, X509Certificate cert, List<X509Certificate> chain) {
    public PrivateKey key() {
      return keys.getPrivate();
    }
  }

  public final Issued ca;

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /** A CA with an EC P-256 key. */
  public static TestPki create(String name) {
    try {
      KeyPair kp = ec();
      X500Name subject = new X500Name("CN=" + name);
      X509v3CertificateBuilder b = builder(subject, subject, kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert = sign(b, kp.getPrivate());
      return new TestPki(new Issued(kp, cert, List.of(cert)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server certificate with these SANs: entries that look like IPv4 addresses become IP SANs. */
  public Issued server(String cn, String... sans) {
    return issue(cn, ec(), sans);
  }

  public Issued client(String cn, KeyPair keys) {
    return issue(cn, keys);
  }

  private Issued issue(String cn, KeyPair kp, String... sans) {
    try {
      X509v3CertificateBuilder b = builder(X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
          new X500Name("CN=" + cn), kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (sans.length > 0) {
        List<GeneralName> names = new ArrayList<>();
        for (String s : sans) {
          names.add(s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? new GeneralName(GeneralName.iPAddress, s)
              : new GeneralName(GeneralName.dNSName, s));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      }
      X509Certificate cert = sign(b, ca.key());
      return new Issued(kp, cert, List.of(cert, ca.cert()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws Exception {
    String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    ContentSigner s = new JcaContentSignerBuilder(alg).build(signer);
    return new JcaX509CertificateConverter().getCertificate(b.build(s));
  }

  // ---- PEM files ----

  public static Path writeCerts(Path file, X509Certificate... certs) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    }
    return Files.writeString(file, sw.toString());
  }

  /** The "traditional" encodings: PKCS#1 for RSA ({@code RSA PRIVATE KEY}), SEC1 for EC ({@code EC PRIVATE KEY}). */
  static Path writeTraditionalKey(Path file, KeyPair keys) throws IOException {
    StringWriter sw = new StringWriter();
    if (keys.getPrivate().getAlgorithm().equals("EC")) {
      // as OpenSSL writes it: curve parameters and public key inside the SEC1 structure
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey bare = ECPrivateKey.getInstance(info.parsePrivateKey());
      DERBitString pub = new DERBitString(
          SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
      ECPrivateKey full = new ECPrivateKey(256, bare.getKey(), pub, info.getPrivateKeyAlgorithm().getParameters());
      try (PemWriter w = new PemWriter(sw)) {
        w.writeObject(new PemObject("EC PRIVATE KEY", full.getEncoded()));
      }
      return Files.writeString(file, sw.toString());
    }
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(keys);
    }
    return Files.writeString(file, sw.toString());
  }

  /** PKCS#8 ({@code PRIVATE KEY}). */
  public static Path writePkcs8Key(Path file, PrivateKey key) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    return Files.writeString(file, sw.toString());
  }

  // ---- key stores for the stub server ----

  public static KeyStore keyStore(Issued issued) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", issued.key(), "changeit".toCharArray(), issued.chain().toArray(new X509Certificate[0]));
    return ks;
  }

  public KeyStore trustStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca.cert());
    return ks;
  }
}
