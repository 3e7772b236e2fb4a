package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ACL policies and the 403 bodies (contract §1.6, §3, §18). */
class PolicyContractTest extends ContractScenario {

  @Test
  void aPolicyIsWrittenReadListedAndDeleted() {
    String name = unique("policy");
    String hcl = "path \"secret/data/app\" {\n  capabilities = [\"read\"]\n}\n";

    Wire.Response written = wire.send("PUT", "sys/policies/acl/" + name, Map.of("policy", hcl));
    Wire.Response read = wire.get("sys/policies/acl/" + name);
    Wire.Response list = wire.get("sys/policies/acl?list=true");
    Wire.Response deleted = wire.delete("sys/policies/acl/" + name);

    assertThat(written.status()).isEqualTo(204);
    Envelope.assertEnvelope(read.json());
    assertThat(read.data().get("name").asText()).isEqualTo(name);
    assertThat(read.data().get("policy").asText()).isEqualTo(hcl);
    assertThat(list.data().get("keys")).extracting(n -> n.asText()).contains(name, "default", "root");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(wire.get("sys/policies/acl/" + name).status()).isEqualTo(404);
  }

  @Test
  void aLimitedTokenReadsWhatItsPolicyGrantsAndGetsPermissionDeniedElsewhere() {
    String kv = unique("kv");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "2")));
    wire.ok("POST", kv + "/data/allowed/app", Map.of("data", Map.of("k", "v")));
    wire.ok("POST", kv + "/data/other", Map.of("data", Map.of("k", "v")));
    String policy = unique("reader");
    writePolicy(policy, "path \"" + kv + "/data/allowed/*\" { capabilities = [\"read\"] }");
    Wire limited = wire.token(createToken(List.of(policy), Duration.ofMinutes(10)));

    assertThat(limited.get(kv + "/data/allowed/app").status()).isEqualTo(200);
    Envelope.assertErrors(limited.get(kv + "/data/other"), 403, Envelope.multierror("permission denied"));
    Envelope.assertErrors(limited.post(kv + "/data/allowed/app", Map.of("data", Map.of("k", "w"))), 403,
        Envelope.multierror("permission denied"));
  }

  @Test
  void anUnknownTokenIsPermissionDeniedAndInvalid() {
    Wire.Response r = wire.token("hvs.not-a-real-token-at-all").get("secret/data/app");

    Envelope.assertErrors(r, 403, Envelope.multierror("permission denied", "invalid token"));
  }

  @Test
  void capabilitiesSelfReportsWhatThePolicyGrants() {
    String policy = unique("caps");
    writePolicy(policy, "path \"secret/data/caps/*\" { capabilities = [\"read\", \"list\"] }");
    Wire limited = wire.token(createToken(List.of(policy), Duration.ofMinutes(10)));

    Wire.Response r = limited.post("sys/capabilities-self", Map.of("paths", List.of("secret/data/caps/a",
        "secret/data/elsewhere")));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("secret/data/caps/a")).extracting(n -> n.asText())
        .containsExactlyInAnyOrder("read", "list");
    assertThat(r.data().get("secret/data/elsewhere")).extracting(n -> n.asText()).containsExactly("deny");
  }

  @Test
  void removingAPolicyTakesEffectOnExistingTokens() {
    String kv = unique("kv");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "1")));
    wire.expect(204, "POST", kv + "/app", Map.of("k", "v"));
    String policy = unique("reader");
    writePolicy(policy, "path \"" + kv + "/*\" { capabilities = [\"read\"] }");
    Wire limited = wire.token(createToken(List.of(policy), Duration.ofMinutes(10)));
    assertThat(limited.get(kv + "/app").status()).isEqualTo(200);

    wire.expect(204, "DELETE", "sys/policies/acl/" + policy, null);

    assertThat(limited.get(kv + "/app").status()).isEqualTo(403);
  }
}
