package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MountsTest extends EmulatorTest {

  @Test
  @SuppressWarnings("unchecked")
  void devServerStartsWithSecretAsKvV2AndTheBuiltins() {
    Http.Response r = vault.get("/v1/sys/mounts");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data()).containsKeys("secret/", "sys/", "cubbyhole/", "identity/");
    Map<String, Object> secret = (Map<String, Object>) r.data().get("secret/");
    assertThat(secret).containsEntry("type", "kv").containsEntry("options", Map.of("version", "2"));
    assertThat(r.json()).as("sys/mounts copies data to the top level").containsKey("secret/");
  }

  @Test
  @SuppressWarnings("unchecked")
  void enablesTunesAndDisablesAKvMount() {
    Http.Response enable = vault.post("/v1/sys/mounts/kv1", Map.of("type", "kv", "description", "old style"));
    assertThat(enable.status()).isEqualTo(204);
    Map<String, Object> kv1 = (Map<String, Object>) vault.get("/v1/sys/mounts").data().get("kv1/");
    assertThat(kv1).containsEntry("type", "kv").containsEntry("description", "old style")
        .containsEntry("options", Map.of("version", "1"));

    assertThat(vault.post("/v1/sys/mounts/kv1/tune", Map.of("default_lease_ttl", "1h")).status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/mounts/kv1/tune").data()).containsEntry("default_lease_ttl", 3600);
    vault.post("/v1/kv1/app", Map.of("k", "v"));
    assertThat(vault.get("/v1/kv1/app").json()).as("kv v1 reports the tuned default")
        .containsEntry("lease_duration", 3600);

    Http.Response again = vault.post("/v1/sys/mounts/kv1", Map.of("type", "kv"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errors().get(0)).contains("path is already in use at kv1/");

    assertThat(vault.delete("/v1/sys/mounts/kv1").status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/mounts").data()).doesNotContainKey("kv1/");
  }

  @Test
  void unknownTypeIsRefused() {
    Http.Response r = vault.post("/v1/sys/mounts/x", Map.of("type", "nope"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("unknown backend type: \"nope\"");
  }

  @Test
  void internalUiMountsDescribesTheMountOfAnyPathInside() {
    vault.post("/v1/sys/mounts/kv2", Map.of("type", "kv", "options", Map.of("version", "2")));
    for (String p : new String[] {"/v1/sys/internal/ui/mounts/kv2/app/config", "/v1/sys/mounts-all/kv2/app"}) {
      Http.Response r = vault.get(p);
      assertThat(r.status()).as(p).isEqualTo(200);
      assertThat(r.data()).containsEntry("path", "kv2/").containsEntry("type", "kv")
          .containsEntry("options", Map.of("version", "2"));
    }
  }

  @Test
  void internalUiMountsNeedsATokenThatReachesTheMount() {
    policy("app", "path \"secret/data/app/*\" { capabilities = [\"read\"] }");
    String app = token(Map.of("policies", java.util.List.of("app")));
    assertThat(vault.withToken(app).get("/v1/sys/internal/ui/mounts/secret/app").status()).isEqualTo(200);
    vault.post("/v1/sys/mounts/other", Map.of("type", "kv"));
    assertThat(vault.withToken(app).get("/v1/sys/internal/ui/mounts/other/x").status()).isEqualTo(403);
    assertThat(vault.withToken(null).get("/v1/sys/internal/ui/mounts/secret/app").status()).isEqualTo(403);
    Http.Response none = vault.get("/v1/sys/internal/ui/mounts/nomount/x");
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.errors().get(0)).contains("preflight capability check returned 403");
  }

  @Test
  @SuppressWarnings("unchecked")
  void authMethodsAreEnabledAndListedWithoutTheAuthPrefix() {
    assertThat(vault.post("/v1/sys/auth/stubby", Map.of("type", "stub-auth")).status()).isEqualTo(204);
    Http.Response r = vault.get("/v1/sys/auth");
    assertThat(r.data()).containsKeys("token/", "stubby/");
    assertThat((Map<String, Object>) r.data().get("stubby/")).containsEntry("type", "stub-auth");
    assertThat(vault.delete("/v1/sys/auth/stubby").status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/auth").data()).doesNotContainKey("stubby/");
  }

  @Test
  void pathsWithoutAMountAre404NoHandler() {
    Http.Response r = vault.get("/v1/nomount/data/x");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errors()).containsExactly("no handler for route \"nomount/data/x\". route entry not found.");
  }
}
