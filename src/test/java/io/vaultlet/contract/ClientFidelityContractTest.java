package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deviations real, independently written Vault clients found in the emulator (issue 12, part 2), one scenario
 * each: KV v2 PATCH of a missing secret and metadata merge-patch (§6.2), renew-accessor (§3), policy name case (§18),
 * the AppRole constraint rule (§4.1), mount tuning (§5), and Vault's wording for a few refusals (§1.6).
 */
class ClientFidelityContractTest extends ContractScenario {

  private static Wire mergePatch() {
    return wire.header("Content-Type", "application/merge-patch+json");
  }

  private static String kv2() {
    String kv = unique("kv2");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "2")));
    return kv;
  }

  @Test
  void patchingAKvV2SecretThatDoesNotExistIs404AndWritesNothing() {
    String kv = kv2();

    Wire.Response patched = mergePatch().send("PATCH", kv + "/data/never-written", Map.of("data", Map.of("k", "v")));

    // vault-plugin-secrets-kv answers RespondWithStatusCode(nil, req, 404): the status and no body at all
    assertThat(patched.status()).isEqualTo(404);
    assertThat(patched.body()).isEmpty();
    Envelope.assertErrors(wire.get(kv + "/data/never-written"), 404);
    Envelope.assertErrors(wire.get(kv + "/metadata/never-written"), 404);
  }

  @Test
  void patchingKvV2MetadataMergesCustomMetadataAndANullDeletesItsKey() {
    String kv = kv2();
    wire.ok("POST", kv + "/data/app", Map.of("data", Map.of("k", "v")));
    wire.ok("POST", kv + "/metadata/app", Map.of("max_versions", 5,
        "custom_metadata", Map.of("owner", "team-a", "tier", "gold", "region", "eu")));
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("tier", null);
    custom.put("owner", "team-b");
    custom.put("cost-center", "42");

    Wire.Response patched = mergePatch().send("PATCH", kv + "/metadata/app", Map.of("custom_metadata", custom));
    JsonNode metadata = wire.get(kv + "/metadata/app").data();

    assertThat(patched.status()).isEqualTo(204);
    assertThat(Wire.JSON.convertValue(metadata.get("custom_metadata"), Map.class))
        .isEqualTo(Map.of("owner", "team-b", "region", "eu", "cost-center", "42"));
    assertThat(metadata.get("max_versions").asInt()).as("fields the patch does not name are kept").isEqualTo(5);
    assertThat(mergePatch().send("PATCH", kv + "/metadata/missing", Map.of("max_versions", 3)).status())
        .isEqualTo(404);
  }

  @Test
  void renewingATokenByItsAccessorNeverRevealsTheToken() {
    Wire.Response created = wire.ok("POST", "auth/token/create", Map.of("policies", List.of("default"), "ttl", "1h"));
    String accessor = created.auth().get("accessor").asText();

    Wire.Response renewed = wire.expect(200, "POST", "auth/token/renew-accessor",
        Map.of("accessor", accessor, "increment", "30m"));

    assertThat(renewed.auth().get("client_token").asText()).isEmpty();
    assertThat(renewed.auth().get("accessor").asText()).isEqualTo(accessor);
    assertThat(renewed.auth().get("lease_duration").asLong()).isBetween(1790L, 1800L);
  }

  @Test
  void policyNamesAreLowerCasedOnWriteReadAndDelete() {
    String lower = unique("mixed");
    String mixed = "Mixed" + lower.substring("mixed".length()).toUpperCase();
    String hcl = "path \"secret/data/case\" {\n  capabilities = [\"read\"]\n}\n";

    Wire.Response written = wire.send("PUT", "sys/policies/acl/" + mixed, Map.of("policy", hcl));
    Wire.Response read = wire.get("sys/policies/acl/" + mixed.toUpperCase());
    Wire.Response list = wire.get("sys/policies/acl?list=true");

    assertThat(written.status()).isEqualTo(200);
    assertThat(written.json().get("warnings")).extracting(JsonNode::asText)
        .contains("policy name was converted to " + lower);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.data().get("name").asText()).isEqualTo(lower);
    assertThat(list.data().get("keys")).extracting(JsonNode::asText).contains(lower).doesNotContain(mixed);
    assertThat(wire.delete("sys/policies/acl/" + mixed).status()).isEqualTo(204);
    Envelope.assertErrors(wire.get("sys/policies/acl/" + lower), 404);
  }

  @Test
  void anAppRoleWithoutAnyConstraintIsRefused() {
    String approle = unique("approle");
    enableAuth(approle, "approle");

    Wire.Response refused = wire.post("auth/" + approle + "/role/open", Map.of("bind_secret_id", false));
    Wire.Response cidrBound = wire.post("auth/" + approle + "/role/cidr", Map.of("bind_secret_id", false,
        "secret_id_bound_cidrs", List.of("127.0.0.1/32", "10.0.0.0/8")));

    // approle's setRoleEntry returns a plain error: Vault's 500 in go-multierror form
    Envelope.assertErrors(refused, 500, Envelope.multierror("at least one constraint should be enabled on the role"));
    Envelope.assertErrors(wire.get("auth/" + approle + "/role/open"), 404);
    assertThat(cidrBound.status()).isEqualTo(204);
    assertThat(wire.get("auth/" + approle + "/role/cidr").data().get("secret_id_bound_cidrs"))
        .extracting(JsonNode::asText).containsExactly("127.0.0.1/32", "10.0.0.0/8");
  }

  @Test
  void tuningADefaultTtlAboveTheMaxTtlIsRefusedAndChangesNothing() {
    String kv = unique("kv");
    enableSecrets(kv, "kv", Map.of("config", Map.of("default_lease_ttl", "10m", "max_lease_ttl", "2h")));

    Wire.Response refused = wire.post("sys/mounts/" + kv + "/tune",
        Map.of("default_lease_ttl", "3h", "max_lease_ttl", "1h"));
    Wire.Response onlyDefault = wire.post("sys/mounts/" + kv + "/tune", Map.of("default_lease_ttl", "5h"));
    JsonNode tune = wire.get("sys/mounts/" + kv + "/tune").data();

    Envelope.assertErrors(refused, 400, "backend max lease TTL of 3600 would be less than backend default lease TTL "
        + "of 10800");
    Envelope.assertErrors(onlyDefault, 400, "backend max lease TTL of 7200 would be less than backend default lease "
        + "TTL of 18000");
    assertThat(tune.get("default_lease_ttl").asLong()).isEqualTo(600);
    assertThat(tune.get("max_lease_ttl").asLong()).isEqualTo(7200);
  }

  @Test
  void theDefaultPolicyCannotBeDeleted() {
    Envelope.assertErrors(wire.delete("sys/policies/acl/default"), 400, "cannot delete default policy");
    Envelope.assertErrors(wire.delete("sys/policy/default"), 400, "cannot delete default policy");
    assertThat(wire.get("sys/policies/acl/default").status()).isEqualTo(200);
  }

  @Test
  void certLoginOverPlainHttpSaysATlsConnectionIsRequired() {
    String cert = unique("cert");
    enableAuth(cert, "cert");

    Wire.Response r = Wire.to(target).post("auth/" + cert + "/login", Map.of());

    Envelope.assertErrors(r, 400, "tls connection required");
  }

  @Test
  void aRequestWithoutATokenIsPlainPermissionDenied() {
    Wire anonymous = Wire.to(target);

    Envelope.assertErrors(anonymous.get("secret/data/app"), 403, Envelope.multierror("permission denied"));
    Envelope.assertErrors(anonymous.post("auth/token/create", Map.of()), 403,
        Envelope.multierror("permission denied"));
    Envelope.assertErrors(anonymous.header("X-Vault-Wrap-TTL", "60").post("sys/wrapping/wrap", Map.of("k", "v")),
        403, Envelope.multierror("permission denied"));
    assertThat(createToken(List.of("default"), Duration.ofMinutes(5))).as("tokens still work").isNotEmpty();
  }
}
