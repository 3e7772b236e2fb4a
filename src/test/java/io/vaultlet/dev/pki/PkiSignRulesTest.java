package io.vaultlet.dev.pki;

import static io.vaultlet.dev.pki.PkiEngineTest.parse;
import static io.vaultlet.dev.pki.PkiEngineTest.sans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.pki.Csr;
import io.vaultlet.pki.KeySpec;
import io.vaultlet.pki.LocalKeys;
import io.vaultlet.support.ManualScheduler;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pki/sign/<role>} as Vault decides it (OpenBao's and Vault's {@code SignCert}, {@code GenerateCreationBundle}). */
class PkiSignRulesTest {

  private final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-03-01T12:00:00Z"));
  private PkiEngine pki;

  @BeforeEach
  void setUp() {
    pki = new PkiEngine(scheduler.clock());
    pki.generateRoot(false, Map.of("common_name", "Root", "ttl", "87600h"));
    pki.writeRole("rsa", Map.of("allowed_domains", "example.com", "allow_subdomains", true));
    pki.writeRole("ec", Map.of("allowed_domains", "example.com", "allow_subdomains", true, "key_type", "ec"));
    pki.writeRole("any", Map.of("allowed_domains", "example.com", "allow_subdomains", true, "key_type", "any"));
  }

  private static String csr(KeySpec spec, String cn, String... sans) {
    return Csr.pem(LocalKeys.generate(spec), names(cn, sans));
  }

  private static Csr.Names names(String cn, String... sans) {
    List<String> dns = new java.util.ArrayList<>();
    List<String> emails = new java.util.ArrayList<>();
    List<String> ips = new java.util.ArrayList<>();
    List<String> uris = new java.util.ArrayList<>();
    for (String s : sans) {
      (s.contains("://") ? uris : s.contains("@") ? emails : s.matches("[0-9.]+") ? ips : dns).add(s);
    }
    return new Csr.Names(cn, dns, emails, ips, uris);
  }

