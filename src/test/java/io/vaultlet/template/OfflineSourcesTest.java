package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineSourcesTest {

  private static Object body(String json) throws Exception {
    return GoJson.parse(json, GoJson.Numbers.INTEGERS_AS_LONG);
  }

  @Test
  void readsAreFoundByPathWithQueryThenByPath() throws Exception {
    OfflineSources src = new OfflineSources(Map.of(
        "/secret/foo/", body("{\"data\": {\"v\": \"latest\"}}"),
        "secret/foo?version=1", body("{\"data\": {\"v\": \"one\"}}")));
    assertThat(((Secret) src.fetch(Dependency.VaultRead.parse("secret/foo"))).data()).containsEntry("v", "latest");
    assertThat(((Secret) src.fetch(Dependency.VaultRead.parse("secret/foo?version=1"))).data())
        .containsEntry("v", "one");
    assertThat(((Secret) src.fetch(Dependency.VaultRead.parse("secret/foo?version=2"))).data())
        .containsEntry("v", "latest");
  }

  @Test
  void writesAreFoundByTheirSortedArgumentsThenByPath() throws Exception {
    OfflineSources src = new OfflineSources(Map.of(
        "write transit/encrypt/k a=1 b=2", body("{\"data\": {\"ciphertext\": \"c-ab\"}}"),
        "transit/encrypt/k", body("{\"data\": {\"ciphertext\": \"c-any\"}}")));
    Secret ab = (Secret) src.fetch(new Dependency.VaultWrite("transit/encrypt/k", Map.of("b", "2", "a", "1")));
    assertThat(ab.data()).containsEntry("ciphertext", "c-ab");
    Secret other = (Secret) src.fetch(new Dependency.VaultWrite("transit/encrypt/k", Map.of("a", "9")));
    assertThat(other.data()).containsEntry("ciphertext", "c-any");
  }

  @Test
  @SuppressWarnings("unchecked")
  void listsAcceptAVaultBodyOrAnArrayAndAreSorted() throws Exception {
    OfflineSources src = new OfflineSources(Map.of(
        "list secret/apps", body("{\"data\": {\"keys\": [\"b\", \"a/\"]}}"),
        "kv", body("[\"z\", \"y\"]")));
    assertThat((List<Object>) (List<?>) src.fetch(new Dependency.VaultList("secret/apps/"))).containsExactly("a/", "b");
    assertThat((List<Object>) (List<?>) src.fetch(new Dependency.VaultList("kv"))).containsExactly("y", "z");
  }

  @Test
  void pkiResponsesBecomePemValues() throws Exception {
    OfflineSources src = new OfflineSources(Map.of("pki/issue/web", body(
        "{\"data\": {\"certificate\": \"CERT\", \"private_key\": \"KEY\", \"issuing_ca\": \"CA\","
            + " \"ca_chain\": [\"CA\", \"ROOT\"]}}")));
    PemEncoded pem = (PemEncoded) src.fetch(new Dependency.VaultPki("pki/issue/web", Map.of(), "/d"));
    assertThat(pem.cert()).isEqualTo("CERT\n");
    assertThat(pem.key()).isEqualTo("KEY\n");
    assertThat(pem.ca()).isEqualTo("CA\n");
    assertThat(pem.caChain()).containsExactly("CA\n", "ROOT\n");
  }

  @Test
  void anAbsentPathIsAnErrorNamingIt() {
    OfflineSources src = new OfflineSources(Map.of());
    assertThatThrownBy(() -> src.fetch(Dependency.VaultRead.parse("db/creds/app")))
        .isInstanceOf(OfflineSources.MissingDataException.class)
        .hasMessageContaining("\"db/creds/app\"");
  }

  @Test
  void renderResolvesNestedDependenciesPassByPass() throws Exception {
    OfflineSources src = new OfflineSources(Map.of(
        "kv/app", body("{\"data\": {\"role\": \"ro\"}}"),
        "database/creds/ro", body("{\"data\": {\"username\": \"u-ro\"}}")));
    Template t = Template.builder("t", "{{ with secret \"kv/app\" }}{{ with secret (printf \"database/creds/%s\""
        + " .Data.role) }}{{ .Data.username }}{{ end }}{{ end }}").build();
    Template.Result r = src.render(t, Map.of(), null);
    assertThat(r.output()).isEqualTo("u-ro");
    assertThat(r.used()).hasSize(2);
  }
}
