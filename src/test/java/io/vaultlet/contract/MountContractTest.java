package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sys/mounts, sys/auth and sys/internal/ui/mounts (contract §1.5 top-level duplication, §5). */
class MountContractTest extends ContractScenario {

  @Test
  void anEnabledMountIsListedInDataAndAtTheTopLevel() {
    String path = unique("kv");
    Wire.Response enabled = wire.post("sys/mounts/" + path,
        Map.of("type", "kv", "description", "contract kv", "options", Map.of("version", "2")));

    Wire.Response list = wire.get("sys/mounts");

    assertThat(enabled.status()).isEqualTo(204);
    assertThat(enabled.body()).isEmpty();
    Envelope.assertEnvelope(list.json());
    JsonNode mount = list.data().get(path + "/");
    assertThat(mount.get("type").asText()).isEqualTo("kv");
    assertThat(mount.get("description").asText()).isEqualTo("contract kv");
    assertThat(mount.get("options").get("version").asText()).isEqualTo("2");
    assertThat(mount.get("accessor").asText()).isNotEmpty();
    assertThat(list.json().get(path + "/")).as("sys/mounts repeats data at the top").isEqualTo(mount);
    assertThat(wire.get("sys/mounts/" + path).data().get("type").asText()).isEqualTo("kv");
  }

  @Test
  void tuningChangesTheLeaseTtlsAKvV1ReadReports() {
    String path = unique("kv1");
    enableSecrets(path, "kv", Map.of("options", Map.of("version", "1")));
    wire.expect(204, "POST", path + "/app", Map.of("k", "v"));

    Wire.Response tuned = wire.post("sys/mounts/" + path + "/tune",
        Map.of("default_lease_ttl", "1h", "max_lease_ttl", "2h"));
    Wire.Response tune = wire.get("sys/mounts/" + path + "/tune");

    assertThat(tuned.status()).isIn(200, 204);
    assertThat(tune.data().get("default_lease_ttl").asLong()).isEqualTo(3600);
    assertThat(tune.data().get("max_lease_ttl").asLong()).isEqualTo(7200);
    assertThat(wire.get(path + "/app").json().get("lease_duration").asLong()).isEqualTo(3600);
  }

  @Test
  void aDisabledMountIsGoneAndItsPathsHaveNoHandler() {
    String path = unique("kv");
    enableSecrets(path, "kv", Map.of("options", Map.of("version", "1")));
    wire.expect(204, "POST", path + "/app", Map.of("k", "v"));

    Wire.Response disabled = wire.delete("sys/mounts/" + path);

    assertThat(disabled.status()).isEqualTo(204);
    assertThat(wire.get("sys/mounts").data().has(path + "/")).isFalse();
    Envelope.assertErrors(wire.get(path + "/app"), 404,
        "no handler for route \"" + path + "/app\". route entry not found.");
  }

  @Test
  void authMethodsAreListedWithTheTokenMethod() {
    String path = unique("approle");
    Wire.Response enabled = wire.post("sys/auth/" + path, Map.of("type", "approle", "description", "apps"));

    Wire.Response list = wire.get("sys/auth");

    assertThat(enabled.status()).isEqualTo(204);
    Envelope.assertEnvelope(list.json());
    assertThat(list.data().get(path + "/").get("type").asText()).isEqualTo("approle");
    assertThat(list.data().get(path + "/").get("description").asText()).isEqualTo("apps");
    assertThat(list.data().get("token/").get("type").asText()).isEqualTo("token");
    assertThat(list.json().get(path + "/")).isEqualTo(list.data().get(path + "/"));
  }

  @Test
  void internalUiMountsDescribesTheMountServingAnyPathInsideIt() {
    String path = unique("kv");
    enableSecrets(path, "kv", Map.of("options", Map.of("version", "2")));

    Wire.Response r = wire.get("sys/internal/ui/mounts/" + path + "/app/config");

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    assertThat(r.data().get("path").asText()).isEqualTo(path + "/");
    assertThat(r.data().get("type").asText()).isEqualTo("kv");
    assertThat(r.data().get("options").get("version").asText()).isEqualTo("2");
    assertThat(r.data().get("config").has("default_lease_ttl")).isTrue();
    assertThat(root.secretPath(path + "/app")).isEqualTo(path + "/data/app");
  }

  @Test
  void internalUiMountsNeedsSomeCapabilityInsideTheMountAndHidesUnknownMounts() {
    String path = unique("kv");
    enableSecrets(path, "kv", Map.of("options", Map.of("version", "2")));
    String policy = unique("reader");
    writePolicy(policy, "path \"" + path + "/data/app\" { capabilities = [\"read\"] }");
    Wire reader = wire.token(createToken(List.of(policy), Duration.ofMinutes(10)));
    Wire outsider = wire.token(createToken(List.of("default"), Duration.ofMinutes(10)));

    assertThat(reader.get("sys/internal/ui/mounts/" + path).status()).isEqualTo(200);
    // the same answer for a mount the token cannot reach and for no mount at all (contract §5)
    Envelope.assertErrors(outsider.get("sys/internal/ui/mounts/" + path + "/app"), 403, "preflight capability "
        + "check returned 403, please ensure client's policies grant access to path \"" + path + "/app/\"");
    Envelope.assertErrors(wire.get("sys/internal/ui/mounts/no-such-mount-here/x"), 403, "preflight capability "
        + "check returned 403, please ensure client's policies grant access to path \"no-such-mount-here/x/\"");
    assertThat(Wire.to(target).token("hvs.not-a-real-token-at-all").get("sys/internal/ui/mounts/" + path)
        .status()).isEqualTo(403);
  }

  @Test
  void internalUiMountsWithoutAPathListsTheMountsATokenCanSee() {
    String path = unique("kv");
    enableSecrets(path, "kv", Map.of("options", Map.of("version", "2")));

    Wire.Response withRoot = wire.get("sys/internal/ui/mounts");
    Wire.Response anonymous = Wire.to(target).get("sys/internal/ui/mounts");

    assertThat(withRoot.status()).isEqualTo(200);
    assertThat(withRoot.data().get("secret").get(path + "/").get("type").asText()).isEqualTo("kv");
    assertThat(withRoot.data().get("secret").get(path + "/").get("options").get("version").asText()).isEqualTo("2");
    assertThat(withRoot.data().get("auth").has("token/")).isTrue();
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.data().path("secret").has(path + "/")).as("not listed without a token").isFalse();
  }
}
