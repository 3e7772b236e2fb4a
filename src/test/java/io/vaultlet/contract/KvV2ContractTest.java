package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KV version 2: versions, metadata, check-and-set, delete/undelete/destroy, 404 with a body (contract §6.2). */
class KvV2ContractTest extends ContractScenario {

  private static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  private String kv;

  @BeforeEach
  void mount() {
    kv = unique("kv2");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "2")));
  }

  private Wire.Response put(String path, Map<String, Object> body) {
    return wire.expect(200, "POST", kv + "/data/" + path, body);
  }

  @Test
  void aWriteAnswersTheNewVersionsMetadataAndAReadNestsDataTwice() {
    Wire.Response written = put("app", Map.of("data", Map.of("password", "pw-kv2-1", "port", 5432)));
    Wire.Response read = wire.get(kv + "/data/app");

    Envelope.assertEnvelope(written.json(), "kv");
    assertThat(written.data().get("version").asInt()).isEqualTo(1);
    assertThat(written.data().get("created_time").asText()).matches(RFC3339);
    assertThat(written.data().get("deletion_time").asText()).isEmpty();
    assertThat(written.data().get("destroyed").asBoolean()).isFalse();
    assertThat(written.data().get("custom_metadata").isNull()).isTrue();
    Envelope.assertEnvelope(read.json(), "kv");
    Envelope.assertNoLease(read.json());
    assertThat(read.data().get("data").get("password").asText()).isEqualTo("pw-kv2-1");
    assertThat(read.data().get("data").get("port").isIntegralNumber()).isTrue();
    JsonNode metadata = read.data().get("metadata");
    assertThat(metadata.get("version").asInt()).isEqualTo(1);
    assertThat(metadata.get("created_time").asText()).isEqualTo(written.data().get("created_time").asText());
    assertThat(metadata.get("deletion_time").asText()).isEmpty();
  }

  @Test
  void olderVersionsStayReadableAndMissingVersionsAre404WithoutABody() {
    put("app", Map.of("data", Map.of("k", "one")));
    put("app", Map.of("data", Map.of("k", "two")));

    Wire.Response v1 = wire.get(kv + "/data/app?version=1");
    Wire.Response current = wire.get(kv + "/data/app");

    assertThat(v1.data().get("data").get("k").asText()).isEqualTo("one");
    assertThat(v1.data().get("metadata").get("version").asInt()).isEqualTo(1);
    assertThat(current.data().get("metadata").get("version").asInt()).isEqualTo(2);
    Envelope.assertErrors(wire.get(kv + "/data/app?version=99"), 404);
    Envelope.assertErrors(wire.get(kv + "/data/never-written"), 404);
  }

  @Test
  void checkAndSetRejectsStaleVersionsAndCanBeRequired() {
    put("app", Map.of("data", Map.of("k", "one")));

    Envelope.assertErrors(wire.post(kv + "/data/app", Map.of("data", Map.of("k", "x"), "options", Map.of("cas", 0))),
        400, "check-and-set parameter did not match the current version");
    assertThat(put("app", Map.of("data", Map.of("k", "two"), "options", Map.of("cas", 1))).data().get("version")
        .asInt()).isEqualTo(2);
    assertThat(put("fresh", Map.of("data", Map.of("k", "v"), "options", Map.of("cas", 0))).data().get("version")
        .asInt()).isEqualTo(1);

    wire.ok("POST", kv + "/metadata/app", Map.of("cas_required", true));
    Envelope.assertErrors(wire.post(kv + "/data/app", Map.of("data", Map.of("k", "x"))), 400,
        "check-and-set parameter required for this call");
  }

  @Test
  void metadataListsEveryVersionKeyedByItsNumberAsAString() {
    put("app", Map.of("data", Map.of("k", "one")));
    put("app", Map.of("data", Map.of("k", "two")));
    wire.ok("POST", kv + "/metadata/app", Map.of("max_versions", 5, "custom_metadata", Map.of("owner", "team-a")));

    Wire.Response meta = wire.get(kv + "/metadata/app");

    Envelope.assertEnvelope(meta.json(), "kv");
    JsonNode d = meta.data();
    assertThat(d.get("current_version").asInt()).isEqualTo(2);
    assertThat(d.get("oldest_version").asInt()).isIn(0, 1);
    assertThat(d.get("max_versions").asInt()).isEqualTo(5);
    assertThat(d.get("cas_required").asBoolean()).isFalse();
    assertThat(d.get("delete_version_after").asText()).isEqualTo("0s");
    assertThat(d.get("custom_metadata").get("owner").asText()).isEqualTo("team-a");
    assertThat(d.get("created_time").asText()).matches(RFC3339);
    assertThat(d.get("updated_time").asText()).matches(RFC3339);
    List<String> versions = List.copyOf(iterable(d.get("versions")));
    assertThat(versions).containsExactly("1", "2");
    assertThat(d.get("versions").get("1").get("destroyed").asBoolean()).isFalse();
    assertThat(wire.get(kv + "/data/app").data().get("metadata").get("custom_metadata").get("owner").asText())
        .isEqualTo("team-a");
    assertThat(wire.get(kv + "/metadata/?list=true").data().get("keys")).extracting(JsonNode::asText)
        .containsExactly("app");
  }

  @Test
  void aSoftDeletedVersionIs404WithTheFullEnvelopeAndCanBeUndeleted() {
    put("app", Map.of("data", Map.of("k", "one")));

    Wire.Response deleted = wire.delete(kv + "/data/app");
    Wire.Response read = wire.get(kv + "/data/app");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(read.status()).isEqualTo(404);
    Envelope.assertEnvelope(read.json());
    assertThat(read.data().get("data").isNull()).isTrue();
    assertThat(read.data().get("metadata").get("deletion_time").asText()).matches(RFC3339);
    assertThat(read.data().get("metadata").get("destroyed").asBoolean()).isFalse();
    assertThat(read.data().get("metadata").get("version").asInt()).isEqualTo(1);

    wire.expect(204, "POST", kv + "/undelete/app", Map.of("versions", List.of(1)));

    assertThat(wire.get(kv + "/data/app").data().get("data").get("k").asText()).isEqualTo("one");
  }

  @Test
  void deletingAndDestroyingChosenVersions() {
    put("app", Map.of("data", Map.of("k", "one")));
    put("app", Map.of("data", Map.of("k", "two")));
    put("app", Map.of("data", Map.of("k", "three")));

    wire.expect(204, "POST", kv + "/delete/app", Map.of("versions", List.of(1)));
    wire.expect(204, "POST", kv + "/destroy/app", Map.of("versions", List.of(2)));

    Wire.Response v1 = wire.get(kv + "/data/app?version=1");
    Wire.Response v2 = wire.get(kv + "/data/app?version=2");
    assertThat(v1.status()).isEqualTo(404);
    assertThat(v1.data().get("metadata").get("deletion_time").asText()).isNotEmpty();
    assertThat(v2.status()).isEqualTo(404);
    assertThat(v2.data().get("data").isNull()).isTrue();
    assertThat(v2.data().get("metadata").get("destroyed").asBoolean()).isTrue();
    assertThat(wire.get(kv + "/data/app").data().get("data").get("k").asText()).isEqualTo("three");
    assertThat(wire.get(kv + "/metadata/app").data().get("versions").get("2").get("destroyed").asBoolean()).isTrue();
  }

  @Test
  void deletingMetadataRemovesEveryVersion() {
    put("app", Map.of("data", Map.of("k", "one")));

    wire.expect(204, "DELETE", kv + "/metadata/app", null);

    Envelope.assertErrors(wire.get(kv + "/data/app"), 404);
    Envelope.assertErrors(wire.get(kv + "/metadata/app"), 404);
  }

  @Test
  void aV1StylePathOnAV2MountIs404WithTheVersionedKvWarning() {
    put("app", Map.of("data", Map.of("k", "one")));

    Wire.Response r = wire.get(kv + "/app");

    assertThat(r.status()).isEqualTo(404);
    Envelope.assertEnvelope(r.json());
    assertThat(r.json().get("data").isNull()).isTrue();
    assertThat(r.json().get("warnings")).extracting(JsonNode::asText).containsExactly("Invalid path for a versioned "
        + "K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, "
        + "use 'vault kv get' for this operation.");
  }

  @Test
  void aMergePatchWritesANewVersionWithTheMergedData() {
    put("app", Map.of("data", Map.of("user", "alice", "password", "pw-kv2-patch-1")));

    Wire.Response patched = wire.header("Content-Type", "application/merge-patch+json").send("PATCH",
        kv + "/data/app", Map.of("data", Map.of("password", "pw-kv2-patch-2")));

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.data().get("version").asInt()).isEqualTo(2);
    JsonNode data = wire.get(kv + "/data/app").data().get("data");
    assertThat(data.get("user").asText()).isEqualTo("alice");
    assertThat(data.get("password").asText()).isEqualTo("pw-kv2-patch-2");
  }

  @Test
  void nonListingOperationsOnTheRootOfTheMountAre404WithAWarning() {
    Wire.Response r = wire.get(kv + "/data");

    assertThat(r.status()).isEqualTo(404);
    Envelope.assertEnvelope(r.json());
    assertThat(r.json().get("warnings")).extracting(JsonNode::asText)
        .containsExactly("Non-listing operations on the root of a K/V v2 mount are not supported.");
  }

  @Test
  void theClientMapsPathsThroughTheMountAndReportsDeletedVersions() {
    root.write(kv + "/data/app", Map.of("data", Map.of("password", "pw-kv2-client")));

    VaultResponse live = root.readSecret(kv + "/app", Map.of()).orElseThrow();
    root.delete(kv + "/data/app");
    VaultResponse deleted = root.readSecret(kv + "/app", Map.of()).orElseThrow();

    assertThat(root.secretPath(kv + "/app")).isEqualTo(kv + "/data/app");
    assertThat(live.data().path("data").path("password").asText()).isEqualTo("pw-kv2-client");
    assertThat(deleted.status()).isEqualTo(404);
    assertThat(deleted.isKvV2Deleted(Instant.now().plusSeconds(5))).isTrue();
    assertThat(root.readSecret(kv + "/absent", Map.of())).isEmpty();
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