  private PkiEngine.Issued sign(String role, Object... kv) {
    Map<String, Object> data = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      data.put((String) kv[i], kv[i + 1]);
    }
    return pki.sign(role, data);
  }

  @Test
  void theKeyMustBeOfTheRolesTypeAndAtLeastItsSize() {
    assertThatThrownBy(() -> sign("rsa", "csr", csr(KeySpec.DEFAULT, "a.example.com")))
        .hasMessage("role requires keys of type rsa");
    assertThatThrownBy(() -> sign("ec", "csr", csr(new KeySpec("rsa", 2048), "a.example.com")))
        .hasMessage("role requires keys of type ec");
    pki.writeRole("rsa4k", Map.of("allow_any_name", true, "key_type", "rsa", "key_bits", 4096));
    assertThatThrownBy(() -> sign("rsa4k", "csr", csr(new KeySpec("rsa", 2048), "a.example.com")))
        .hasMessage("role requires a minimum of a 4096-bit key, but CSR's key is 2048 bits");
    pki.writeRole("p384", Map.of("allow_any_name", true, "key_type", "ec", "key_bits", 384));
    assertThatThrownBy(() -> sign("p384", "csr", csr(KeySpec.DEFAULT, "a.example.com")))
        .hasMessage("role requires a minimum of a 384-bit key, but CSR's key is 256 bits");

    assertThat(sign("p384", "csr", csr(new KeySpec("ec", 521), "a.example.com")).data()).containsKey("certificate");
    assertThat(sign("rsa4k", "csr", csr(new KeySpec("rsa", 4096), "a.example.com")).data())
        .containsKey("certificate");
    assertThat(sign("any", "csr", csr(new KeySpec("rsa", 2048), "a.example.com")).data()).containsKey("certificate");
    assertThat(sign("any", "csr", csr(new KeySpec("ec", 384), "a.example.com")).data()).containsKey("certificate");
  }

  @Test
  void byDefaultTheNamesComeFromTheCsrAndTheRequestsNamesOnlyEarnWarnings() throws Exception {
    PkiEngine.Issued signed = sign("ec", "csr", csr(KeySpec.DEFAULT, "csr.example.com", "alt.example.com",
        "10.1.2.3"), "common_name", "api.example.com", "alt_names", "other.example.com");

    X509Certificate leaf = parse((String) signed.data().get("certificate"));
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=csr.example.com");
    assertThat(sans(leaf)).containsExactlyInAnyOrder("2:csr.example.com", "2:alt.example.com", "7:10.1.2.3");
    assertThat(signed.warnings()).containsExactly(
        "the common_name field was provided but the role is set with \"use_csr_common_name\" set to true",
        "the alt_names field was provided but the role is set with \"use_csr_sans\" set to true");
    assertThat(signed.data()).containsOnlyKeys("ca_chain", "certificate", "expiration", "issuing_ca", "not_before",
        "serial_number");
    assertThat(signed.data().get("not_before")).isEqualTo(leaf.getNotBefore().toInstant().getEpochSecond());
  }

  @Test
  void aCsrWithoutACommonNameFallsBackToTheRequestsCommonName() throws Exception {
    PkiEngine.Issued signed = sign("ec", "csr", csr(KeySpec.DEFAULT, ""), "common_name", "api.example.com");
    assertThat(parse((String) signed.data().get("certificate")).getSubjectX500Principal().getName())
        .isEqualTo("CN=api.example.com");
    assertThat(signed.warnings()).hasSize(1); // Vault warns whenever common_name is given with use_csr_common_name
    assertThatThrownBy(() -> sign("ec", "csr", csr(KeySpec.DEFAULT, "")))
        .hasMessage("the common_name field is required, or must be provided in a CSR with \"use_csr_common_name\" "
            + "set to true, unless \"require_cn\" is set to false");
  }

  @Test
  void withUseCsrFlagsOffTheRequestNamesTheCertificate() throws Exception {
    pki.writeRole("api", Map.of("allowed_domains", "example.com", "allow_subdomains", true, "key_type", "ec",
        "use_csr_common_name", false, "use_csr_sans", false));
    PkiEngine.Issued signed = sign("api", "csr", csr(KeySpec.DEFAULT, "csr.example.com", "csr-alt.example.com"),
        "common_name", "api.example.com", "alt_names", "www.example.com");

    X509Certificate leaf = parse((String) signed.data().get("certificate"));
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=api.example.com");
    assertThat(sans(leaf)).containsExactlyInAnyOrder("2:api.example.com", "2:www.example.com");
    assertThat(signed.warnings()).isEmpty();
  }

  @Test
  void disallowedNamesInTheCsrAreRefusedWithVaultsText() {
    assertThatThrownBy(() -> sign("ec", "csr", csr(KeySpec.DEFAULT, "evil.org")))
        .hasMessage("common name evil.org not allowed by this role");
    assertThatThrownBy(() -> sign("ec", "csr", csr(KeySpec.DEFAULT, "a.example.com", "evil.org")))
        .hasMessage("subject alternate name evil.org not allowed by this role");
    assertThatThrownBy(() -> sign("ec", "csr", csr(KeySpec.DEFAULT, "a.example.com", "root@evil.org")))
        .hasMessage("email address root@evil.org not allowed by this role");
    assertThatThrownBy(() -> sign("ec", "csr", csr(KeySpec.DEFAULT, "a.example.com", "spiffe://example.com/a")))
        .hasMessage("URI Subject Alternative Names are not allowed in this role, but were provided via CSR");
    pki.writeRole("noip", Map.of("allow_any_name", true, "key_type", "ec", "allow_ip_sans", false));
    assertThatThrownBy(() -> sign("noip", "csr", csr(KeySpec.DEFAULT, "a.example.com", "10.0.0.1")))
        .hasMessage("IP Subject Alternative Names are not allowed in this role, but was provided some via CSR");
    assertThatThrownBy(() -> pki.issue("noip", Map.of("common_name", "a.example.com", "ip_sans", "10.0.0.1,10.0.0.2")))
        .hasMessage("IP Subject Alternative Names are not allowed in this role, but was provided [10.0.0.1 10.0.0.2]");
  }

  @Test
  void requestsThatAreNotValidCsrsAreRefused() throws Exception {
    assertThatThrownBy(() -> sign("ec")).hasMessage("\"csr\" is empty");
    assertThatThrownBy(() -> sign("ec", "csr", "not pem at all")).hasMessage("csr contains no data");
    assertThatThrownBy(() -> sign("ec", "csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
        + "-----END CERTIFICATE REQUEST-----\n")).hasMessageStartingWith("certificate request could not be parsed: ");

    // a request carrying one key but signed with another: checked last, as Vault does
    KeyPair claimed = LocalKeys.generate(KeySpec.DEFAULT);
    KeyPair signer = LocalKeys.generate(KeySpec.DEFAULT);
    var forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=a.example.com"), claimed.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(forged);
    }
    assertThatThrownBy(() -> sign("ec", "csr", pem.toString())).hasMessage("request signature invalid");
  }
}
