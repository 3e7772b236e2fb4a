package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Token roles (§3): {@code auth/token/roles/<name>} and {@code auth/token/create/<role>} — the role's allowed and
 * disallowed policies, orphan, renewable, path suffix, explicit max TTL and period applied to the new token.
 */
class TokenRoleContractTest extends ContractScenario {

  private static List<String> texts(JsonNode array) {
    return Wire.JSON.convertValue(array, Wire.JSON.getTypeFactory().constructCollectionType(List.class,
        String.class));
  }

  @Test
  void aRoleIsWrittenReadListedAndDeleted() {
    String role = unique("role");

    Wire.Response written = wire.send("POST", "auth/token/roles/" + role, Map.of("allowed_policies", "Beta,alpha",
        "orphan", true, "renewable", false, "token_explicit_max_ttl", "2h", "path_suffix", "rev-1"));
    Wire.Response read = wire.get("auth/token/roles/" + role);
    Wire.Response list = wire.get("auth/token/roles?list=true");

    assertThat(written.status()).isEqualTo(204);
    Envelope.assertEnvelope(read.json(), "token");
    JsonNode d = read.data();
    assertThat(d.get("name").asText()).isEqualTo(role);
    assertThat(texts(d.get("allowed_policies"))).containsExactly("alpha", "beta");
    assertThat(d.get("orphan").asBoolean()).isTrue();
    assertThat(d.get("renewable").asBoolean()).isFalse();
    assertThat(d.get("path_suffix").asText()).isEqualTo("rev-1");
    assertThat(d.get("token_explicit_max_ttl").asLong()).isEqualTo(7200);
    assertThat(d.get("token_period").asLong()).isZero();
    assertThat(d.get("token_type").asText()).isEqualTo("default-service");
    assertThat(texts(list.data().get("keys"))).contains(role);
    assertThat(wire.delete("auth/token/roles/" + role).status()).isEqualTo(204);
    Envelope.assertErrors(wire.get("auth/token/roles/" + role), 404);
  }

  @Test
  void aTokenCreatedAgainstARoleCarriesTheRolesSettings() {
    String role = unique("role");
    String policy = unique("app");
    writePolicy(policy, "path \"secret/data/x\" { capabilities = [\"read\"] }");
    wire.ok("POST", "auth/token/roles/" + role, Map.of("allowed_policies", List.of(policy), "orphan", true,
        "path_suffix", "rev-2", "token_explicit_max_ttl", "1h", "renewable", false));

    Wire.Response created = wire.expect(200, "POST", "auth/token/create/" + role, Map.of("ttl", "30m"));
    JsonNode auth = created.auth();
    JsonNode lookup = wire.post("auth/token/lookup", Map.of("token", auth.get("client_token").asText())).data();

    assertThat(texts(auth.get("policies"))).containsExactlyInAnyOrder("default", policy);
    assertThat(auth.get("orphan").asBoolean()).isTrue();
    assertThat(auth.get("renewable").asBoolean()).isFalse();
    assertThat(auth.get("lease_duration").asLong()).isBetween(1790L, 1800L);
    assertThat(lookup.get("path").asText()).isEqualTo("auth/token/create/" + role + "/rev-2");
    assertThat(lookup.get("role").asText()).isEqualTo(role);
    assertThat(lookup.get("explicit_max_ttl").asLong()).isEqualTo(3600);
  }

  @Test
  void theRolesExplicitMaxTtlAndPeriodWinWhenLowerWithAWarning() {
    String role = unique("role");
    wire.ok("POST", "auth/token/roles/" + role, Map.of("token_explicit_max_ttl", "1h"));

    Wire.Response created = wire.expect(200, "POST", "auth/token/create/" + role,
        Map.of("explicit_max_ttl", "3h", "ttl", "2h"));

    assertThat(texts(created.json().get("warnings"))).contains(
        "Explicit max TTL specified both during creation call and in role; using the lesser value of 3600 seconds");
    assertThat(created.auth().get("lease_duration").asLong()).isBetween(3590L, 3600L);
  }

  @Test
  void policiesOutsideTheRoleAreRefused() {
    String allowed = unique("allowed");
    String disallowed = unique("disallowed");
    wire.ok("POST", "auth/token/roles/" + allowed, Map.of("allowed_policies", "ok-policy"));
    wire.ok("POST", "auth/token/roles/" + disallowed, Map.of("disallowed_policies", "forbidden"));

    Wire.Response outside = wire.post("auth/token/create/" + allowed, Map.of("policies", List.of("other")));
    Wire.Response forbidden = wire.post("auth/token/create/" + disallowed, Map.of("policies", List.of("forbidden")));
    Wire.Response unknown = wire.post("auth/token/create/" + unique("nope"), Map.of());

    assertThat(outside.status()).isEqualTo(400);
    assertThat(outside.errors()).singleElement().asString().startsWith("token policies (")
        .contains("must be subset of the role's allowed policies");
    Envelope.assertErrors(forbidden, 400, "token policy \"forbidden\" is disallowed by this role");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errors()).singleElement().asString().startsWith("unknown role ");
  }
}
