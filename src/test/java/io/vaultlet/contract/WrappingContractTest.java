package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultRequest;
import io.vaultlet.vault.VaultResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response wrapping: wrap, lookup, single-use unwrap, rewrap (contract §11). */
class WrappingContractTest extends ContractScenario {

  private static final String INVALID = "wrapping token is not valid or does not exist";

  private static Wire.Response wrapped(Wire.Response r) {
    assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    assertThat(r.json().get("request_id").asText()).as("a wrapped response has no request id").isEmpty();
    Envelope.assertNoLease(r.json());
    assertThat(r.json().get("data").isNull()).isTrue();
    assertThat(r.json().get("warnings").isNull()).isTrue();
    assertThat(r.json().get("auth").isNull()).isTrue();
    return r;
  }

  @Test
  void aWrappedReadCarriesOnlyWrapInfoAndUnwrapsOnceToTheOriginalEnvelope() {
    String kv = unique("kv2");
    enableSecrets(kv, "kv", Map.of("options", Map.of("version", "2")));
    wire.ok("POST", kv + "/data/app", Map.of("data", Map.of("password", "pw-wrapped")));

    Wire.Response r = wrapped(wire.header("X-Vault-Wrap-TTL", "5m").get(kv + "/data/app"));
    JsonNode info = r.json().get("wrap_info");
    String token = info.get("token").asText();
    Wire.Response unwrapped = Wire.to(target).token(token).post("sys/wrapping/unwrap", null);
    Wire.Response again = Wire.to(target).token(token).post("sys/wrapping/unwrap", null);

    assertThat(token).isNotEmpty();
    assertThat(info.get("accessor").asText()).isNotEmpty();
    assertThat(info.get("ttl").asLong()).isEqualTo(300);
    assertThat(info.get("creation_time").asText()).matches("\\d{4}-.*");
    assertThat(info.get("creation_path").asText()).isEqualTo(kv + "/data/app");
    assertThat(info.has("wrapped_accessor")).as("omitted when empty").isFalse();
    assertThat(unwrapped.status()).isEqualTo(200);
    assertThat(unwrapped.json().get("request_id").asText()).as("the original request id").isNotEmpty();
    assertThat(unwrapped.data().get("data").get("password").asText()).isEqualTo("pw-wrapped");
    Envelope.assertErrors(again, 400, INVALID);
  }

  @Test
  void lookupIsUnauthenticatedAndDoesNotConsumeTheToken() {
    String token = wrapped(wire.header("X-Vault-Wrap-TTL", "300").post("sys/wrapping/wrap", Map.of("zip", "zap")))
        .json().get("wrap_info").get("token").asText();

    Wire.Response lookup = Wire.to(target).post("sys/wrapping/lookup", Map.of("token", token));
    Wire.Response lookupAgain = Wire.to(target).post("sys/wrapping/lookup", Map.of("token", token));

    assertThat(lookup.status()).isEqualTo(200);
    Envelope.assertEnvelope(lookup.json());
    assertThat(lookup.data().get("creation_path").asText()).isEqualTo("sys/wrapping/wrap");
    assertThat(lookup.data().get("creation_ttl").asLong()).isEqualTo(300);
    assertThat(lookup.data().get("creation_time").asText()).matches("\\d{4}-.*");
    assertThat(lookupAgain.status()).isEqualTo(200);
    assertThat(client(null).unwrap(token).orElseThrow().data().path("zip").asText()).isEqualTo("zap");
    Envelope.assertErrors(Wire.to(target).post("sys/wrapping/lookup", Map.of("token", token)), 400, INVALID);
  }

