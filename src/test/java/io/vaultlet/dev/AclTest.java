package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclTest extends EmulatorTest {

  private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

  @Test
  void policyGrantsOnlyItsPathsAndCapabilities() {
    policy("app", String.join("\n",
        "# app can read its own secrets",
        "path \"secret/data/app/*\" {",
        "  capabilities = [\"read\", \"list\"]",
        "}",
        "path \"secret/data/app/admin\" { capabilities = [\"deny\"] }"));
    vault.post("/v1/secret/data/app/db", Map.of("data", Map.of("p", "1")));
    vault.post("/v1/secret/data/app/admin", Map.of("data", Map.of("p", "2")));
    vault.post("/v1/secret/data/other", Map.of("data", Map.of("p", "3")));
    Http app = vault.withToken(token(Map.of("policies", List.of("app"))));

    assertThat(app.get("/v1/secret/data/app/db").status()).isEqualTo(200);
    Http.Response other = app.get("/v1/secret/data/other");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.errors()).containsExactly(DENIED);
    assertThat(app.get("/v1/secret/data/app/admin").status()).as("deny wins").isEqualTo(403);
    assertThat(app.post("/v1/secret/data/app/db", Map.of("data", Map.of("p", "x"))).status()).isEqualTo(403);
    assertThat(app.get("/v1/sys/mounts").status()).isEqualTo(403);
    assertThat(app.get("/v1/auth/token/lookup-self").status()).as("default policy").isEqualTo(200);
  }

  @Test
  void createAndUpdateAreTellApartByExistence() {
    policy("writer", "path \"secret/data/*\" { capabilities = [\"create\"] }");
    Http w = vault.withToken(token(Map.of("policies", List.of("writer"))));
    assertThat(w.post("/v1/secret/data/new", Map.of("data", Map.of("a", "b"))).status()).isEqualTo(200);
    assertThat(w.post("/v1/secret/data/new", Map.of("data", Map.of("a", "c"))).status())
        .as("updating an existing key needs update").isEqualTo(403);
  }

  @Test
  void plusMatchesOneSegment() {
    policy("teams", "path \"secret/data/+/config\" { capabilities = [\"read\"] }");
    vault.post("/v1/secret/data/a/config", Map.of("data", Map.of("x", "1")));
    vault.post("/v1/secret/data/a/b/config", Map.of("data", Map.of("x", "1")));
    Http t = vault.withToken(token(Map.of("policies", List.of("teams"))));
    assertThat(t.get("/v1/secret/data/a/config").status()).isEqualTo(200);
    assertThat(t.get("/v1/secret/data/a/b/config").status()).isEqualTo(403);
  }

  @Test
  void policiesAreListedReadAndDeletedWithBuiltinsProtected() {
    policy("app", "path \"secret/*\" { capabilities = [\"read\"] }");
    assertThat(vault.list("/v1/sys/policies/acl").data()).containsEntry("keys", List.of("app", "default", "root"));
    assertThat(vault.get("/v1/sys/policies/acl/app").data())
        .containsEntry("policy", "path \"secret/*\" { capabilities = [\"read\"] }");
    assertThat(vault.get("/v1/sys/policy").json()).containsEntry("policies", List.of("app", "default", "root"));
    Http.Response rootDelete = vault.delete("/v1/sys/policies/acl/root");
    assertThat(rootDelete.status()).isEqualTo(400);
    assertThat(vault.delete("/v1/sys/policies/acl/app").status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/policies/acl/app").status()).isEqualTo(404);
  }

  @Test
  void theLegacySysPolicyPathTakesAndShowsRules() {
    String rules = "path \"secret/*\" { capabilities = [\"list\"] }";
    assertThat(vault.post("/v1/sys/policy/legacy", Map.of("rules", rules)).status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/policy/legacy").data()).containsEntry("name", "legacy").containsEntry("rules", rules);
    assertThat(vault.get("/v1/sys/policies/acl/legacy").data()).containsEntry("policy", rules);
    assertThat(vault.post("/v1/sys/policy/empty", Map.of("rules", " ")).status()).isEqualTo(400);
    assertThat(vault.delete("/v1/sys/policy/legacy").status()).isEqualTo(204);
    assertThat(vault.get("/v1/sys/policy/legacy").status()).isEqualTo(404);
  }

  @Test
  void unparsablePolicyIsRefused() {
    Http.Response r = vault.post("/v1/sys/policies/acl/bad", Map.of("policy", "path \"x\" { capabilities = [\"fly\"] }"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors().get(0)).contains("invalid capability \"fly\"");
  }

  @Test
  void capabilitiesSelfReportsWhatTheTokenMayDo() {
    policy("app", "path \"secret/data/app\" { capabilities = [\"read\", \"update\"] }");
    Http app = vault.withToken(token(Map.of("policies", List.of("app"))));
    Http.Response r = app.post("/v1/sys/capabilities-self", Map.of("paths", List.of("secret/data/app", "sys/mounts")));
    assertThat(r.data()).containsEntry("secret/data/app", List.of("read", "update"))
        .containsEntry("sys/mounts", List.of("deny"));
  }

  @Test
  void requestsWithoutATokenArePermissionDenied() {
    Http.Response r = vault.withToken(null).get("/v1/secret/data/app");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errors()).containsExactly(DENIED);
  }
}
