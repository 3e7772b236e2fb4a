package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PKI multi-issuer API of Vault ≥ 1.11 (§8): {@code issuers}, {@code issuer/<ref>} (by id, name or
 * {@code default}), {@code config/issuers}, and an intermediate CA built with {@code intermediate/generate},
 * {@code root/sign-intermediate} and {@code intermediate/set-signed}, whose leaves chain to the root.
 */
class PkiIssuerContractTest extends ContractScenario {

  private static String pkiWithRoot(String issuerName) {
    String pki = unique("pki");
    enableSecrets(pki, "pki", Map.of("config", Map.of("max_lease_ttl", "87600h")));
    wire.ok("POST", pki + "/root/generate/internal", Map.of("common_name", issuerName + " Root", "ttl", "8760h",
        "issuer_name", issuerName));
    wire.ok("POST", pki + "/roles/web", Map.of("allow_any_name", true, "max_ttl", "72h"));
    return pki;
  }

  private static List<String> texts(JsonNode array) {
    return Wire.JSON.convertValue(array, Wire.JSON.getTypeFactory().constructCollectionType(List.class,
        String.class));
  }

  @Test
  void issuersAreListedAndReadByIdNameAndDefault() {
    String pki = pkiWithRoot("first");

    Wire.Response list = Wire.to(target).get(pki + "/issuers?list=true");
    String id = texts(list.data().get("keys")).get(0);
    JsonNode info = list.data().get("key_info").get(id);
    JsonNode byName = wire.get(pki + "/issuer/first").data();
    JsonNode byDefault = wire.get(pki + "/issuer/default").data();
    Wire.Response json = Wire.to(target).get(pki + "/issuer/first/json");
    Wire.Response pem = Wire.to(target).get(pki + "/issuer/" + id + "/pem");

    assertThat(info.get("issuer_name").asText()).isEqualTo("first");
    assertThat(info.get("is_default").asBoolean()).isTrue();
    assertThat(byName.get("issuer_id").asText()).isEqualTo(id);
    assertThat(byDefault.get("issuer_id").asText()).isEqualTo(id);
    assertThat(byName.get("key_id").asText()).isNotEmpty();
    assertThat(byName.get("leaf_not_after_behavior").asText()).isEqualTo("err");
    assertThat(byName.get("usage").asText()).contains("issuing-certificates");
    assertThat(texts(byName.get("ca_chain"))).containsExactly(byName.get("certificate").asText());
    assertThat(json.data().get("certificate").asText()).isEqualTo(byName.get("certificate").asText());
    assertThat(pem.body().trim()).isEqualTo(byName.get("certificate").asText().trim());
    Wire.Response unknown = wire.get(pki + "/issuer/nope");
    assertThat(unknown.status()).isGreaterThanOrEqualTo(400);
    assertThat(String.join("", unknown.errors())).contains("unable to find PKI issuer for reference: nope");
  }

  @Test
  void aSecondRootDoesNotReplaceTheDefaultUntilConfigured() {
    String pki = pkiWithRoot("first");
    JsonNode second = wire.ok("POST", pki + "/root/generate/internal", Map.of("common_name", "Second Root",
        "issuer_name", "second", "ttl", "8760h")).data();
    String secondId = second.get("issuer_id").asText();

    String caBefore = Wire.to(target).get(pki + "/ca/pem").body().trim();
    JsonNode fromSecond = wire.ok("POST", pki + "/issuer/second/issue/web", Map.of("common_name", "a.test",
        "ttl", "1h")).data();
    JsonNode config = wire.ok("POST", pki + "/config/issuers", Map.of("default", "second")).data();
    String caAfter = Wire.to(target).get(pki + "/ca/pem").body().trim();
    wire.ok("POST", pki + "/issuer/second", Map.of("issuer_name", "renamed"));

    assertThat(caBefore).isNotEqualTo(second.get("certificate").asText().trim());
    assertThat(fromSecond.get("issuing_ca").asText()).isEqualTo(second.get("certificate").asText());
    assertThat(config.get("default").asText()).isEqualTo(secondId);
    assertThat(caAfter).isEqualTo(second.get("certificate").asText().trim());
    assertThat(wire.get(pki + "/issuer/renamed").data().get("issuer_id").asText()).isEqualTo(secondId);
    assertThat(wire.get(pki + "/config/issuers").data().get("default").asText()).isEqualTo(secondId);
  }

  @Test
  void anIntermediateSignedByTheRootIssuesLeavesThatChainToIt() throws Exception {
    String root = pkiWithRoot("root");
    String intermediate = unique("pki-int");
    enableSecrets(intermediate, "pki", Map.of("config", Map.of("max_lease_ttl", "43800h")));

    JsonNode generated = wire.expect(200, "POST", intermediate + "/intermediate/generate/internal",
        Map.of("common_name", "Contract Intermediate")).data();
    JsonNode signed = wire.expect(200, "POST", root + "/root/sign-intermediate", Map.of("csr",
        generated.get("csr").asText(), "common_name", "Contract Intermediate", "ttl", "4380h")).data();
    String rootPem = signed.get("issuing_ca").asText();
    JsonNode imported = wire.expect(200, "POST", intermediate + "/intermediate/set-signed", Map.of("certificate",
        signed.get("certificate").asText() + "\n" + rootPem)).data();
    wire.ok("POST", intermediate + "/roles/web", Map.of("allowed_domains", "example.com", "allow_subdomains", true,
        "max_ttl", "72h"));
    JsonNode leaf = wire.expect(200, "POST", intermediate + "/issue/web", Map.of("common_name", "svc.example.com",
        "ttl", "1h")).data();

    assertThat(generated.get("csr").asText()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(generated.get("key_id").asText()).isNotEmpty();
    assertThat(generated.has("private_key")).isFalse();
    assertThat(texts(signed.get("ca_chain"))).containsExactly(signed.get("certificate").asText(), rootPem);
    List<String> importedIssuers = texts(imported.get("imported_issuers"));
    assertThat(importedIssuers).hasSize(2);
    JsonNode mapping = imported.get("mapping");
    assertThat(importedIssuers.stream().map(i -> mapping.get(i).asText()).toList())
        .contains(generated.get("key_id").asText(), "");
    X509Certificate leafCert = PkiRevocationContractTest.certificate(leaf.get("certificate").asText());
    X509Certificate intCert = PkiRevocationContractTest.certificate(signed.get("certificate").asText());
    X509Certificate rootCert = PkiRevocationContractTest.certificate(rootPem);
    leafCert.verify(intCert.getPublicKey());
    intCert.verify(rootCert.getPublicKey());
    assertThat(intCert.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
    assertThat(leaf.get("issuing_ca").asText()).isEqualTo(signed.get("certificate").asText());
    assertThat(texts(leaf.get("ca_chain"))).containsExactly(signed.get("certificate").asText(), rootPem);
  }

  @Test
  void anExportedIntermediateKeyIsReturnedOnce() {
    String pki = unique("pki-int");
    enableSecrets(pki, "pki", Map.of());

    JsonNode generated = wire.expect(200, "POST", pki + "/intermediate/generate/exported",
        Map.of("common_name", "Exported Intermediate", "key_type", "ec", "key_bits", 256)).data();

    assertThat(generated.get("private_key").asText()).contains("PRIVATE KEY-----");
    assertThat(generated.get("private_key_type").asText()).isEqualTo("ec");
    Envelope.assertErrors(wire.post(pki + "/intermediate/set-signed", Map.of()), 400,
        "'pem_bundle' and 'certificate' parameters were empty");
  }
}
