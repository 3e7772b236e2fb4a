package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token auth method: create, lookup, renew (TTL capping), revoke with cascade, orphans, num_uses (§3, §14). */
class TokenContractTest extends ContractScenario {

  static final String CAPPED = "TTL of \"1h\" exceeded the effective max_ttl of \"(10m|9m[0-5]\\ds)\"; "
      + "TTL value is capped accordingly";

  private static List<String> keys(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void createAnswersAnAuthBlockAndWarnsAboutUnknownPolicies() {
    String policy = unique("known");
    writePolicy(policy, "path \"secret/data/x\" { capabilities = [\"read\"] }");
    String unknown = unique("unknown");

    Wire.Response r = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of(policy, unknown),
        "meta", Map.of("user", "armon"), "ttl", "1h", "display_name", "ci"));

    Envelope.assertEnvelope(r.json());
    Envelope.assertNoLease(r.json());
    assertThat(r.json().get("data").isNull()).isTrue();
    assertThat(texts(r.json().get("warnings"))).containsExactly("Policy \"" + unknown + "\" does not exist");
    JsonNode auth = r.auth();
    assertThat(keys(auth)).containsSubsequence("client_token", "accessor", "policies", "token_policies", "metadata",
        "lease_duration", "renewable", "entity_id", "token_type", "orphan", "mfa_requirement", "num_uses");
    assertThat(auth.get("client_token").asText()).isNotEmpty();
    assertThat(auth.get("accessor").asText()).isNotEmpty();
    assertThat(texts(auth.get("policies"))).containsExactlyInAnyOrder("default", policy, unknown);
    assertThat(texts(auth.get("token_policies"))).containsExactlyInAnyOrder("default", policy, unknown);
    assertThat(auth.get("metadata").get("user").asText()).isEqualTo("armon");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
    assertThat(auth.get("renewable").asBoolean()).isTrue();
    assertThat(auth.get("entity_id").asText()).isEmpty();
    assertThat(auth.get("token_type").asText()).isEqualTo("service");
    assertThat(auth.get("orphan").asBoolean()).isFalse();
    assertThat(auth.get("mfa_requirement").isNull()).isTrue();
    assertThat(auth.get("num_uses").asInt()).isZero();
  }

  @Test
  void lookupSelfDescribesTheTokenAndItsRemainingTtl() {
    Wire.Response created = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "1h", "display_name", "ci", "meta", Map.of("team", "a")));
    String token = created.auth().get("client_token").asText();

    Wire.Response r = wire.token(token).get("auth/token/lookup-self");

    Envelope.assertEnvelope(r.json());
    assertThat(r.json().get("auth").isNull()).isTrue();
    JsonNode d = r.data();
    assertThat(d.get("id").asText()).isEqualTo(token);
    assertThat(d.get("accessor").asText()).isEqualTo(created.auth().get("accessor").asText());
    assertThat(d.get("creation_ttl").asLong()).isEqualTo(3600);
    assertThat(d.get("ttl").asLong()).isBetween(3590L, 3600L);
    assertThat(d.get("expire_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(d.get("creation_time").isIntegralNumber()).isTrue();
    assertThat(d.get("explicit_max_ttl").asLong()).isZero();
    assertThat(d.get("display_name").asText()).isEqualTo("token-ci");
    assertThat(d.get("path").asText()).isEqualTo("auth/token/create");
    assertThat(d.get("meta").get("team").asText()).isEqualTo("a");
    assertThat(d.get("num_uses").asInt()).isZero();
    assertThat(d.get("orphan").asBoolean()).isFalse();
    assertThat(d.get("renewable").asBoolean()).isTrue();
    assertThat(d.get("type").asText()).isEqualTo("service");
    assertThat(texts(d.get("policies"))).containsExactly("default");
  }

  @Test
  void theRootTokenNeverExpires() {
    JsonNode d = wire.get("auth/token/lookup-self").data();

    assertThat(d.get("ttl").asLong()).isZero();
    assertThat(d.get("creation_ttl").asLong()).isZero();
    assertThat(d.get("expire_time").isNull()).isTrue();
    assertThat(d.get("path").asText()).isEqualTo("auth/token/root");
    assertThat(texts(d.get("policies"))).containsExactly("root");
  }

  @Test
  void renewingPastTheExplicitMaxIsCappedWithAWarningAndAShorterLeaseDuration() {
    String token = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "5m", "explicit_max_ttl", "10m")).auth().get("client_token").asText();

    Wire.Response renewed = wire.token(token).post("auth/token/renew-self", Map.of("increment", "1h"));

    assertThat(renewed.status()).isEqualTo(200);
    Envelope.assertEnvelope(renewed.json());
    assertThat(texts(renewed.json().get("warnings"))).singleElement().asString().matches(CAPPED);
    assertThat(renewed.auth().get("client_token").asText()).isEqualTo(token);
    assertThat(renewed.auth().get("lease_duration").asLong()).isBetween(590L, 600L);
    assertThat(wire.token(token).get("auth/token/lookup-self").data().get("ttl").asLong()).isBetween(590L, 600L);
  }

  @Test
  void anIncrementCountsFromNowAndCanShortenTheToken() {
    String token = createToken(List.of("default"), Duration.ofHours(1));

    VaultResponse renewed = client(token).renewSelf(Duration.ofMinutes(1));

    assertThat(renewed.auth().orElseThrow().leaseDuration()).isEqualTo(60);
    assertThat(renewed.warnings()).isEmpty();
    assertThat(client(token).lookupSelf().data().path("ttl").asLong()).isBetween(55L, 60L);
  }

  @Test
  void aNonRenewableTokenCannotBeRenewed() {
    String token = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "1h", "renewable", false)).auth().get("client_token").asText();

    Envelope.assertErrors(wire.token(token).post("auth/token/renew-self", Map.of()), 400, "lease is not renewable");
  }

  @Test
  void revokingAParentRevokesItsChildrenAndTheLeasesTheyCreated() {
    String pki = pkiWithLeasedRole();
    String policy = unique("parent");
    writePolicy(policy, "path \"" + pki + "/issue/leased\" { capabilities = [\"update\"] }\n"
        + "path \"auth/token/create\" { capabilities = [\"update\"] }");
    String parent = createToken(List.of(policy), Duration.ofHours(1));
    Wire.Response child = wire.token(parent).expect(200, "POST", "auth/token/create", Map.of("ttl", "30m"));
    String childToken = child.auth().get("client_token").asText();
    String leaseId = wire.token(childToken).expect(200, "POST", pki + "/issue/leased",
        Map.of("common_name", "app.example.com")).json().get("lease_id").asText();
    assertThat(child.auth().get("orphan").asBoolean()).isFalse();
    assertThat(leaseId).startsWith(pki + "/issue/leased/");

    Wire.Response revoked = wire.post("auth/token/revoke", Map.of("token", parent));

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(wire.token(parent).get("auth/token/lookup-self").status()).isEqualTo(403);
    Envelope.assertErrors(wire.token(childToken).get("auth/token/lookup-self"), 403,
        Envelope.multierror("permission denied", "invalid token"));
    eventually(() -> Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", leaseId)), 400,
        "invalid lease"));
  }

  @Test
  void orphansOutliveTheTokenThatCreatedThem() {
    String policy = unique("orphaner");
    writePolicy(policy, "path \"auth/token/create-orphan\" { capabilities = [\"update\"] }");
    String parent = createToken(List.of(policy), Duration.ofHours(1));
    Wire.Response orphan = wire.token(parent).expect(200, "POST", "auth/token/create-orphan", Map.of("ttl", "30m"));
    Wire.Response noParent = wire.expect(200, "POST", "auth/token/create", Map.of("no_parent", true, "ttl", "30m",
        "policies", List.of("default")));
    String orphanToken = orphan.auth().get("client_token").asText();

    wire.expect(204, "POST", "auth/token/revoke", Map.of("token", parent));

    assertThat(orphan.auth().get("orphan").asBoolean()).isTrue();
    assertThat(noParent.auth().get("orphan").asBoolean()).isTrue();
    Wire.Response alive = wire.token(orphanToken).get("auth/token/lookup-self");
    assertThat(alive.status()).isEqualTo(200);
    assertThat(alive.data().get("orphan").asBoolean()).isTrue();
  }

  @Test
  void aTokenWithNumUsesDiesAfterItsLastUse() {
    Wire.Response created = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "1h", "num_uses", 3));
    Wire limited = wire.token(created.auth().get("client_token").asText());

    Wire.Response first = limited.get("auth/token/lookup-self");
    Wire.Response second = limited.get("auth/token/lookup-self");
    Wire.Response third = limited.get("auth/token/lookup-self");
    Wire.Response fourth = limited.get("auth/token/lookup-self");

    assertThat(created.auth().get("num_uses").asInt()).isEqualTo(3);
    assertThat(first.data().get("num_uses").asInt()).isEqualTo(2);
    assertThat(second.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(200);
    assertThat(fourth.status()).isEqualTo(403);
  }

  @Test
  void revokeSelfAndRevokeAccessorEndTheToken() {
    String self = createToken(List.of("default"), Duration.ofHours(1));
    Wire.Response other = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "1h"));
    String accessor = other.auth().get("accessor").asText();

    Wire.Response lookedUp = wire.post("auth/token/lookup-accessor", Map.of("accessor", accessor));
    Wire.Response selfRevoked = wire.token(self).post("auth/token/revoke-self", null);
    Wire.Response accessorRevoked = wire.post("auth/token/revoke-accessor", Map.of("accessor", accessor));

    assertThat(lookedUp.data().get("accessor").asText()).isEqualTo(accessor);
    assertThat(lookedUp.data().get("id").asText()).as("lookup by accessor hides the token").isEmpty();
    assertThat(selfRevoked.status()).isEqualTo(204);
    assertThat(selfRevoked.body()).isEmpty();
    assertThat(accessorRevoked.status()).isEqualTo(204);
    assertThat(wire.token(self).get("auth/token/lookup-self").status()).isEqualTo(403);
    assertThat(wire.token(other.auth().get("client_token").asText()).get("auth/token/lookup-self").status())
        .isEqualTo(403);
  }
}
