package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What every endpoint shares: headers, methods, request bodies and the core error texts (contract §1). */
class WireConventionContractTest extends ContractScenario {

  @Test
  void everyAnswerIsJsonAndNeverCached() {
    Wire.Response ok = wire.get("auth/token/lookup-self");
    Wire.Response noContent = wire.post("sys/policies/acl/" + unique("p"), Map.of("policy", "path \"x\" {\n"
        + "  capabilities = [\"read\"]\n}"));
    Wire.Response denied = Wire.to(target).get("auth/token/lookup-self");

    for (Wire.Response r : List.of(ok, noContent, denied)) {
      assertThat(r.header("Cache-Control")).as("status %s", r.status()).isEqualTo("no-store");
      assertThat(r.header("Content-Type")).as("status %s", r.status()).startsWith("application/json");
    }
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(noContent.body()).isEmpty();
    assertThat(denied.status()).isEqualTo(403);
  }

  @Test
  void aBearerTokenWorksAndXVaultTokenWinsOverIt() {
    Wire bearerOnly = Wire.to(target).header("Authorization", "Bearer " + target.rootToken());
    Wire both = wire.header("Authorization", "Bearer hvs.not-a-token");

    assertThat(bearerOnly.get("auth/token/lookup-self").status()).isEqualTo(200);
    assertThat(both.get("auth/token/lookup-self").status()).isEqualTo(200);
  }

  @Test
  void badJsonAndPatchWithoutMergePatchAreRejected() {
    String kv = unique("kv2");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "2")));

    Envelope.assertErrors(wire.post(kv + "/data/app", "{not json"), 400, "error parsing JSON");
    Wire.Response patch = wire.header("Content-Type", "application/json").send("PATCH", kv + "/data/app",
        Map.of("data", Map.of("k", "v")));
    assertThat(patch.status()).isEqualTo(415);
    assertThat(patch.errors()).singleElement().asString()
        .startsWith("PATCH requires Content-Type of application/merge-patch+json, provided application/json");
  }

  @Test
  void unsupportedPathsAndOperationsInsideAMountUseTheMultierrorTexts() {
    String pki = unique("pki");
    enableSecrets(pki, "pki", Map.of());

    Envelope.assertErrors(wire.get(pki + "/no/such/endpoint"), 404, Envelope.multierror("unsupported path"));
    Envelope.assertErrors(wire.delete(pki + "/issue/some-role"), 405, Envelope.multierror("unsupported operation"));
  }

  @Test
  void aListParameterThatIsNotABoolIsABadRequest() {
    Envelope.assertErrors(wire.get("secret/metadata/?list=maybe"), 400);
  }

  @Test
  void unknownMethodsAreRejectedWithAnEmptyErrorList() {
    Envelope.assertErrors(wire.send("BREW", "auth/token/lookup-self", null), 405);
  }

  @Test
  void unknownParametersAreIgnoredWithAWarning() {
    Wire.Response r = wire.expect(200, "POST", "auth/token/create", Map.of("policies", List.of("default"),
        "ttl", "10m", "colour", "blue"));

    assertThat(r.json().get("warnings")).extracting(JsonNode::asText)
        .contains("Endpoint ignored these unrecognized parameters: [colour]");
  }

  @Test
  void theSameMountAnswersSysMountsAll() {
    Wire.Response mountsAll = wire.get("sys/mounts-all/secret/some/path");
    Wire.Response uiMounts = wire.get("sys/internal/ui/mounts/secret/some/path");

    if (!target.isEmulator()) {
      // newer than sys/internal/ui/mounts, and unconfirmed in released servers (contract §5, §19.2)
      Assumptions.assumeTrue(mountsAll.status() != 404,
          () -> target.name() + " has no sys/mounts-all");
    }
    assertThat(mountsAll.status()).isEqualTo(200);
    assertThat(mountsAll.data()).isEqualTo(uiMounts.data());
  }
}
