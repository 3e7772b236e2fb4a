package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AppRole: role-id and secret-id, login, secret-id num_uses, wrapped secret ids (contract §4, §4.1, §11.2). */
class AppRoleContractTest extends ContractScenario {

  private String approle;
  private String policy;
  private String roleId;

  @BeforeEach
  void enableWithRole() {
    approle = unique("approle");
    enableAuth(approle, "approle");
    policy = unique("app");
    writePolicy(policy, "path \"secret/data/app\" { capabilities = [\"read\"] }");
    wire.ok("POST", "auth/" + approle + "/role/app", Map.of("token_policies", List.of(policy),
        "token_ttl", "1h", "token_max_ttl", "4h", "secret_id_num_uses", 2));
    roleId = wire.get("auth/" + approle + "/role/app/role-id").data().get("role_id").asText();
  }

  private String secretId() {
    return wire.expect(200, "POST", "auth/" + approle + "/role/app/secret-id", Map.of()).data().get("secret_id")
        .asText();
  }

  private Wire.Response login(String role, String secret) {
    return Wire.to(target).post("auth/" + approle + "/login", Map.of("role_id", role, "secret_id", secret));
  }

  @Test
  void loginAnswersAnOrphanTokenWithTheRolesPoliciesAndTtl() {
    Wire.Response r = login(roleId, secretId());

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    Envelope.assertNoLease(r.json());
    JsonNode auth = r.auth();
    assertThat(auth.get("client_token").asText()).isNotEmpty();
    assertThat(auth.get("policies")).extracting(JsonNode::asText).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.get("token_policies")).extracting(JsonNode::asText).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.get("metadata").get("role_name").asText()).isEqualTo("app");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
    assertThat(auth.get("renewable").asBoolean()).isTrue();
    assertThat(auth.get("orphan").asBoolean()).isTrue();
    assertThat(auth.get("token_type").asText()).isEqualTo("service");
    Wire.Response self = Wire.to(target).token(auth.get("client_token").asText()).get("auth/token/lookup-self");
    assertThat(self.data().get("path").asText()).isEqualTo("auth/" + approle + "/login");
    assertThat(self.data().get("orphan").asBoolean()).isTrue();
  }

  @Test
  void aSecretIdIsUsedUpAfterItsNumUses() {
    String secret = secretId();

    assertThat(login(roleId, secret).status()).isEqualTo(200);
    assertThat(login(roleId, secret).status()).isEqualTo(200);
    Envelope.assertErrors(login(roleId, secret), 400, "invalid role or secret ID");
  }

  @Test
  void missingAndWrongCredentialsAreBadRequests() {
    Envelope.assertErrors(Wire.to(target).post("auth/" + approle + "/login", Map.of("secret_id", "x")), 400,
        "missing role_id");
    Envelope.assertErrors(Wire.to(target).post("auth/" + approle + "/login", Map.of("role_id", roleId)), 400,
        "missing secret_id");
    Envelope.assertErrors(login(roleId, "not-a-secret-id"), 400, "invalid role or secret ID");
  }

  @Test
  void aWrappedSecretIdNamesItsAccessorAndUnwrapsToAWorkingSecretId() {
    VaultResponse wrapped = root.send(VaultRequest.post("auth/" + approle + "/role/app/secret-id").body(Map.of())
        .wrapTtl(Duration.ofMinutes(1)).build()).orElseThrow();
    VaultResponse.WrapInfo info = wrapped.wrapInfo().orElseThrow();

    VaultResponse unwrapped = client(null).unwrap(info.token()).orElseThrow();

    assertThat(info.creationPath()).isEqualTo("auth/" + approle + "/role/app/secret-id");
    assertThat(unwrapped.data().path("secret_id_accessor").asText()).isEqualTo(info.wrappedAccessor());
    assertThat(login(roleId, unwrapped.data().path("secret_id").asText()).status()).isEqualTo(200);
  }

  @Test
  void theLoginTokenRenewsWithinTheRoleMax() {
    String token = login(roleId, secretId()).auth().get("client_token").asText();

    VaultResponse renewed = client(token).renewSelf(Duration.ofHours(2));

    assertThat(renewed.auth().orElseThrow().leaseDuration()).isEqualTo(7200);
    assertThat(renewed.warnings()).isEmpty();
  }
}
