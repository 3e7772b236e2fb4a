package io.vaultlet.dev.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pki/ over real HTTP against the in-process emulator. */
class PkiHttpTest {

  private DevServer vault;
  private VaultHttp http;
  private X509Certificate ca;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.defaults());
    http = new VaultHttp(vault.address(), vault.rootToken());
    http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
    VaultHttp.Response root = http.write("pki/root/generate/internal",
        Map.of("common_name", "Dev Root", "ttl", "8760h", "key_type", "ec"));
    ca = PkiEngineTest.parse(root.string("certificate"));
    http.write("pki/roles/svc", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "max_ttl", "1h"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void issueAnswersWithVaultsShapeAndAVerifiableChain() throws Exception {
    VaultHttp.Response r = http.post("pki/issue/svc", Map.of("common_name", "api.svc.test", "ttl", "2h"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).containsEntry("lease_id", "").containsEntry("renewable", false).containsEntry("mount_type", "pki");
    assertThat(r.warnings()).containsExactly("TTL \"2h0m0s\" is longer than permitted maxTTL \"1h0m0s\", so maxTTL is being used");
    assertThat(r.data()).containsKeys("certificate", "issuing_ca", "ca_chain", "private_key", "private_key_type",
        "serial_number", "expiration");
    X509Certificate leaf = PkiEngineTest.parse(r.string("certificate"));
    leaf.verify(ca.getPublicKey());
    assertThat(PkiEngineTest.keyMatches(PkiEngineTest.privateKey(r.string("private_key")), leaf.getPublicKey())).isTrue();
    assertThat(((Number) r.data().get("expiration")).longValue()).isEqualTo(leaf.getNotAfter().toInstant().getEpochSecond());
  }

  @Test
  void disallowedNamesAre400WithVaultsText() {
    VaultHttp.Response r = http.post("pki/issue/svc", Map.of("common_name", "evil.example"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("common name evil.example not allowed by this role");
  }

  @Test
  void caAndCertPathsNeedNoToken() throws Exception {
    VaultHttp anonymous = http.withToken(null);
    VaultHttp.Response pem = anonymous.get("pki/ca/pem");
    assertThat(pem.status()).isEqualTo(200);
    assertThat(pem.header("Content-Type")).isEqualTo("application/pem-certificate-chain");
    assertThat(PkiEngineTest.parse(pem.body())).isEqualTo(ca);
    VaultHttp.Response certCa = anonymous.get("pki/cert/ca");
    assertThat(PkiEngineTest.parse(certCa.string("certificate"))).isEqualTo(ca);
    String serial = http.post("pki/issue/svc", Map.of("common_name", "a.svc.test")).string("serial_number");
    assertThat(anonymous.get("pki/cert/" + serial).data()).containsEntry("revocation_time", 0);
  }

  @Test
  void generateLeaseRolesGetANonRenewableLease() {
    http.write("pki/roles/leased", Map.of("allowed_domains", "svc.test", "allow_subdomains", true,
        "generate_lease", true, "ttl", "10m"));
    VaultHttp.Response r = http.post("pki/issue/leased", Map.of("common_name", "b.svc.test"));
    assertThat((String) r.json().get("lease_id")).startsWith("pki/issue/leased/");
    assertThat(r.json()).containsEntry("renewable", false).containsEntry("lease_duration", 600);
    VaultHttp.Response renew = http.post("sys/leases/renew", Map.of("lease_id", r.json().get("lease_id")));
    assertThat(renew.status()).isEqualTo(400);
    assertThat(renew.errors()).containsExactly("lease is not renewable");
    assertThat(http.list("pki/roles").data()).containsEntry("keys", List.of("leased", "svc"));
  }
}
