package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.vault.VaultException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sys/leases lookup, renew, revoke (sync and async) and revoke-prefix (contract §7.2–7.4), on PKI leases, which every
 * Vault can issue without an outside system. Renewable leases and renewal capping: {@link DatabaseContractTest}.
 */
class LeaseContractTest extends ContractScenario {

  private String pki;

  @BeforeEach
  void mount() {
    pki = pkiWithLeasedRole();
  }

  private String issueLease() {
    Wire.Response r = wire.expect(200, "POST", pki + "/issue/leased", Map.of("common_name", "app.example.com"));
    assertThat(r.json().get("renewable").asBoolean()).isFalse();
    assertThat(r.json().get("lease_duration").asLong()).isBetween(3500L, 3600L);
    return r.json().get("lease_id").asText();
  }

  @Test
  void lookupDescribesTheLease() {
    String leaseId = issueLease();

    Wire.Response r = wire.post("sys/leases/lookup", Map.of("lease_id", leaseId));

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json());
    JsonNode d = r.data();
    assertThat(d.get("id").asText()).isEqualTo(leaseId);
    assertThat(d.get("issue_time").asText()).matches("\\d{4}-.*");
    assertThat(d.get("expire_time").asText()).matches("\\d{4}-.*");
    assertThat(d.get("last_renewal").isNull()).isTrue();
    assertThat(d.get("renewable").asBoolean()).isFalse();
    assertThat(d.get("ttl").asLong()).isBetween(3500L, 3600L);
    assertThat(root.lookupLease(leaseId).data().path("id").asText()).isEqualTo(leaseId);
  }

  @Test
  void renewRefusesWhatCannotBeRenewed() {
    String leaseId = issueLease();

    Envelope.assertErrors(wire.post("sys/leases/renew", Map.of("lease_id", leaseId)), 400, "lease is not renewable");
    Envelope.assertErrors(wire.post("sys/leases/renew", Map.of()), 400, "lease_id must be specified");
    Envelope.assertErrors(wire.post("sys/leases/renew", Map.of("lease_id", pki + "/issue/leased/nope")), 400,
        "lease not found");
    Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", pki + "/issue/leased/nope")), 400,
        "invalid lease");
    Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of()), 400, "lease_id must be specified");
  }

  @Test
  void revokeIsSynchronousByDefaultAndAcceptedWhenAsked() {
    String syncLease = issueLease();
    String asyncLease = issueLease();

    Wire.Response sync = wire.post("sys/leases/revoke", Map.of("lease_id", syncLease));
    Wire.Response async = wire.post("sys/leases/revoke", Map.of("lease_id", asyncLease, "sync", false));

    assertThat(sync.status()).isEqualTo(204);
    assertThat(sync.body()).isEmpty();
    Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", syncLease)), 400, "invalid lease");
    assertThat(async.status()).isEqualTo(202);
    eventually(() -> Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", asyncLease)), 400,
        "invalid lease"));
    Envelope.assertErrors(wire.post("sys/leases/revoke", Map.of()), 400, "lease_id must be specified");
  }

  @Test
  void revokePrefixRevokesEveryLeaseUnderThePrefix() {
    String a = issueLease();
    String b = issueLease();

    Wire.Response r = wire.post("sys/leases/revoke-prefix/" + pki + "/issue/leased", null);

    assertThat(r.status()).isEqualTo(204);
    eventually(() -> {
      Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", a)), 400, "invalid lease");
      Envelope.assertErrors(wire.post("sys/leases/lookup", Map.of("lease_id", b)), 400, "invalid lease");
    });
  }

  @Test
  void revokePrefixNeedsSudo() {
    String policy = unique("leases");
    writePolicy(policy, "path \"sys/leases/revoke-prefix/*\" { capabilities = [\"update\"] }");
    String token = createToken(List.of(policy), Duration.ofMinutes(10));

    assertThat(wire.token(token).post("sys/leases/revoke-prefix/" + pki, null).status()).isEqualTo(403);
  }

  @Test
  void theClientRevokesThroughSysLeases() {
    String leaseId = issueLease();

    root.revokeLease(leaseId);

    VaultException e = Assertions.catchThrowableOfType(VaultException.class, () -> root.lookupLease(leaseId));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors()).containsExactly("invalid lease");
  }
}
