package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sys/health, sys/seal-status, sys/leader: bare bodies, status codes and query overrides (contract §2). */
class SysStatusContractTest extends ContractScenario {


  private static Wire anonymous() {
    return Wire.to(target);
  }

  @AfterEach
  void backToActive() {
    if (target != null && target.isEmulator()) {
      emulatorControl("/_dev/mode", "{\"mode\":\"active\"}");
    }
  }

  @Test
  void healthOfAnActiveNodeIs200WithABareBodyAndNoToken() {
    Wire.Response r = anonymous().get("sys/health");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode h = r.json();
    assertThat(h.has("request_id")).as("not an envelope").isFalse();
    assertThat(h.get("initialized").asBoolean()).isTrue();
    assertThat(h.get("sealed").asBoolean()).isFalse();
    assertThat(h.get("standby").asBoolean()).isFalse();
    assertThat(h.get("performance_standby").asBoolean()).isFalse();
    assertThat(h.get("replication_performance_mode").asText()).isNotEmpty();
    assertThat(h.get("replication_dr_mode").asText()).isNotEmpty();
    assertThat(h.get("server_time_utc").isIntegralNumber()).isTrue();
    assertThat(h.get("version").asText()).isNotEmpty();
    assertThat(h.get("cluster_name").asText()).isNotEmpty();
    assertThat(h.get("cluster_id").asText()).isNotEmpty();
  }

  @Test
  void activeCodeOverrideKeepsTheBodyAndStandbyOverridesDoNotApplyToAnActiveNode() {
    Wire.Response custom = anonymous().get("sys/health?activecode=299");
    Wire.Response standbyCodes = anonymous().get("sys/health?standbycode=299&perfstandbyok=true&standbyok=true");

    assertThat(custom.status()).isEqualTo(299);
    assertThat(custom.json().get("sealed").asBoolean()).isFalse();
    assertThat(standbyCodes.status()).isEqualTo(200);
  }

  @Test
  void headAnswersTheSameStatusWithoutABody() {
    Wire.Response head = anonymous().send("HEAD", "sys/health", null);
    Wire.Response overridden = anonymous().send("HEAD", "sys/health?activecode=204", null);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(overridden.status()).isEqualTo(204);
  }

  @Test
  void unparsableOverridesAndOtherMethodsGetEmptyErrorBodies() {
    Envelope.assertErrors(anonymous().get("sys/health?standbyok=maybe"), 400);
    Envelope.assertErrors(anonymous().get("sys/health?activecode=two-hundred"), 400);
    Envelope.assertErrors(anonymous().post("sys/health", null), 405);
  }

  @Test
  void theProductionClientReadsHealthAsAnAnswer() {
    VaultHealth health = client(null).health();

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.initialized()).isTrue();
    assertThat(health.sealed()).isFalse();
    assertThat(health.version()).isEqualTo(anonymous().get("sys/health").json().get("version").asText());
  }

  @Test
  void standbyPerformanceStandbySealedAndUninitialisedNodesUseTheirCodes() {
    emulatorControl("/_dev/mode", "{\"mode\":\"standby\"}");
    Wire.Response standby = anonymous().get("sys/health");
    Wire.Response standbyOk = anonymous().get("sys/health?standbyok=true");
    Wire.Response standbyCustom = anonymous().get("sys/health?standbycode=299");
    emulatorControl("/_dev/mode", "{\"mode\":\"perfstandby\"}");
    Wire.Response perf = anonymous().get("sys/health");
    Wire.Response perfWithStandbyOk = anonymous().get("sys/health?standbyok=true");
    Wire.Response perfOk = anonymous().get("sys/health?perfstandbyok=true");
    emulatorControl("/_dev/mode", "{\"mode\":\"sealed\"}");
    Wire.Response sealed = anonymous().get("sys/health");
    Wire.Response sealedSecret = wire.get("secret/data/anything");
    Wire.Response sealedStatus = anonymous().get("sys/seal-status");
    emulatorControl("/_dev/mode", "{\"mode\":\"uninitialized\"}");
    Wire.Response uninit = anonymous().get("sys/health");

    assertThat(standby.status()).isEqualTo(429);
    assertThat(standby.json().get("standby").asBoolean()).isTrue();
    assertThat(standbyOk.status()).isEqualTo(200);
    assertThat(standbyCustom.status()).isEqualTo(299);
    assertThat(perf.status()).isEqualTo(473);
    assertThat(perf.json().get("performance_standby").asBoolean()).isTrue();
    assertThat(perfWithStandbyOk.status()).as("standbyok does not apply to performance standbys").isEqualTo(473);
    assertThat(perfOk.status()).isEqualTo(200);
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.json().get("sealed").asBoolean()).isTrue();
    assertThat(sealed.json().get("standby").asBoolean()).isTrue();
    assertThat(sealed.json().has("cluster_name")).isFalse();
    assertThat(sealed.json().get("replication_dr_mode").asText()).isEqualTo("unknown");
    Envelope.assertErrors(sealedSecret, 503, "Vault is sealed");
    assertThat(sealedStatus.status()).isEqualTo(200);
    assertThat(sealedStatus.json().get("sealed").asBoolean()).isTrue();
    assertThat(uninit.status()).isEqualTo(501);
    assertThat(uninit.json().get("initialized").asBoolean()).isFalse();
  }

  @Test
  void sealStatusIsABare200BodyWithTheSealShape() {
    Wire.Response r = anonymous().get("sys/seal-status");

    assertThat(r.status()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.has("request_id")).isFalse();
    assertThat(s.get("type").asText()).isEqualTo("shamir");
    assertThat(s.get("initialized").asBoolean()).isTrue();
    assertThat(s.get("sealed").asBoolean()).isFalse();
    assertThat(s.get("t").isIntegralNumber()).isTrue();
    assertThat(s.get("n").isIntegralNumber()).isTrue();
    assertThat(s.get("progress").asInt()).isZero();
    assertThat(s.get("nonce").asText()).isEmpty();
    assertThat(s.get("version").asText()).isNotEmpty();
    assertThat(s.has("build_date")).isTrue();
    assertThat(s.get("migration").asBoolean()).isFalse();
    assertThat(s.get("recovery_seal").asBoolean()).isFalse();
    assertThat(s.get("cluster_name").asText()).isNotEmpty();
    assertThat(s.get("cluster_id").asText()).isNotEmpty();
    Envelope.assertErrors(anonymous().post("sys/seal-status", null), 405);
  }

  @Test
  void leaderOfANonHaDevServerReportsHaDisabled() {
    Wire.Response r = anonymous().get("sys/leader");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("request_id")).isFalse();
    assertThat(r.json().get("ha_enabled").asBoolean()).isFalse();
    assertThat(r.json().get("leader_address").asText()).isEmpty();
    assertThat(r.json().get("performance_standby").asBoolean()).isFalse();
    Envelope.assertErrors(anonymous().post("sys/leader", null), 405);
  }
}
