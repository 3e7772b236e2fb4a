package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sys/remount} (§5): a mount moves with its data, the answer names a migration whose status can be read back,
 * and protected or missing paths are refused. Vault moves the mount in the background, so the scenarios wait for the
 * migration to succeed before reading at the new path.
 */
class RemountContractTest extends ContractScenario {

  private static void migrated(String migrationId, String from, String to) {
    eventually(() -> {
      JsonNode info = wire.get("sys/remount/status/" + migrationId).data().path("migration_info");
      assertThat(info.path("status").asText()).isEqualTo("success");
      assertThat(info.path("source_mount").asText()).isEqualTo(from);
      assertThat(info.path("target_mount").asText()).isEqualTo(to);
    });
  }

  @Test
  void aSecretsEngineMovesWithItsData() {
    String from = unique("kv");
    String to = unique("moved");
    enableSecrets(from, "kv", Map.of());
    wire.ok("POST", from + "/app", Map.of("password", "pw-remount"));

    Wire.Response r = wire.expect(200, "POST", "sys/remount", Map.of("from", from, "to", to));

    Envelope.assertEnvelope(r.json());
    String id = r.data().get("migration_id").asText();
    assertThat(id).isNotEmpty();
    assertThat(r.json().path("migration_id").asText()).as("sys/remount repeats data at the top level").isEqualTo(id);
    assertThat(r.json().get("warnings")).isNotEmpty();
    migrated(id, from + "/", to + "/");
    assertThat(wire.get(to + "/app").data().get("password").asText()).isEqualTo("pw-remount");
    assertThat(wire.get("sys/mounts").data().has(to + "/")).isTrue();
    assertThat(wire.get("sys/mounts").data().has(from + "/")).isFalse();
    assertThat(wire.get(from + "/app").status()).isEqualTo(404);
  }

  @Test
  void anAuthMethodMovesWithItsRoles() {
    String from = unique("approle");
    String to = unique("approle-moved");
    enableAuth(from, "approle");
    wire.ok("POST", "auth/" + from + "/role/app", Map.of("token_policies", "default"));

    Wire.Response r = wire.expect(200, "POST", "sys/remount", Map.of("from", "auth/" + from, "to", "auth/" + to));

    migrated(r.data().get("migration_id").asText(), "auth/" + from + "/", "auth/" + to + "/");
    assertThat(wire.get("auth/" + to + "/role/app/role-id").data().get("role_id").asText()).isNotEmpty();
    assertThat(wire.get("sys/auth").data().has(to + "/")).isTrue();
  }

  @Test
  void missingProtectedAndMismatchedPathsAreRefused() {
    String kv = unique("kv");
    enableSecrets(kv, "kv", Map.of());
    String approle = unique("approle");
    enableAuth(approle, "approle");

    Envelope.assertErrors(wire.post("sys/remount", Map.of("from", kv)), 400,
        "both 'from' and 'to' path must be specified as a string");
    Envelope.assertErrors(wire.post("sys/remount", Map.of("from", "sys", "to", unique("x"))), 400,
        "cannot remount \"sys/\"");
    String plain = unique("plain");
    Envelope.assertErrors(wire.post("sys/remount", Map.of("from", "auth/" + approle, "to", plain)), 400,
        "cannot remount auth mount to non-auth mount \"" + plain + "/\"");
    String missing = unique("missing");
    Envelope.assertErrors(wire.post("sys/remount", Map.of("from", missing, "to", unique("x"))), 400,
        "no matching mount at \"" + missing + "/\"");
    Envelope.assertErrors(wire.post("sys/remount", Map.of("from", kv, "to", "secret")), 400,
        "path already in use at \"secret/\"");
    assertThat(wire.get("sys/mounts").data().has(kv + "/")).as("nothing moved").isTrue();
  }
}
