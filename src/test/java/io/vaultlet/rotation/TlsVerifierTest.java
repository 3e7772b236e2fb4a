package io.vaultlet.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.VerifyConfig.TlsCheck;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls} check: parses, valid now, matches its key, chains to {@code ca_file}, covers the host names. */
class TlsVerifierTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private KeyPair caKey;
  private X509Certificate ca;
  private Path caFile;

  @BeforeEach
  void ca() throws Exception {
    caKey = ec();
    ca = certificate("CN=Test Root", caKey, null, caKey, NOW, true);
    caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, pem(ca));
  }

  private Verifier.Result check(String rendered, TlsCheck check, Instant at) throws Exception {
    Path staged = dir.resolve(".tls.pem.123.tmp");
    Files.writeString(staged, rendered);
    Path dest = dir.resolve("tls.pem").toAbsolutePath();
    Path keyDest = dir.resolve("key.pem").toAbsolutePath();
    Path keyStaged = dir.resolve(".key.pem.456.tmp");
    return new TlsVerifier(check).verify(new Verifier.Candidate(staged, dest,
        Map.of(dest, staged, keyDest, keyStaged), Map.of(), Duration.ofSeconds(5), at));
  }

  private TlsCheck check(String... hostnames) {
    return new TlsCheck(Optional.of(caFile.toString()), List.of(hostnames), Optional.empty());
  }

  @Test
  void aGoodCertificatePasses() throws Exception {
    KeyPair key = ec();
    String leaf = pem(leaf(key, NOW, "api.svc.test", "*.web.svc.test", "10.0.0.7")) + pem(key);
    assertThat(check(leaf, check("api.svc.test", "a.web.svc.test", "10.0.0.7"), NOW).ok()).isTrue();
  }

  @Test
  void eachFailureSaysWhat() throws Exception {
    KeyPair key = ec();
    String good = pem(leaf(key, NOW, "api.svc.test"));
    assertThat(check(good + pem(ec()), check(), NOW).message()).contains("does not belong to the certificate");
    assertThat(check(good, check(), NOW).message()).contains("holds no private key");
    assertThat(check(good + pem(key), check("db.svc.test"), NOW).message())
        .isEqualTo("the certificate does not cover db.svc.test (it covers api.svc.test)");
    assertThat(check(good + pem(key), check(), NOW.plus(Duration.ofDays(30))).message())
        .startsWith("the certificate expired at");
    assertThat(check("not a certificate", check(), NOW).ok()).isFalse();

    KeyPair otherCa = ec();
    X509Certificate foreign = certificate("CN=api.svc.test", key, certificate("CN=Other Root", otherCa, null, otherCa,
        NOW, true), otherCa.getPrivate(), NOW, false, "api.svc.test");
    assertThat(check(pem(foreign) + pem(key), check(), NOW).message()).contains("does not chain to a CA in " + caFile);
  }

  @Test
  void aWildcardCoversOneLabelOnly() throws Exception {
    KeyPair key = ec();
    String wild = pem(leaf(key, NOW, "*.svc.test")) + pem(key);
    assertThat(check(wild, check("a.svc.test"), NOW).ok()).isTrue();
    assertThat(check(wild, check("a.b.svc.test"), NOW).ok()).isFalse();
    assertThat(check(wild, check("svc.test"), NOW).ok()).isFalse();
  }

  @Test
  void aCertificateNamingItsHostOnlyInTheCommonNameDoesNotCoverIt() throws Exception {
    // Go clients (since 1.15), Vault's client and vaultlet's own client ignore the common name: so does the check.
    KeyPair key = ec();
    String cnOnly = pem(certificate("CN=db.internal", key, ca, caKey.getPrivate(), NOW, false)) + pem(key);
    Verifier.Result result = check(cnOnly, check("db.internal"), NOW);
    assertThat(result.ok()).isFalse();
    assertThat(result.message()).isEqualTo("the certificate does not cover db.internal"
        + " (it covers no subject alternative names; the common name is not used)");
  }

  @Test
  void aWildcardOnATopLevelDomainCoversNothing() throws Exception {
    KeyPair key = ec();
    String tld = pem(leaf(key, NOW, "*.com")) + pem(key);
    assertThat(check(tld, check("example.com"), NOW).ok()).isFalse();
  }

  @Test
  void theKeyMayBeInAnotherStagedFileOfThePublishGroup() throws Exception {
    KeyPair key = ec();
    Files.writeString(dir.resolve(".key.pem.456.tmp"), pem(key)); // the staged render of key.pem
    Files.writeString(dir.resolve("key.pem"), pem(ec()));           // the published (old) key
    TlsCheck withKeyFile = new TlsCheck(Optional.of(caFile.toString()), List.of("api.svc.test"),
        Optional.of(dir.resolve("key.pem").toString()));
    assertThat(check(pem(leaf(key, NOW, "api.svc.test")), withKeyFile, NOW).ok()).isTrue();
  }

  // ---- certificates ----

  private X509Certificate leaf(KeyPair key, Instant now, String... names) throws Exception {
    return certificate("CN=" + names[0].replace("*", "wild"), key, ca, caKey.getPrivate(), now, false, names);
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, KeyPair key, X509Certificate issuer, KeyPair signer,
      Instant now, boolean isCa) throws Exception {
    return certificate(subject, key, issuer, signer.getPrivate(), now, isCa);
  }

  private static X509Certificate certificate(String subject, KeyPair key, X509Certificate issuer,
      java.security.PrivateKey signer, Instant now, boolean isCa, String... names) throws Exception {
    X500Name issuerName = issuer == null ? new X500Name(subject)
        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(System.nanoTime()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(isCa ? 365 : 7))),
        new X500Name(subject), key.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (names.length > 0) {
      GeneralName[] sans = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        sans[i] = names[i].matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, names[i])
            : new GeneralName(GeneralName.dNSName, names[i]);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      if (o instanceof KeyPair k) {
        p.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k.getPrivate(), null));
      } else {
        p.writeObject(o);
      }
    }
    return w.toString();
  }
}
