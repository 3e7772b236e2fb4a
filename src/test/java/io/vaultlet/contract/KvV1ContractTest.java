package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.VaultResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KV version 1 (contract §6.1). */
class KvV1ContractTest extends ContractScenario {

  private String kv;

  @BeforeEach
  void mount() {
    kv = unique("kv1");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "1")));
  }

  @Test
  void aWrittenSecretReadsBackWithTheMountDefaultLeaseDurationButNoLease() {
    Wire.Response written = wire.post(kv + "/app", Map.of("user", "alice", "port", 5432));

    Wire.Response read = wire.get(kv + "/app");

    assertThat(written.status()).isEqualTo(204);
    assertThat(read.status()).isEqualTo(200);
    Envelope.assertEnvelope(read.json(), "kv");
    assertThat(read.json().get("lease_id").asText()).isEmpty();
    assertThat(read.json().get("renewable").asBoolean()).isFalse();
    assertThat(read.json().get("lease_duration").asLong()).as("system default 768h").isEqualTo(2764800);
    assertThat(read.data().get("user").asText()).isEqualTo("alice");
    assertThat(read.data().get("port").isIntegralNumber()).isTrue();
    assertThat(read.json().get("wrap_info").isNull()).isTrue();
    assertThat(read.json().get("warnings").isNull()).isTrue();
    assertThat(read.json().get("auth").isNull()).isTrue();
  }

  @Test
  void aTtlKeyInTheSecretSetsTheLeaseDuration() {
    wire.expect(204, "POST", kv + "/rotating", Map.of("password", "pw-kv1-ttl", "ttl", "1h"));

    assertThat(wire.get(kv + "/rotating").json().get("lease_duration").asLong()).isEqualTo(3600);
  }

  @Test
  void listsKeysWithFoldersEndingInASlashAnd404sWhenEmpty() {
    wire.expect(204, "POST", kv + "/a", Map.of("k", "v"));
    wire.expect(204, "POST", kv + "/dir/b", Map.of("k", "v"));

    Wire.Response list = wire.get(kv + "/?list=true");
    Wire.Response listVerb = wire.send("LIST", kv + "/dir", null);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.data().get("keys")).extracting(n -> n.asText()).containsExactly("a", "dir/");
    assertThat(listVerb.data().get("keys")).extracting(n -> n.asText()).containsExactly("b");
    Envelope.assertErrors(wire.get(kv + "/nothing/?list=true"), 404);
  }

  @Test
  void missingAndDeletedSecretsAre404WithAnEmptyErrorList() {
    wire.expect(204, "POST", kv + "/app", Map.of("k", "v"));

    Wire.Response deleted = wire.delete(kv + "/app");

    assertThat(deleted.status()).isEqualTo(204);
    Envelope.assertErrors(wire.get(kv + "/app"), 404);
    Envelope.assertErrors(wire.get(kv + "/never-written"), 404);
  }

  @Test
  void theClientReadsV1PathsAsGivenAndAbsentSecretsAsEmpty() {
    root.write(kv + "/app", Map.of("user", "alice"));

    VaultResponse r = root.readSecret(kv + "/app", Map.of()).orElseThrow();

    assertThat(root.secretPath(kv + "/app")).isEqualTo(kv + "/app");
    assertThat(r.data().path("user").asText()).isEqualTo("alice");
    assertThat(r.leaseDuration()).isEqualTo(2764800);
    assertThat(root.readSecret(kv + "/absent", Map.of())).isEmpty();
  }
}
