package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SysStatusTest extends EmulatorTest {

  @Test
  void healthOfAnActiveNodeIs200WithABareBodyAndNoToken() {
    Http.Response r = vault.withToken(null).get("/v1/sys/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).containsEntry("initialized", true).containsEntry("sealed", false)
        .containsEntry("standby", false).containsKey("cluster_id").doesNotContainKey("request_id");
    assertThat(r.json().get("server_time_utc")).isEqualTo((int) START.getEpochSecond());
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void sealedNodeAnswersHealthWithSealedCodeAndEveryLogicalPathWith503() {
    vault.post("/_dev/mode", Map.of("mode", "sealed"));

    Http.Response health = vault.get("/v1/sys/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json()).containsEntry("sealed", true).containsEntry("standby", true)
        .containsEntry("replication_dr_mode", "unknown").doesNotContainKey("cluster_name");
    assertThat(vault.get("/v1/sys/health?sealedcode=200").status()).isEqualTo(200);
    assertThat(vault.get("/v1/sys/seal-status").json()).containsEntry("sealed", true);
    assertThat(vault.get("/v1/sys/seal-status").status()).isEqualTo(200);

    Http.Response kv = vault.get("/v1/secret/data/app");
    assertThat(kv.status()).isEqualTo(503);
    assertThat(kv.errors()).containsExactly("Vault is sealed");
  }

  @Test
  void standbyCodesFollowTheQueryOverrides() {
    vault.post("/_dev/mode", Map.of("mode", "standby"));
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(429);
    assertThat(vault.get("/v1/sys/health?standbyok=true").status()).isEqualTo(200);
    assertThat(vault.get("/v1/sys/health?standbycode=299").status()).isEqualTo(299);

    vault.post("/_dev/mode", Map.of("mode", "perfstandby"));
    assertThat(vault.get("/v1/sys/health").status()).isEqualTo(473);
    assertThat(vault.get("/v1/sys/health?standbyok=true").status()).as("standbyok is not perfstandbyok")
        .isEqualTo(473);
    assertThat(vault.get("/v1/sys/health?perfstandbyok=true").status()).isEqualTo(200);

    vault.post("/_dev/mode", Map.of("mode", "uninitialized"));
    Http.Response r = vault.get("/v1/sys/health");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.json()).containsEntry("initialized", false);
  }

  @Test
  void badHealthParametersAre400WithAnEmptyErrorList() {
    Http.Response r = vault.get("/v1/sys/health?standbyok=maybe");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).isEmpty();
    assertThat(vault.get("/v1/sys/health?activecode=abc").status()).isEqualTo(400);
  }

  @Test
  void headHealthHasNoBodyAndOtherMethodsAre405() {
    Http.Response head = vault.send("HEAD", "/v1/sys/health", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    Http.Response post = vault.post("/v1/sys/health", Map.of());
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.errors()).isEmpty();
  }

  @Test
  void leaderReportsNoHa() {
    Http.Response r = vault.get("/v1/sys/leader");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).containsEntry("ha_enabled", false);
  }

  @Test
  void unknownMethodIs405AndPathsOutsideV1Are404() {
    Http.Response r = vault.send("BREW", "/v1/secret/data/x", null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.errors()).isEmpty();
    Http.Response ui = vault.get("/nothing-here");
    assertThat(ui.status()).isEqualTo(404);
    assertThat(ui.errors()).isEmpty();
  }

  @Test
  void standbyRedirectsWith307WhenForwardingIsRefused() {
    vault.post("/_dev/mode", Map.of("mode", "standby", "active_address", "http://10.0.0.11:8200"));
    Http.Response r = vault.withHeader("X-Vault-No-Request-Forwarding", "true").get("/v1/secret/data/app?version=2");
    assertThat(r.status()).isEqualTo(307);
    assertThat(r.header("Location")).isEqualTo("http://10.0.0.11:8200/v1/secret/data/app?version=2");
    assertThat(r.body()).isEmpty();
    assertThat(vault.get("/v1/auth/token/lookup-self").status()).as("forwarded transparently").isEqualTo(200);
    assertThat(vault.get("/v1/sys/leader").json()).containsEntry("ha_enabled", true).containsEntry("is_self", false)
        .containsEntry("leader_address", "http://10.0.0.11:8200");
    assertThat(vault.withHeader("X-Vault-No-Request-Forwarding", "1").get("/v1/sys/health").status())
        .as("health is never forwarded").isEqualTo(429);

    vault.post("/_dev/mode", Map.of("mode", "standby"));
    Http.Response noActive = vault.withHeader("X-Vault-No-Request-Forwarding", "1").get("/v1/secret/data/app");
    assertThat(noActive.status()).isEqualTo(503);
    assertThat(noActive.errors()).containsExactly("no active Vault instance found");
  }

  @Test
  void mountTypeCanBeSwitchedOffLikeOlderServers() {
    assertThat(vault.get("/v1/auth/token/lookup-self").json()).containsEntry("mount_type", "token");
    vault.post("/_dev/compat", Map.of("mount_type", false));
    assertThat(vault.get("/v1/auth/token/lookup-self").json()).doesNotContainKey("mount_type")
        .containsKey("request_id");
  }
}
