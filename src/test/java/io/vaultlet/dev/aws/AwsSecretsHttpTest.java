package io.vaultlet.dev.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aws/ secrets over real HTTP against the in-process emulator. */
class AwsSecretsHttpTest {

  private DevServer vault;
  private VaultHttp http;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.defaults());
    http = new VaultHttp(vault.address(), vault.rootToken());
    http.write("sys/mounts/aws", Map.of("type", "aws"));
    http.write("aws/config/root", Map.of("access_key", "AKIAROOTEXAMPLE00000", "secret_key", "root-secret-not-returned-xx",
        "region", "eu-west-1"));
    http.write("aws/config/lease", Map.of("lease", "30m", "lease_max", "2h"));
    http.write("aws/roles/deploy", Map.of("credential_type", "iam_user", "policy_arns", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
    http.write("aws/roles/assume", Map.of("credential_type", "assumed_role",
        "role_arns", "arn:aws:iam::123456789012:role/DeveloperRole", "default_sts_ttl", "15m", "max_sts_ttl", "1h"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void iamUserCredsLookLikeAwsKeysWithARenewableLease() {
    VaultHttp.Response r = http.get("aws/creds/deploy");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.string("access_key")).matches("AKIA[A-Z2-7]{16}");
    assertThat(r.string("secret_key")).hasSize(40);
    assertThat(r.data()).containsEntry("security_token", null);
    assertThat(r.json()).containsEntry("renewable", true).containsEntry("lease_duration", 1800);
    assertThat(http.get("aws/config/root").body()).doesNotContain("root-secret-not-returned-xx");
  }

  @Test
  void assumedRoleCredsCarryASessionTokenAndAreNotRenewable() {
    VaultHttp.Response r = http.post("aws/sts/assume", Map.of("ttl", "30m"));

    assertThat(r.string("access_key")).matches("ASIA[A-Z2-7]{16}");
    assertThat(r.string("secret_key")).hasSize(40);
    assertThat(r.string("security_token")).isNotBlank();
    assertThat(r.string("arn")).startsWith("arn:aws:sts::123456789012:assumed-role/DeveloperRole/vault-");
    assertThat(r.json()).containsEntry("renewable", false).containsEntry("lease_duration", 1800);
  }

  @Test
  void revokeForgetsTheKeysAndExpiryDoesToo() throws Exception {
    VaultHttp.Response r = http.get("aws/creds/deploy");
    assertThat(http.post("sys/leases/revoke", Map.of("lease_id", r.json().get("lease_id"))).status()).isEqualTo(204);
    assertThat(http.post("sys/leases/lookup", Map.of("lease_id", r.json().get("lease_id"))).status()).isEqualTo(400);

    VaultHttp.Response sts = http.get("aws/creds/assume");
    vault.advanceClock(Duration.ofMinutes(16));
    assertThat(http.post("sys/leases/lookup", Map.of("lease_id", sts.json().get("lease_id"))).status()).isEqualTo(400);
  }

  @Test
  void unknownRoleIs400() {
    VaultHttp.Response r = http.get("aws/creds/nope");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).containsExactly("Role \"nope\" not found");
  }
}
