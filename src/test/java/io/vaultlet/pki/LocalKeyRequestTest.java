package io.vaultlet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which calls make vaultlet generate the key, and what their arguments mean. */
class LocalKeyRequestTest {

  @Test
  void aSignPathWithoutCsrIsALocalKeyRequest() {
    assertThat(LocalKeyRequest.applies("pki/sign/web", Map.of("common_name", "a"))).isTrue();
    assertThat(LocalKeyRequest.applies("/pki_int/issuer/default/sign/web/", Map.of())).isTrue();
    assertThat(LocalKeyRequest.applies("pki/sign/web", Map.of("csr", "-----BEGIN…"))).isFalse(); // plain Vault write
    assertThat(LocalKeyRequest.applies("pki/issue/web", Map.of())).isFalse();
    assertThat(LocalKeyRequest.applies("pki/sign-verbatim/web", Map.of())).isFalse();
    assertThat(LocalKeyRequest.applies("sign/web", Map.of())).isFalse(); // no mount

    LocalKeyRequest r = LocalKeyRequest.parse("teams/a/pki/issuer/x/sign/web", Map.of()).orElseThrow();
    assertThat(r.mount()).isEqualTo("teams/a/pki");
    assertThat(r.role()).isEqualTo("web");
    assertThat(r.rolePath()).isEqualTo("teams/a/pki/roles/web");
  }

  @Test
  void localArgumentsStayHereAndEverythingElseIsSentWithTheCsr() {
    LocalKeyRequest r = LocalKeyRequest.parse("pki/sign/web", Map.of("common_name", "api.svc.test",
        "alt_names", " b.svc.test, ops@svc.test,,b.svc.test", "ip_sans", "10.0.0.1", "ttl", "24h",
        "key_type", "rsa", "key_bits", "4096", "key_reuse", "true", "private_key_format", "pkcs8")).orElseThrow();

    assertThat(r.key()).contains(new KeySpec("rsa", 4096));
    assertThat(r.keyReuse()).isTrue();
    assertThat(r.pkcs8()).isTrue();
    assertThat(r.names().commonName()).isEqualTo("api.svc.test");
    assertThat(r.names().dnsNames()).containsExactly("b.svc.test");
    assertThat(r.names().emails()).containsExactly("ops@svc.test");
    assertThat(r.names().ips()).containsExactly("10.0.0.1");
    assertThat(r.body("CSR")).containsOnlyKeys("common_name", "alt_names", "ip_sans", "ttl", "csr")
        .containsEntry("csr", "CSR").containsEntry("ttl", "24h");
  }

  @Test
  void withoutKeyArgumentsTheKeyComesFromTheRoleOrTheDefaultAndIsNotReused() {
    LocalKeyRequest r = LocalKeyRequest.parse("pki/sign/web", Map.of("common_name", "a")).orElseThrow();
    assertThat(r.key()).isEmpty();
    assertThat(r.keyReuse()).isFalse();
    assertThat(r.pkcs8()).isFalse();
    assertThat(LocalKeyRequest.parse("pki/sign/web", Map.of("key_type", "ec")).orElseThrow().key())
        .contains(KeySpec.DEFAULT);
    assertThat(LocalKeyRequest.parse("pki/sign/web", Map.of("key_reuse", "F")).orElseThrow().keyReuse()).isFalse();
    assertThat(LocalKeyRequest.parse("pki/issue/web", Map.of())).isEqualTo(Optional.empty());
  }

  @Test
  void badLocalArgumentsAreErrorsThatNameTheArgument() {
    List.of(
        Map.entry(Map.of("key_type", "dsa"), "key_type must be \"rsa\" or \"ec\", got \"dsa\""),
        Map.entry(Map.of("key_bits", "2048"), "key_bits needs key_type (\"rsa\" or \"ec\")"),
        Map.entry(Map.of("key_type", "rsa", "key_bits", "big"), "key_bits must be a number, got \"big\""),
        Map.entry(Map.of("key_type", "rsa", "key_bits", "1024"),
            "key_bits 1024 is not supported for rsa keys (one of [2048, 3072, 4096, 8192])"),
        Map.entry(Map.of("key_reuse", "yes"), "key_reuse must be true or false, got \"yes\""),
        Map.entry(Map.of("private_key_format", "pem"), "private_key_format must be \"der\" or \"pkcs8\", got \"pem\""),
        Map.entry(Map.of("format", "der"),
            "format=der is not supported when vaultlet generates the key: the certificate is returned as PEM"))
        .forEach(c -> assertThatThrownBy(() -> LocalKeyRequest.parse("pki/sign/web", c.getKey()))
            .as(c.getKey().toString()).hasMessage(c.getValue()));
  }
}
