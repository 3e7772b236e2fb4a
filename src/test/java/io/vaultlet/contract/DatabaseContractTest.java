package io.vaultlet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.dev.database.EmbeddedPostgresServer;
import io.vaultlet.testing.EmbeddedPostgres;
import io.vaultlet.vault.VaultResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Database credentials against the shared embedded PostgreSQL: the lease, renewal (and its capping), revocation, and
 * the PostgreSQL login that stops working (contract §7.1–7.3, §14). The server must reach that PostgreSQL: on a
 * container target without that route the scenarios are skipped.
 */
class DatabaseContractTest extends ContractScenario {

  private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
      + "VALID UNTIL '{{expiration}}';";

  private EmbeddedPostgresServer pg;
  private String db;

  @BeforeEach
  void mountWithConnectionAndRole() {
    pg = EmbeddedPostgres.shared();
    String address = assumePresent(target.postgresAddress(pg), "a route to the test JVM's PostgreSQL");
    db = unique("database");
    enableSecrets(db, "database", Map.of());
    wire.ok("POST", db + "/config/pg", Map.of("plugin_name", "postgresql-database-plugin",
        "connection_url", "postgresql://{{username}}:{{password}}@" + address + "/postgres?sslmode=disable",
        "username", pg.superuser(), "password", pg.superuserPassword(), "allowed_roles", "*"));
    wire.ok("POST", db + "/roles/app", Map.of("db_name", "pg", "creation_statements", CREATE,
        "default_ttl", "5m", "max_ttl", "10m"));
  }

  private String whoAmI(String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), user, password);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void loginFails(String user, String password) {
    assertThatThrownBy(() -> whoAmI(user, password)).isInstanceOf(SQLException.class);
  }

  @Test
  void credsAreALeasedRenewableSecretThatLogsIn() throws Exception {
    Wire.Response r = wire.get(db + "/creds/app");

    assertThat(r.status()).isEqualTo(200);
    Envelope.assertEnvelope(r.json(), "database");
    assertThat(r.json().get("lease_id").asText()).startsWith(db + "/creds/app/");
    assertThat(r.json().get("renewable").asBoolean()).isTrue();
    assertThat(r.json().get("lease_duration").asLong()).isEqualTo(300);
    JsonNode d = r.data();
    assertThat(whoAmI(d.get("username").asText(), d.get("password").asText())).isEqualTo(d.get("username").asText());
  }

  @Test
  void renewalCountsFromNowAndIsCappedAtTheRoleMax() {
    VaultResponse creds = root.read(db + "/creds/app").orElseThrow();

    Wire.Response shorter = wire.post("sys/leases/renew", Map.of("lease_id", creds.leaseId(), "increment", 120));
    Wire.Response capped = wire.post("sys/leases/renew", Map.of("lease_id", creds.leaseId(), "increment", "1h"));

    assertThat(shorter.status()).isEqualTo(200);
    Envelope.assertEnvelope(shorter.json());
    assertThat(shorter.json().get("lease_id").asText()).isEqualTo(creds.leaseId());
    assertThat(shorter.json().get("lease_duration").asLong()).isEqualTo(120);
    assertThat(shorter.json().get("renewable").asBoolean()).isTrue();
    assertThat(shorter.json().get("data").isNull()).isTrue();
    assertThat(shorter.json().get("warnings").isNull()).isTrue();
    assertThat(capped.status()).isEqualTo(200);
    assertThat(capped.json().get("lease_duration").asLong()).isBetween(590L, 600L);
    assertThat(capped.json().get("warnings")).extracting(JsonNode::asText).singleElement().asString()
        .matches(TokenContractTest.CAPPED);
    assertThat(root.lookupLease(creds.leaseId()).data().path("last_renewal").asText()).matches("\\d{4}-.*");
    assertThat(root.renewLease(creds.leaseId(), Duration.ofMinutes(1)).leaseDuration()).isEqualTo(60);
  }

  @Test
  void revokingTheLeaseDropsTheDatabaseUser() throws Exception {
    VaultResponse creds = root.read(db + "/creds/app").orElseThrow();
    String user = creds.data().path("username").asText();
    String password = creds.data().path("password").asText();
    assertThat(whoAmI(user, password)).isEqualTo(user);

    root.revokeLease(creds.leaseId());

    loginFails(user, password);
    Envelope.assertErrors(wire.post("sys/leases/renew", Map.of("lease_id", creds.leaseId())), 400,
        "lease not found");
  }

  @Test
  void revokingTheTokenThatReadTheCredsRevokesThem() throws Exception {
    String policy = unique("db-reader");
    writePolicy(policy, "path \"" + db + "/creds/app\" { capabilities = [\"read\"] }");
    String token = createToken(List.of(policy), Duration.ofMinutes(30));
    VaultResponse creds = client(token).read(db + "/creds/app").orElseThrow();
    String user = creds.data().path("username").asText();
    String password = creds.data().path("password").asText();
    assertThat(whoAmI(user, password)).isEqualTo(user);

    wire.expect(204, "POST", "auth/token/revoke", Map.of("token", token));

    eventually(() -> loginFails(user, password));
  }

  @Test
  void anUnknownRoleIsABadRequest() {
    Envelope.assertErrors(wire.get(db + "/creds/nope"), 400, "unknown role: nope");
  }
}
