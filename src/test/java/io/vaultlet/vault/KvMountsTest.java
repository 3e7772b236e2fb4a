package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.StubVault.Reply;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvMountsTest {

  static final String V2_MOUNT = "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}";
  static final String V1_MOUNT = "{\"data\":{\"path\":\"kv/\",\"type\":\"kv\",\"options\":{\"version\":\"1\"}}}";
  static final String KV2_READ = "{\"data\":{\"data\":{\"password\":\"kv2-secret-value\"},"
      + "\"metadata\":{\"created_time\":\"2025-06-26T19:42:02.398926Z\",\"version\":1}}}";

  StubVault vault;
  VaultClient client;

  @BeforeEach
  void start() throws IOException {
    vault = StubVault.http();
    client = VaultClient.create(VaultClient.Settings.builder(vault.uri()).build(), new RecordingSleeper(), () -> 0.5,
        Clock.systemUTC()).withToken("hvs.kvTestToken0001");
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void rewritesToDataOnlyOnKvV2Mounts() {
    assertThat(KvMounts.shim("secret/app/db", "secret/", "")).isEqualTo("secret/data/app/db");
    assertThat(KvMounts.shim("secret", "secret/", "")).isEqualTo("secret/data");
    assertThat(KvMounts.shim("secret/", "secret/", "")).isEqualTo("secret/data");
    assertThat(KvMounts.shim("secret/data/app", "secret/", "")).isEqualTo("secret/data/app");
    assertThat(KvMounts.shim("secret/metadata/app", "secret/", "")).isEqualTo("secret/metadata/app");
    assertThat(KvMounts.shim("team/kv/app", "team/kv/", "")).isEqualTo("team/kv/data/app");
  }

  @Test
  void leavesSubkeysPathsAlone() {
    assertThat(KvMounts.shim("secret/subkeys/app", "secret/", "")).isEqualTo("secret/subkeys/app");
    assertThat(KvMounts.shim("secret/subkeysapp", "secret/", "")).isEqualTo("secret/data/subkeysapp");
  }

  @Test
  void cleansTheRewrittenPathAsGoPathJoinDoes() {
    assertThat(KvMounts.shim("secret/a//b", "secret/", "")).isEqualTo("secret/data/a/b");
    assertThat(KvMounts.shim("secret/a/./b", "secret/", "")).isEqualTo("secret/data/a/b");
    assertThat(KvMounts.shim("secret/data//b", "secret/", "")).isEqualTo("secret/data//b");
  }

  @Test
  void doesNotRepeatTheClientNamespaceThatTheMountPathCarries() {
    assertThat(KvMounts.shim("secret/app", "ns1/secret/", "ns1")).isEqualTo("secret/data/app");
    assertThat(KvMounts.shim("secret/data/app", "ns1/secret/", "ns1/")).isEqualTo("secret/data/app");
  }

  @Test
  void readsAKvV2SecretThroughItsDataPathAndCachesTheMount() {
    vault.otherwise(s -> s.path().startsWith("/v1/sys/internal/ui/mounts/") ? Reply.json(200, V2_MOUNT)
        : Reply.json(200, KV2_READ));

    VaultResponse a = client.readSecret("secret/app", Map.of()).orElseThrow();
    client.readSecret("secret/other", Map.of("version", "1"));

    assertThat(a.data().path("data").path("password").asText()).isEqualTo("kv2-secret-value");
    assertThat(vault.requests()).extracting(StubVault.Seen::path).containsExactly(
        "/v1/sys/internal/ui/mounts/secret/app", "/v1/secret/data/app", "/v1/secret/data/other");
    assertThat(vault.requests().get(0).header("X-Vault-Token")).isEqualTo("hvs.kvTestToken0001");
    assertThat(vault.last().query()).isEqualTo("version=1");
  }

  @Test
  void leavesKvV1PathsAlone() {
    vault.otherwise(s -> s.path().startsWith("/v1/sys/internal/ui/mounts/") ? Reply.json(200, V1_MOUNT)
        : Reply.json(200, "{\"data\":{\"a\":\"b\"}}"));

    client.readSecret("kv/app", Map.of());
    client.readSecret("kv/app2", Map.of());

    assertThat(vault.requests()).extracting(StubVault.Seen::path).containsExactly(
        "/v1/sys/internal/ui/mounts/kv/app", "/v1/kv/app", "/v1/kv/app2");
  }

  @Test
  void aVersion2OptionOnAMountThatIsNotKvIsNotRewritten() {
    vault.enqueue(200, "{\"data\":{\"path\":\"other/\",\"type\":\"generic\",\"options\":{\"version\":\"2\"}}}");

    assertThat(client.secretPath("other/app")).isEqualTo("other/app");
  }

  @Test
  void notFoundFromThePreflightMeansKvV1AndIsAskedAgainNextTime() {
    vault.otherwise(s -> Reply.json(404, "{\"errors\":[]}"));

    assertThat(client.secretPath("secret/app")).isEqualTo("secret/app");
    assertThat(client.secretPath("secret/app")).isEqualTo("secret/app");

    assertThat(vault.requests()).hasSize(2);
  }

  @Test
  void permissionDeniedFromThePreflightMeansKvV1WithoutRetrying() {
    vault.enqueue(403, "{\"errors\":[\"preflight capability check returned 403\"]}");

    assertThat(client.secretPath("nomount/app")).isEqualTo("nomount/app");
    assertThat(vault.requests()).hasSize(1);
  }

  @Test
  void aPreflightVaultDoesNotAnswerFailsTheReadInsteadOfGuessingKvV1() {
    vault.otherwise(s -> Reply.json(503, "{\"errors\":[\"Vault is sealed\"]}"));

    VaultException e = org.assertj.core.api.Assertions.catchThrowableOfType(VaultException.class,
        () -> client.readSecret("secret/app", Map.of()));

    assertThat(e.status()).isEqualTo(503);
    assertThat(vault.requests()).as("the secret itself is not read under a guessed path")
        .allSatisfy(r -> assertThat(r.path()).startsWith("/v1/sys/internal/ui/mounts/"));
  }

  @Test
  void stripsTheClientNamespaceFromTheMountPath() throws IOException {
    vault.enqueue(200, "{\"data\":{\"path\":\"ns1/secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}");

    VaultClient ns = client.withNamespace("ns1");

    assertThat(ns.secretPath("secret/app")).isEqualTo("secret/data/app");
    assertThat(vault.last().header("X-Vault-Namespace")).isEqualTo("ns1");
  }

  @Test
  void readsSubkeysOfAKvV2SecretUnchanged() {
    vault.otherwise(s -> s.path().startsWith("/v1/sys/internal/ui/mounts/") ? Reply.json(200, V2_MOUNT)
        : Reply.json(200, "{\"data\":{\"subkeys\":{\"password\":null}}}"));

    client.readSecret("secret/subkeys/app", Map.of());

    assertThat(vault.last().path()).isEqualTo("/v1/secret/subkeys/app");
  }

  @Test
  void theLongestCachedMountWins() {
    KvMounts m = new KvMounts();
    m.remember("", new KvMounts.Mount("team/", "kv", false));
    m.remember("", new KvMounts.Mount("team/secrets/", "kv", true));

    assertThat(m.cached("", "team/secrets/app")).map(KvMounts.Mount::v2).contains(true);
    assertThat(m.cached("", "team/other")).map(KvMounts.Mount::v2).contains(false);
    assertThat(m.cached("ns1", "team/other")).isEmpty();
    assertThat(m.cached("", "teamx/app")).isEmpty();
  }

  @Test
  void optionsWithoutAVersionMeanKvV1() {
    com.fasterxml.jackson.databind.node.ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    data.put("path", "secret/").put("type", "kv").putNull("options");

    assertThat(KvMounts.parse(data, "")).map(KvMounts.Mount::v2).contains(false);
  }
}
