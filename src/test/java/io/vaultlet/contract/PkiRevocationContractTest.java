package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PKI revocation (§8): {@code revoke} by serial and by certificate, the CRL in DER and PEM (unauthenticated, signed by
 * the issuer, listing the revoked serial), {@code crl/rotate} (a new CRL number), and {@code config/urls} written into
 * issued certificates.
 */
class PkiRevocationContractTest extends ContractScenario {

  private String pki;
  private X509Certificate ca;
  private String rootSerial;

  @BeforeEach
  void mount() throws Exception {
    pki = unique("pki");
    enableSecrets(pki, "pki", Map.of("config", Map.of("max_lease_ttl", "87600h")));
    JsonNode root = wire.ok("POST", pki + "/root/generate/internal", Map.of("common_name", "Revocation Root",
        "ttl", "8760h")).data();
    ca = certificate(root.get("certificate").asText());
    rootSerial = root.get("serial_number").asText();
    wire.ok("POST", pki + "/roles/web", Map.of("allowed_domains", "example.com", "allow_subdomains", true,
        "max_ttl", "72h"));
  }

  private JsonNode issue(String cn) {
    return wire.expect(200, "POST", pki + "/issue/web", Map.of("common_name", cn, "ttl", "1h")).data();
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private X509CRL crl() throws Exception {
    Wire.Response r = Wire.to(target).get(pki + "/crl/pem");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("-----BEGIN X509 CRL-----");
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
        .generateCRL(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.US_ASCII)));
    crl.verify(ca.getPublicKey());
    return crl;
  }

  private static long crlNumber(X509CRL crl) {
    byte[] ext = crl.getExtensionValue("2.5.29.20");
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue().longValue();
  }

  @Test
  void revokingBySerialPutsTheCertificateOnTheSignedCrl() throws Exception {
    JsonNode issued = issue("a.example.com");
    String serial = issued.get("serial_number").asText();
    X509Certificate leaf = certificate(issued.get("certificate").asText());

    Wire.Response revoked = wire.expect(200, "POST", pki + "/revoke", Map.of("serial_number", serial));
    Wire.Response again = wire.expect(200, "POST", pki + "/revoke", Map.of("serial_number", serial));
    JsonNode fetched = Wire.to(target).get(pki + "/cert/" + serial).data();

    Envelope.assertEnvelope(revoked.json(), "pki");
    long time = revoked.data().get("revocation_time").asLong();
    assertThat(time).isPositive();
    assertThat(revoked.data().get("revocation_time_rfc3339").asText()).isNotEmpty();
    assertThat(again.data().get("revocation_time").asLong()).as("revoking twice answers the first").isEqualTo(time);
    assertThat(fetched.get("revocation_time").asLong()).isEqualTo(time);
    assertThat(crl().isRevoked(leaf)).isTrue();
    Wire.Response der = Wire.to(target).get(pki + "/crl");
    assertThat(der.status()).isEqualTo(200);
    assertThat(der.header("Content-Type")).startsWith("application/pkix-crl");
  }

  @Test
  void revokingByCertificateWorksAlike() throws Exception {
    JsonNode issued = issue("b.example.com");
    X509Certificate leaf = certificate(issued.get("certificate").asText());

    Wire.Response revoked = wire.expect(200, "POST", pki + "/revoke",
        Map.of("certificate", issued.get("certificate").asText()));

    assertThat(revoked.data().get("revocation_time").asLong()).isPositive();
    assertThat(crl().isRevoked(leaf)).isTrue();
    assertThat(crl().getRevokedCertificate(new BigInteger(issued.get("serial_number").asText().replace(":", ""), 16)))
        .isNotNull();
  }

  @Test
  void revocationRefusalsUseVaultsTexts() {
    Envelope.assertErrors(wire.post(pki + "/revoke", Map.of()), 400,
        "The serial number or certificate to revoke must be provided.");
    Envelope.assertErrors(wire.post(pki + "/revoke", Map.of("serial_number", "01:02:03")), 400,
        "certificate with serial 01:02:03 not found.");
    Wire.Response own = wire.post(pki + "/revoke", Map.of("serial_number", rootSerial));
    assertThat(own.status()).isEqualTo(400);
    assertThat(own.errors()).singleElement().asString().startsWith("adding issuer (id: ")
        .endsWith(") to its own CRL is not allowed");
  }

  @Test
  void rotatingTheCrlIssuesANewNumber() throws Exception {
    long before = crlNumber(crl());

    Wire.Response rotated = wire.expect(200, "GET", pki + "/crl/rotate", null);

    assertThat(rotated.data().get("success").asBoolean()).isTrue();
    assertThat(crlNumber(crl())).isGreaterThan(before);
  }

  @Test
  void configuredUrlsAreWrittenIntoIssuedCertificates() throws Exception {
    String base = "http://vault.example.com:8200/v1/" + pki;

    Wire.Response written = wire.send("POST", pki + "/config/urls", Map.of("issuing_certificates", List.of(base
        + "/ca"), "crl_distribution_points", List.of(base + "/crl"), "ocsp_servers", List.of(base + "/ocsp")));
    JsonNode read = wire.get(pki + "/config/urls").data();
    X509Certificate leaf = certificate(issue("c.example.com").get("certificate").asText());

    assertThat(written.status()).isBetween(200, 204);
    assertThat(read.get("issuing_certificates").get(0).asText()).isEqualTo(base + "/ca");
    assertThat(read.get("crl_distribution_points").get(0).asText()).isEqualTo(base + "/crl");
    assertThat(read.get("ocsp_servers").get(0).asText()).isEqualTo(base + "/ocsp");
    assertThat(new String(leaf.getExtensionValue("2.5.29.31"), StandardCharsets.ISO_8859_1)).contains(base + "/crl");
    assertThat(new String(leaf.getExtensionValue("1.3.6.1.5.5.7.1.1"), StandardCharsets.ISO_8859_1))
        .contains(base + "/ca").contains(base + "/ocsp");
    Envelope.assertErrors(wire.post(pki + "/config/urls", Map.of("issuing_certificates", "not a url")), 400,
        "invalid URL found in Authority Information Access (AIA) parameter issuing_certificates: not a url");
  }
}
