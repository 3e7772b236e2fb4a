package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvTest extends EmulatorTest {

  @Test
  void kvV1WritesReadsListsAndDeletes() {
    vault.post("/v1/sys/mounts/kv", Map.of("type", "kv"));
    assertThat(vault.post("/v1/kv/app/db", Map.of("user", "app", "password", "pw")).status()).isEqualTo(204);
    vault.post("/v1/kv/app/api", Map.of("key", "k", "ttl", "30m"));

    Http.Response r = vault.get("/v1/kv/app/db");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data()).isEqualTo(Map.of("user", "app", "password", "pw"));
    assertThat(r.json()).containsEntry("lease_id", "").containsEntry("renewable", false)
        .containsEntry("lease_duration", 2764800).containsEntry("mount_type", "kv");
    assertThat(vault.get("/v1/kv/app/api").json()).as("a ttl key sets lease_duration")
        .containsEntry("lease_duration", 1800);

    vault.post("/v1/kv/top", Map.of("a", "b"));
    assertThat(vault.list("/v1/kv/").data()).containsEntry("keys", List.of("app/", "top"));
    assertThat(vault.get("/v1/kv/app?list=true").data()).containsEntry("keys", List.of("api", "db"));

    assertThat(vault.delete("/v1/kv/app/db").status()).isEqualTo(204);
    Http.Response gone = vault.get("/v1/kv/app/db");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body()).isEqualTo("{\"errors\":[]}");
    assertThat(vault.list("/v1/kv/nothing/").status()).isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void kvV2KeepsVersionsAndReadsAnyOfThem() {
    Http.Response w1 = vault.post("/v1/secret/data/app", Map.of("data", Map.of("password", "one")));
    assertThat(w1.status()).isEqualTo(200);
    assertThat(w1.data()).containsEntry("version", 1).containsEntry("deletion_time", "")
        .containsEntry("destroyed", false).containsKey("created_time");
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("password", "two")));

    Http.Response current = vault.get("/v1/secret/data/app");
    assertThat(current.data().get("data")).isEqualTo(Map.of("password", "two"));
    assertThat(current.json()).containsEntry("lease_duration", 0).containsEntry("mount_type", "kv");
    assertThat(vault.get("/v1/secret/data/app?version=1").data().get("data")).isEqualTo(Map.of("password", "one"));
    assertThat(vault.get("/v1/secret/data/app?version=7").status()).isEqualTo(404);
    assertThat(vault.get("/v1/secret/data/missing").body()).isEqualTo("{\"errors\":[]}");

    Http.Response meta = vault.get("/v1/secret/metadata/app");
    assertThat(meta.data()).containsEntry("current_version", 2).containsEntry("oldest_version", 1)
        .containsEntry("max_versions", 0).containsEntry("cas_required", false);
    assertThat(((Map<String, Object>) meta.data().get("versions")).keySet()).containsExactly("1", "2");
    assertThat(vault.list("/v1/secret/metadata/").data()).containsEntry("keys", List.of("app"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void softDeletedVersionIs404WithMetadataAndUndeleteBringsItBack() {
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("password", "one")));
    assertThat(vault.delete("/v1/secret/data/app").status()).isEqualTo(204);

    Http.Response r = vault.get("/v1/secret/data/app");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json()).containsKey("request_id").containsEntry("mount_type", "");
    assertThat(r.data()).containsEntry("data", null);
    Map<String, Object> metadata = (Map<String, Object>) r.data().get("metadata");
    assertThat((String) metadata.get("deletion_time")).startsWith("2026-01-01T");
    assertThat(metadata).containsEntry("destroyed", false).containsEntry("version", 1);

    assertThat(vault.post("/v1/secret/undelete/app", Map.of("versions", List.of(1))).status()).isEqualTo(204);
    assertThat(vault.get("/v1/secret/data/app").status()).isEqualTo(200);

    vault.post("/v1/secret/destroy/app", Map.of("versions", List.of(1)));
    Http.Response destroyed = vault.get("/v1/secret/data/app");
    assertThat(destroyed.status()).isEqualTo(404);
    assertThat((Map<String, Object>) destroyed.data().get("metadata")).containsEntry("destroyed", true);
  }

  @Test
  void deleteVersionAfterSetsAFutureDeletionTimeThatTakesEffectWithTheClock() {
    vault.post("/v1/secret/metadata/app", Map.of("delete_version_after", "1h"));
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("k", "v")));
    assertThat(vault.get("/v1/secret/data/app").status()).isEqualTo(200);
    server.advanceClock(Duration.ofMinutes(61));
    assertThat(vault.get("/v1/secret/data/app").status()).isEqualTo(404);
  }

  @Test
  void checkAndSetRefusesStaleWritesAndCasRequiredDemandsIt() {
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("v", "1")));
    Http.Response stale = vault.post("/v1/secret/data/app",
        Map.of("data", Map.of("v", "2"), "options", Map.of("cas", 0)));
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.errors()).containsExactly("check-and-set parameter did not match the current version");
    assertThat(vault.post("/v1/secret/data/app", Map.of("data", Map.of("v", "2"), "options", Map.of("cas", 1)))
        .status()).isEqualTo(200);

    vault.post("/v1/secret/metadata/locked", Map.of("cas_required", true));
    Http.Response noCas = vault.post("/v1/secret/data/locked", Map.of("data", Map.of("v", "1")));
    assertThat(noCas.status()).isEqualTo(400);
    assertThat(noCas.errors()).containsExactly("check-and-set parameter required for this call");
    assertThat(vault.post("/v1/secret/data/locked", Map.of("data", Map.of("v", "1"), "options", Map.of("cas", 0)))
        .status()).isEqualTo(200);
  }

  @Test
  void maxVersionsDropsTheOldest() {
    vault.post("/v1/secret/metadata/app", Map.of("max_versions", 2));
    for (int i = 1; i <= 3; i++) {
      vault.post("/v1/secret/data/app", Map.of("data", Map.of("v", i)));
    }
    assertThat(vault.get("/v1/secret/metadata/app").data()).containsEntry("oldest_version", 2)
        .containsEntry("current_version", 3);
    assertThat(vault.get("/v1/secret/data/app?version=1").status()).isEqualTo(404);
  }

  @Test
  void patchMergesIntoTheCurrentVersion() {
    vault.post("/v1/secret/data/app", Map.of("data", Map.of("a", "1", "b", "2")));
    Http.Response r = vault.withHeader("Content-Type", "application/merge-patch+json")
        .send("PATCH", "/v1/secret/data/app", Map.of("data", Map.of("b", "3")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(vault.get("/v1/secret/data/app").data().get("data")).isEqualTo(Map.of("a", "1", "b", "3"));
    Http.Response wrongType = vault.send("PATCH", "/v1/secret/data/app", Map.of("data", Map.of("b", "4")));
    assertThat(wrongType.status()).isEqualTo(415);
  }

  @Test
  void v1StylePathOnAV2MountIs404WithTheCliHint() {
    Http.Response r = vault.get("/v1/secret/app");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.data()).isNull();
    assertThat(r.warnings().get(0)).startsWith("Invalid path for a versioned K/V secrets engine.")
        .endsWith("use 'vault kv get' for this operation.");
  }

  @Test
  void upgradingAV1MountKeepsItsData() {
    vault.post("/v1/sys/mounts/kv", Map.of("type", "kv"));
    vault.post("/v1/kv/app", Map.of("k", "v"));
    vault.post("/v1/sys/mounts/kv/tune", Map.of("options", Map.of("version", "2")));
    assertThat(vault.get("/v1/kv/data/app").data().get("data")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void badJsonIs400() {
    Http.Response r = vault.post("/v1/secret/data/app", "{not json");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("error parsing JSON");
  }

  @Test
  void cubbyholeIsPrivateToEachToken() {
    String a = token(Map.of());
    String b = token(Map.of());
    assertThat(vault.withToken(a).post("/v1/cubbyhole/note", Map.of("x", "y")).status()).isEqualTo(204);
    assertThat(vault.withToken(a).get("/v1/cubbyhole/note").data()).isEqualTo(Map.of("x", "y"));
    assertThat(vault.withToken(b).get("/v1/cubbyhole/note").status()).isEqualTo(404);
  }
}
