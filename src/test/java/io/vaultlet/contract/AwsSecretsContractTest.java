package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.vault.VaultResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS secrets: IAM-user and STS credentials and their leases (contract §9). A real Vault would call AWS IAM and STS
 * with the configured root keys, so these scenarios need the emulator's stand-in.
 */
class AwsSecretsContractTest extends ContractScenario {

  private String aws;

  @BeforeEach
  void mountWithRoles() {
    assumeEmulator("an AWS account for the aws secrets engine to call");
    aws = unique("aws");
    enableSecrets(aws, "aws", Map.of());
    wire.ok("POST", aws + "/config/root", Map.of("access_key", "AKIAROOTEXAMPLE00000",
        "secret_key", "contract-root-secret-key", "region", "us-east-1"));
    wire.ok("POST", aws + "/config/lease", Map.of("lease", "30m", "lease_max", "2h"));
    wire.ok("POST", aws + "/roles/deploy", Map.of("credential_type", "iam_user",
        "policy_arns", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
    wire.ok("POST", aws + "/roles/assume", Map.of("credential_type", "assumed_role",
        "role_arns", "arn:aws:iam::123456789012:role/DeveloperRole", "default_sts_ttl", "15m", "max_sts_ttl", "1h"));
  }

  @Test
  void iamUserCredsHaveARenewableLeaseFromConfigLease() {
    Wire.Response r = wire.get(aws + "/creds/deploy");

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json(), "aws");
    assertThat(r.json().get("lease_id").asText()).startsWith(aws + "/creds/deploy/");
    assertThat(r.json().get("renewable").asBoolean()).isTrue();
    assertThat(r.json().get("lease_duration").asLong()).isEqualTo(1800);
    assertThat(r.data().get("access_key").asText()).matches("AKIA[A-Z0-9]{16}");
    assertThat(r.data().get("secret_key").asText()).hasSize(40);
    assertThat(r.data().get("security_token").isNull()).isTrue();
    assertThat(wire.post("sys/leases/renew", Map.of("lease_id", r.json().get("lease_id").asText(), "increment", 600))
        .json().get("lease_duration").asLong()).isEqualTo(600);
  }

  @Test
  void assumedRoleCredsCarryASessionTokenAndCannotBeRenewed() {
    VaultResponse r = root.read(aws + "/creds/assume").orElseThrow();

    assertThat(r.renewable()).isFalse();
    assertThat(r.leaseDuration()).isEqualTo(900);
    assertThat(r.data().path("access_key").asText()).startsWith("ASIA");
    assertThat(r.data().path("security_token").asText()).isNotBlank();
    Envelope.assertErrors(wire.post("sys/leases/renew", Map.of("lease_id", r.leaseId())), 400,
        "lease is not renewable");
  }

  @Test
  void revokedCredsAreGone() {
    VaultResponse r = root.read(aws + "/creds/deploy").orElseThrow();

    root.revokeLease(r.leaseId());

    Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", r.leaseId())), 400, "invalid lease");
  }
}