  @Test
  void rewrapIssuesANewTokenForTheSameResponseAndRetiresTheOldOne() {
    String first = wrapped(wire.header("X-Vault-Wrap-TTL", "300").post("sys/wrapping/wrap", Map.of("k", "v")))
        .json().get("wrap_info").get("token").asText();

    Wire.Response rewrapped = wrapped(wire.post("sys/wrapping/rewrap", Map.of("token", first)));
    String second = rewrapped.json().get("wrap_info").get("token").asText();

    assertThat(second).isNotEqualTo(first);
    assertThat(rewrapped.json().get("wrap_info").get("creation_path").asText()).isEqualTo("sys/wrapping/wrap");
    Envelope.assertErrors(wire.post("sys/wrapping/unwrap", Map.of("token", first)), 400, INVALID);
    assertThat(wire.post("sys/wrapping/unwrap", Map.of("token", second)).data().get("k").asText()).isEqualTo("v");
  }

  @Test
  void aWrappedTokenCreateNamesTheWrappedAccessor() {
    VaultResponse r = root.send(VaultRequest.post("auth/token/create")
        .body(Map.of("policies", List.of("default"), "ttl", "1h")).wrapTtl(Duration.ofMinutes(2)).build())
        .orElseThrow();
    VaultResponse.WrapInfo info = r.wrapInfo().orElseThrow();

    VaultResponse unwrapped = client(null).unwrap(info.token()).orElseThrow();

    assertThat(info.creationPath()).isEqualTo("auth/token/create");
    assertThat(info.ttl()).isEqualTo(120);
    assertThat(unwrapped.auth().orElseThrow().accessor()).isEqualTo(info.wrappedAccessor());
    VaultClient unwrappedToken = client(unwrapped.auth().orElseThrow().clientToken());
    assertThat(unwrappedToken.lookupSelf().data().path("ttl").asLong()).isBetween(3500L, 3600L);
  }

  @Test
  void anOrdinaryTokenIsNotAWrappingToken() {
    String token = createToken(List.of("default"), Duration.ofMinutes(5));

    Envelope.assertErrors(Wire.to(target).token(token).post("sys/wrapping/unwrap", null), 400, INVALID);
    Envelope.assertErrors(Wire.to(target).post("sys/wrapping/lookup", Map.of("token", "hvs.nothing-like-it")), 400,
        INVALID);
  }

  @Test
  void errorsAndEmptyAnswersAreNotWrapped() {
    Wire wrapping = wire.header("X-Vault-Wrap-TTL", "5m");

    Envelope.assertErrors(wrapping.get("secret/data/" + unique("absent")), 404);
    Wire.Response noContent = wrapping.send("PUT", "sys/policies/acl/" + unique("p"),
        Map.of("policy", "path \"x\" {\n  capabilities = [\"read\"]\n}"));
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(noContent.body()).isEmpty();
  }

  @Test
  void aNegativeWrapTtlIsABadRequest() {
    Wire.Response r = wire.header("X-Vault-Wrap-TTL", "-5").post("sys/wrapping/wrap", Map.of("k", "v"));

    assertThat(r.status()).isEqualTo(400);
    List<String> errors = new ArrayList<>(r.errors());
    assertThat(errors).singleElement().asString().contains("requested wrap ttl cannot be negative");
  }

  @Test
  void wrapNeedsAWrapTtlAndItsDataComesBackOnUnwrap() {
    Envelope.assertErrors(wire.post("sys/wrapping/wrap", Map.of("k", "v")), 400,
        "endpoint requires response wrapping to be used");

    Wire.Response wrapped = wire.header("X-Vault-Wrap-TTL", "90s").post("sys/wrapping/wrap",
        Map.of("api_key", "wrapped-value-1", "n", 7));
    JsonNode info = wrapped.json().get("wrap_info");
    Wire.Response unwrapped = Wire.to(target).token(info.get("token").asText()).post("sys/wrapping/unwrap", null);

    assertThat(wrapped.status()).isEqualTo(200);
    assertThat(info.get("ttl").asLong()).isEqualTo(90);
    assertThat(info.get("creation_path").asText()).isEqualTo("sys/wrapping/wrap");
    assertThat(unwrapped.data().get("api_key").asText()).isEqualTo("wrapped-value-1");
    assertThat(unwrapped.data().get("n").asInt()).isEqualTo(7);
  }
}
