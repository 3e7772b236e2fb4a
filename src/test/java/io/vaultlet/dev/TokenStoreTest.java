package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenStoreTest extends EmulatorTest {

  @Test
  void createReturnsVaultsAuthBlock() {
    Http.Response r = vault.post("/v1/auth/token/create", Map.of("policies", List.of("web", "stage"), "ttl", "1h",
        "meta", Map.of("user", "armon"), "display_name", "ci job"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).containsEntry("data", null).containsEntry("mount_type", "token");
    assertThat(r.warnings()).containsExactly("Policy \"stage\" does not exist", "Policy \"web\" does not exist");
    Map<String, Object> auth = r.auth();
    assertThat((String) auth.get("client_token")).startsWith("hvs.").hasSize(28);
    assertThat((String) auth.get("accessor")).hasSize(24);
    assertThat(auth).containsEntry("policies", List.of("default", "stage", "web"))
        .containsEntry("metadata", Map.of("user", "armon")).containsEntry("lease_duration", 3600)
        .containsEntry("renewable", true).containsEntry("token_type", "service").containsEntry("orphan", false)
        .containsEntry("num_uses", 0).containsEntry("mfa_requirement", null);

    Http.Response look = vault.withToken((String) auth.get("client_token")).get("/v1/auth/token/lookup-self");
    assertThat(look.data()).containsEntry("display_name", "token-ci-job").containsEntry("ttl", 3600)
        .containsEntry("creation_ttl", 3600).containsEntry("path", "auth/token/create")
        .containsEntry("expire_time", "2026-01-01T01:00:00Z");
  }

  @Test
  void rootTokenNeverExpires() {
    Http.Response r = vault.get("/v1/auth/token/lookup-self");
    assertThat(r.data()).containsEntry("policies", List.of("root")).containsEntry("ttl", 0)
        .containsEntry("expire_time", null).containsEntry("path", "auth/token/root").containsEntry("id", "root");
    Http.Response child = vault.post("/v1/auth/token/create", Map.of());
    assertThat(child.auth()).containsEntry("policies", List.of("root")).containsEntry("lease_duration", 0)
        .containsEntry("renewable", false);
  }

  @Test
  void renewSelfIsCappedByExplicitMaxTtlWithVaultsWarning() {
    String t = token(Map.of("policies", List.of("default"), "ttl", "10m", "explicit_max_ttl", "20m"));
    server.advanceClock(Duration.ofSeconds(572));

    Http.Response r = vault.withToken(t).post("/v1/auth/token/renew-self", Map.of("increment", "1h"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.auth()).containsEntry("client_token", t).containsEntry("lease_duration", 628);
    assertThat(r.warnings()).containsExactly(
        "TTL of \"1h\" exceeded the effective max_ttl of \"10m28s\"; TTL value is capped accordingly");
    Http.Response look = vault.withToken(t).get("/v1/auth/token/lookup-self");
    assertThat(look.data()).containsEntry("ttl", 628).containsKey("last_renewal_time");

    server.advanceClock(Duration.ofSeconds(629));
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").status()).isEqualTo(403);
  }

  @Test
  void renewWithoutIncrementRestoresTheCreationTtl() {
    String t = token(Map.of("policies", List.of("default"), "ttl", "10m"));
    server.advanceClock(Duration.ofMinutes(5));
    Http.Response r = vault.withToken(t).post("/v1/auth/token/renew-self", null);
    assertThat(r.auth()).containsEntry("lease_duration", 600);
    assertThat(r.warnings()).isNull();
    Http.Response other = vault.post("/v1/auth/token/renew", Map.of("token", t, "increment", 60));
    assertThat(other.auth()).containsEntry("lease_duration", 60);
    Http.Response again = vault.withToken(t).post("/v1/auth/token/renew-self", null);
    assertThat(again.auth()).as("without increment, the last granted TTL is reused, as in Vault")
        .containsEntry("lease_duration", 60);
  }

  @Test
  void nonRenewableTokenRefusesRenewal() {
    String t = token(Map.of("policies", List.of("default"), "ttl", "10m", "renewable", false));
    Http.Response r = vault.withToken(t).post("/v1/auth/token/renew-self", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("lease is not renewable");
  }

  @Test
  void periodicTokenResetsToItsPeriodAndIgnoresTheIncrement() {
    String t = token(Map.of("policies", List.of("default"), "period", "30m"));
    server.advanceClock(Duration.ofMinutes(20));
    Http.Response r = vault.withToken(t).post("/v1/auth/token/renew-self", Map.of("increment", "5h"));
    assertThat(r.auth()).containsEntry("lease_duration", 1800);
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").data()).containsEntry("period", 1800);
  }

  @Test
  void expiredTokenIs403WithInvalidToken() {
    String t = token(Map.of("policies", List.of("default"), "ttl", "1m"));
    server.advanceClock(Duration.ofSeconds(61));
    Http.Response r = vault.withToken(t).get("/v1/auth/token/lookup-self");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errors()).containsExactly("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
  }

  @Test
  void revokingAParentRevokesItsChildrenAndTheirLeases() {
    mountStub(0, 0);
    policy("stub", "path \"stub/*\" { capabilities = [\"read\"] }\n"
        + "path \"auth/token/create\" { capabilities = [\"update\"] }");
    String parent = token(Map.of("policies", List.of("stub")));
    String child = (String) vault.withToken(parent).post("/v1/auth/token/create", Map.of()).auth()
        .get("client_token");
    String orphan = token(Map.of("policies", List.of("stub"), "no_parent", true));
    Http.Response childCreds = vault.withToken(child).get("/v1/stub/creds/app");
    Http.Response orphanCreds = vault.withToken(orphan).get("/v1/stub/creds/app");
    assertThat(childCreds.status()).as(childCreds.body()).isEqualTo(200);
    String childLease = (String) childCreds.json().get("lease_id");

    assertThat(vault.withToken(parent).post("/v1/auth/token/revoke-self", null).status()).isEqualTo(204);

    assertThat(vault.withToken(child).get("/v1/auth/token/lookup-self").status()).isEqualTo(403);
    assertThat(stub.revoked).containsExactly((String) childCreds.data().get("username"));
    assertThat(vault.post("/v1/sys/leases/lookup", Map.of("lease_id", childLease)).status()).isEqualTo(400);
    assertThat(vault.withToken(orphan).get("/v1/auth/token/lookup-self").status()).isEqualTo(200);
    assertThat(orphanCreds.status()).isEqualTo(200);
  }

  @Test
  void tokenExpiryCascadesLikeRevocation() {
    mountStub(0, 0);
    String t = token(Map.of("policies", List.of("root"), "ttl", "5m"));
    String child = token(Map.of("policies", List.of("default"), "ttl", "1h"));
    Http.Response creds = vault.withToken(t).get("/v1/stub/creds/app?ttl=1h");
    assertThat(creds.status()).isEqualTo(200);
    server.advanceClock(Duration.ofMinutes(6));
    assertThat(stub.revoked).containsExactly((String) creds.data().get("username"));
    assertThat(vault.withToken(child).get("/v1/auth/token/lookup-self").status())
        .as("a child of root is unaffected").isEqualTo(200);
  }

  @Test
  void revokeOrphanLeavesChildrenAlive() {
    String parent = token(Map.of("policies", List.of("root"), "ttl", "1h"));
    String child = (String) vault.withToken(parent).post("/v1/auth/token/create", Map.of("ttl", "1h")).auth()
        .get("client_token");
    policy("orphaner", "path \"auth/token/revoke-orphan\" { capabilities = [\"update\"] }");
    Http.Response noSudo = vault.withToken(token(Map.of("policies", List.of("orphaner"))))
        .post("/v1/auth/token/revoke-orphan", Map.of("token", parent));
    assertThat(noSudo.status()).isEqualTo(400);
    assertThat(noSudo.errors()).containsExactly("root or sudo privileges required to revoke and orphan");
    assertThat(vault.post("/v1/auth/token/revoke-orphan", Map.of("token", parent)).status()).isEqualTo(204);
    Http.Response look = vault.withToken(child).get("/v1/auth/token/lookup-self");
    assertThat(look.status()).isEqualTo(200);
    assertThat(look.data()).containsEntry("orphan", true);
  }

  @Test
  void accessorsLookUpAndRevokeWithoutTheToken() {
    Http.Response created = vault.post("/v1/auth/token/create", Map.of("policies", List.of("default")));
    String accessor = (String) created.auth().get("accessor");
    Http.Response look = vault.post("/v1/auth/token/lookup-accessor", Map.of("accessor", accessor));
    assertThat(look.data()).containsEntry("id", "").containsEntry("accessor", accessor);
    assertThat(vault.post("/v1/auth/token/revoke-accessor", Map.of("accessor", accessor)).status()).isEqualTo(204);
    assertThat(vault.withToken((String) created.auth().get("client_token")).get("/v1/auth/token/lookup-self")
        .status()).isEqualTo(403);
  }

  @Test
  void numUsesCountsDownAndTheLastUseRevokesTheToken() {
    String t = token(Map.of("policies", List.of("default"), "num_uses", 2));
    Http.Response first = vault.withToken(t).get("/v1/auth/token/lookup-self");
    assertThat(first.data()).containsEntry("num_uses", 1);
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").status()).isEqualTo(200);
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").status()).isEqualTo(403);
  }

  @Test
  void childPoliciesMustBeASubsetOfTheParents() {
    policy("small", "path \"auth/token/create\" { capabilities = [\"update\"] }");
    String t = token(Map.of("policies", List.of("small")));
    Http.Response r = vault.withToken(t).post("/v1/auth/token/create", Map.of("policies", List.of("admin")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("child policies must be subset of parent");
    Http.Response orphan = vault.withToken(t).post("/v1/auth/token/create", Map.of("no_parent", true));
    assertThat(orphan.status()).isEqualTo(400);
    assertThat(vault.withToken(t).post("/v1/auth/token/create-orphan", Map.of()).status()).isEqualTo(403);
  }

  @Test
  void loginThroughAPluginIssuesAnOrphanTokenWithCappedTtl() {
    vault.post("/v1/sys/auth/stubby", Map.of("type", "stub-auth",
        "config", Map.of("max_lease_ttl", "100s")));
    Http.Response r = vault.withToken(null).post("/v1/auth/stubby/login", Map.of("role", "app", "ttl", "1h"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).containsEntry("mount_type", "").containsEntry("lease_duration", 0);
    assertThat(r.warnings()).containsExactly(
        "TTL of \"1h\" exceeded the effective max_ttl of \"1m40s\"; TTL value is capped accordingly");
    assertThat(r.auth()).containsEntry("lease_duration", 100).containsEntry("orphan", true)
        .containsEntry("policies", List.of("app", "default")).containsEntry("metadata", Map.of("role", "app"));
    assertThat((String) r.auth().get("entity_id")).isNotEmpty();
    String t = (String) r.auth().get("client_token");
    assertThat(vault.withToken(t).get("/v1/auth/token/lookup-self").data())
        .containsEntry("display_name", "stubby-app").containsEntry("path", "auth/stubby/login");

    Http.Response bad = vault.withToken(null).post("/v1/auth/stubby/login", Map.of("role", "bad"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errors()).containsExactly("invalid role name \"bad\"");
  }

  @Test
  void unknownParametersAreIgnoredWithVaultsWarning() {
    Http.Response r = vault.post("/v1/auth/token/create", Map.of("ttl", "1h", "polices", List.of("typo")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.warnings()).contains("Endpoint ignored these unrecognized parameters: [polices]");
  }
}
