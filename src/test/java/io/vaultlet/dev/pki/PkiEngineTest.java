package io.vaultlet.dev.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.support.ManualScheduler;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PkiEngineTest {

  private final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-03-01T12:00:00Z"));
  private PkiEngine pki;
  private X509Certificate ca;

  @BeforeEach
  void setUp() throws Exception {
    pki = new PkiEngine(scheduler.clock());
    PkiEngine.Issued root = pki.generateRoot(false, Map.of("common_name", "example.com Root", "ttl", "87600h"));
    ca = parse((String) root.data().get("certificate"));
    pki.writeRole("web", Map.of("allowed_domains", "example.com", "allow_subdomains", true, "max_ttl", "72h"));
  }

  @Test
  void rootIsASelfSignedCaWithoutItsKeyUnlessExported() throws Exception {
    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=example.com Root");
    PkiEngine.Issued exported = pki.generateRoot(true, Map.of("common_name", "Other Root", "key_type", "ec"));
    assertThat(exported.data()).containsEntry("private_key_type", "ec");
    assertThat((String) exported.data().get("private_key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(pki.generateRoot(false, Map.of("common_name", "x")).data()).doesNotContainKey("private_key");
  }

  @Test
  void issuedCertificateChainsToTheRootAndCarriesTheRequestedNames() throws Exception {
    PkiEngine.Issued issued = pki.issue("web", Map.of("common_name", "app.example.com",
        "alt_names", "api.example.com,www.example.com", "ip_sans", "10.0.0.7", "ttl", "24h"));
    Map<String, Object> d = issued.data();

    X509Certificate leaf = parse((String) d.get("certificate"));
    leaf.verify(ca.getPublicKey());
    assertThat(parse((String) d.get("issuing_ca"))).isEqualTo(ca);
    assertThat((List<?>) d.get("ca_chain")).hasSize(1);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=app.example.com");
    assertThat(sans(leaf)).containsExactlyInAnyOrder(
        "2:app.example.com", "2:api.example.com", "2:www.example.com", "7:10.0.0.7");
    assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(scheduler.now().minusSeconds(30));
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(scheduler.now().plus(Duration.ofHours(24)));
    assertThat(d.get("expiration")).isEqualTo(scheduler.now().plus(Duration.ofHours(24)).getEpochSecond());
    assertThat((String) d.get("serial_number")).matches("([0-9a-f]{2}:)+[0-9a-f]{2}");
    assertThat(d).containsEntry("private_key_type", "rsa");
    assertThat((String) d.get("private_key")).startsWith("-----BEGIN RSA PRIVATE KEY-----").doesNotEndWith("\n");
    assertThat(keyMatches(privateKey((String) d.get("private_key")), leaf.getPublicKey())).isTrue();
    assertThat(issued.lease()).isFalse();
  }

  @Test
  void ttlAboveTheRoleMaxIsCappedWithVaultsWarning() throws Exception {
    PkiEngine.Issued issued = pki.issue("web", Map.of("common_name", "app.example.com", "ttl", "100h"));
    assertThat(issued.warnings())
        .containsExactly("TTL \"100h0m0s\" is longer than permitted maxTTL \"72h0m0s\", so maxTTL is being used");
    assertThat(parse((String) issued.data().get("certificate")).getNotAfter().toInstant())
        .isEqualTo(scheduler.now().plus(Duration.ofHours(72)));
  }

  @Test
  void namesOutsideTheRoleAreRefusedWithVaultsText() {
    assertThatThrownBy(() -> pki.issue("web", Map.of("common_name", "example.org")))
        .hasMessage("common name example.org not allowed by this role");
    assertThatThrownBy(() -> pki.issue("web", Map.of("common_name", "example.com")))
        .hasMessage("common name example.com not allowed by this role");
    assertThatThrownBy(() -> pki.issue("web", Map.of("common_name", "a.example.com", "alt_names", "evil.net")))
        .hasMessage("subject alternate name evil.net not allowed by this role");
    assertThatThrownBy(() -> pki.issue("nope", Map.of("common_name", "a.example.com")))
        .hasMessage("unknown role: nope");
    pki.writeRole("bare", Map.of("allowed_domains", "example.com", "allow_bare_domains", true, "allow_ip_sans", false));
    assertThat(pki.issue("bare", Map.of("common_name", "example.com")).data()).containsKey("certificate");
    assertThatThrownBy(() -> pki.issue("bare", Map.of("common_name", "example.com", "ip_sans", "1.2.3.4")))
        .hasMessage("IP Subject Alternative Names are not allowed in this role, but was provided [1.2.3.4]");
  }

  @Test
  void ecRolesIssueEcKeys() throws Exception {
    pki.writeRole("ec", Map.of("allow_any_name", true, "key_type", "ec", "key_bits", 384));
    Map<String, Object> d = pki.issue("ec", Map.of("common_name", "anything.test")).data();
    X509Certificate leaf = parse((String) d.get("certificate"));
    leaf.verify(ca.getPublicKey());
    assertThat(d).containsEntry("private_key_type", "ec");
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(keyMatches(privateKey((String) d.get("private_key")), leaf.getPublicKey())).isTrue();
  }

  @Test
  void signUsesTheCsrKeyAndNames() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "alt.example.com")));
    var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=csr.example.com"), kp.getPublic())
        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(csr);
    }

    PkiEngine.Issued signed = pki.sign("web", Map.of("csr", pem.toString()));

    X509Certificate leaf = parse((String) signed.data().get("certificate"));
    leaf.verify(ca.getPublicKey());
    assertThat(leaf.getPublicKey()).isEqualTo(kp.getPublic());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=csr.example.com");
    assertThat(sans(leaf)).contains("2:alt.example.com", "2:csr.example.com");
    assertThat(signed.data()).doesNotContainKeys("private_key", "private_key_type");
  }

  @Test
  void generateLeaseRolesAskForALeaseUntilNotAfterAndFetchFindsTheCert() throws Exception {
    Map<String, Object> role = new HashMap<>(Map.of("allowed_domains", "example.com", "allow_subdomains", true,
        "generate_lease", true, "ttl", "1h"));
    pki.writeRole("leased", role);
    PkiEngine.Issued issued = pki.issue("leased", Map.of("common_name", "a.example.com"));

    assertThat(issued.lease()).isTrue();
    assertThat(issued.leaseTtl()).isEqualTo(Duration.ofHours(1));
    Map<String, Object> fetched = pki.fetchCert(issued.serialNumber());
    assertThat(fetched).containsEntry("certificate", issued.data().get("certificate")).containsEntry("revocation_time", 0L);
    pki.revoke(issued.serialNumber());
    assertThat(pki.fetchCert(issued.serialNumber()).get("revocation_time")).isEqualTo(scheduler.now().getEpochSecond());
    assertThat(pki.fetchCert("ca")).containsEntry("certificate", pki.caPem());
    assertThat(parse(pki.caPem())).isEqualTo(ca);
  }

  @Test
  void leafLongerThanTheCaIsRefused() {
    PkiEngine fresh = new PkiEngine(scheduler.clock());
    fresh.generateRoot(false, Map.of("common_name", "short root", "ttl", "1h"));
    fresh.writeRole("long", Map.of("allow_any_name", true, "ttl", "2h"));
    assertThatThrownBy(() -> fresh.issue("long", Map.of("common_name", "x.test")))
        .hasMessageStartingWith("cannot satisfy request, as TTL would result in notAfter");
  }

  @Test
  void aSecondRootIsAnotherIssuerAndTheDefaultStays() throws Exception {
    PkiEngine.Issued second = pki.generateRoot(false, Map.of("common_name", "second root", "issuer_name", "second"));

    PkiEngine.Issued fromSecond = pki.issue("web", Map.of("common_name", "a.example.com"), "second");
    PkiEngine.Issued fromDefault = pki.issue("web", Map.of("common_name", "b.example.com"));

    assertThat(parse(pki.caPem())).isEqualTo(ca);
    assertThat(pki.issuers.all()).hasSize(2);
    assertThat(fromSecond.data()).containsEntry("issuing_ca", second.data().get("certificate"));
    assertThat(parse((String) fromDefault.data().get("issuing_ca"))).isEqualTo(ca);
    assertThatThrownBy(() -> pki.generateRoot(false, Map.of("common_name", "x", "issuer_name", "second")))
        .hasMessage("another issuer is using the requested name: second");
  }

  static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  static List<String> sans(X509Certificate cert) throws Exception {
    List<String> out = new ArrayList<>();
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    if (names != null) {
      for (List<?> n : names) {
        out.add(n.get(0) + ":" + n.get(1));
      }
    }
    return out;
  }

  static PrivateKey privateKey(String pem) throws Exception {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject()).getPrivate();
    }
  }

  static boolean keyMatches(PrivateKey priv, PublicKey pub) throws Exception {
    String alg = "EC".equals(pub.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] data = "proof".getBytes(StandardCharsets.UTF_8);
    Signature s = Signature.getInstance(alg);
    s.initSign(priv);
    s.update(data);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(pub);
    v.update(data);
    return v.verify(sig);
  }
}
