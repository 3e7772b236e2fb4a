package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PKI: root generation, roles, issue, sign, the CA endpoints and TTL capping (contract §8). */
class PkiContractTest extends ContractScenario {

  private String pki;

  @BeforeEach
  void mountWithRootAndRole() {
    pki = unique("pki");
    enableSecrets(pki, "pki", Map.of("config", Map.of("max_lease_ttl", "87600h")));
    wire.ok("POST", pki + "/roles/web", Map.of("allowed_domains", "example.com", "allow_subdomains", true,
        "ttl", "1h", "max_ttl", "72h"));
  }

  private Wire.Response generateRoot() {
    return wire.expect(200, "POST", pki + "/root/generate/internal",
        Map.of("common_name", "Contract Root CA", "ttl", "8760h"));
  }

  static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new AssertionError("not a PEM certificate", e);
    }
  }

  @Test
  void aGeneratedRootIsServedAsRawPemAndAsJson() {
    Wire.Response generated = generateRoot();
    String caPem = generated.data().get("certificate").asText();

    Wire.Response raw = Wire.to(target).get(pki + "/ca/pem");
    Wire.Response json = Wire.to(target).get(pki + "/cert/ca");

    Envelope.assertEnvelope(generated.json(), "pki");
    assertThat(generated.data().get("serial_number").asText()).matches("[0-9a-f]{2}(:[0-9a-f]{2})+");
    assertThat(generated.data().has("private_key")).as("internal keeps the key").isFalse();
    assertThat(certificate(caPem).getSubjectX500Principal().getName()).isEqualTo("CN=Contract Root CA");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.header("Content-Type")).isEqualTo("application/pem-certificate-chain");
    assertThat(raw.body().trim()).isEqualTo(caPem.trim());
    assertThat(json.status()).isEqualTo(200);
    Envelope.assertEnvelope(json.json());
    assertThat(json.data().get("certificate").asText().trim()).isEqualTo(caPem.trim());
    assertThat(json.data().has("ca_chain")).isFalse();
  }

  @Test
  void issueAnswersCertificateKeyAndChainWithoutALease() {
    String caPem = generateRoot().data().get("certificate").asText();

    Wire.Response r = wire.expect(200, "POST", pki + "/issue/web", Map.of("common_name", "app.example.com"));

    Envelope.assertEnvelope(r.json(), "pki");
    Envelope.assertNoLease(r.json());
    JsonNode d = r.data();
    X509Certificate leaf = certificate(d.get("certificate").asText());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=app.example.com");
    assertThat(d.get("issuing_ca").asText().trim()).isEqualTo(caPem.trim());
    assertThat(d.get("ca_chain").isArray()).isTrue();
    assertThat(d.get("ca_chain").get(0).asText().trim()).isEqualTo(caPem.trim());
    assertThat(d.get("private_key").asText()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(d.get("private_key_type").asText()).isEqualTo("rsa");
    assertThat(d.get("serial_number").asText()).matches("[0-9a-f]{2}(:[0-9a-f]{2})+");
    assertThat(d.get("expiration").asLong()).isEqualTo(leaf.getNotAfter().toInstant().getEpochSecond());
    assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()).toMinutes()).isBetween(58L, 60L);
  }

  @Test
  void aTtlAboveTheRoleMaxIsCappedWithAWarning() {
    generateRoot();

    Wire.Response r = wire.expect(200, "POST", pki + "/issue/web",
        Map.of("common_name", "app.example.com", "ttl", "100h"));

    X509Certificate leaf = certificate(r.data().get("certificate").asText());
    assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()).toHours()).isEqualTo(71L);
    assertThat(r.json().get("warnings")).extracting(JsonNode::asText).anySatisfy(w ->
        assertThat(w).contains("\"72h0m0s\""));
  }

  @Test
  void namesOutsideTheRoleAndUnknownRolesAreRefused() {
    generateRoot();

    Envelope.assertErrors(wire.post(pki + "/issue/web", Map.of("common_name", "evil.org")), 400,
        "common name evil.org not allowed by this role");
    Envelope.assertErrors(wire.post(pki + "/issue/nope", Map.of("common_name", "app.example.com")), 400,
        "unknown role: nope");
  }

  @Test
  void signTakesTheNameFromTheCsrAndReturnsNoPrivateKey() throws Exception {
    generateRoot();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA"); // the role's key_type (default rsa); an EC CSR: 400
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    var csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=svc.example.com"), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(csr);
    }

    Wire.Response r = wire.expect(200, "POST", pki + "/sign/web", Map.of("csr", pem.toString()));

    X509Certificate leaf = certificate(r.data().get("certificate").asText());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=svc.example.com");
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(r.data().has("private_key")).isFalse();
    assertThat(r.data().has("private_key_type")).isFalse();
  }

  @Test
  void signRefusesAKeyOfAnotherTypeThanTheRolesAndAnUnknownName() throws Exception {
    generateRoot();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair keys = g.generateKeyPair();
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=svc.example.com"),
          keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
    Envelope.assertErrors(wire.post(pki + "/sign/web", Map.of("csr", pem.toString())), 400,
        "role requires keys of type rsa");

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair rsaKeys = rsa.generateKeyPair();
    StringWriter evil = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(evil)) {
      w.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=evil.org"), rsaKeys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsaKeys.getPrivate())));
    }
    Envelope.assertErrors(wire.post(pki + "/sign/web", Map.of("csr", evil.toString())), 400,
        "common name evil.org not allowed by this role");
  }
}
