package io.vaultlet.dev.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.EmbeddedPostgres;
import io.vaultlet.testing.VaultHttp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** database/ over real HTTP against the in-process emulator and the shared embedded PostgreSQL. */
class DatabaseEngineHttpTest {

  private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
      + "VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

  private final EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
  private final PostgresProbe probe = new PostgresProbe(pg);
  private DevServer vault;
  private VaultHttp http;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.defaults());
    http = new VaultHttp(vault.address(), vault.rootToken());
    http.write("sys/mounts/database", Map.of("type", "database"));
    http.write("database/roles/readonly", Map.of("db_name", "postgres", "creation_statements", CREATE,
        "default_ttl", "1h", "max_ttl", "24h"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void theMountComesWithTheEmbeddedServerAsConnectionPostgresWithoutItsPassword() {
    VaultHttp.Response config = http.get("database/config/postgres");
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body()).doesNotContain(pg.superuserPassword());
    assertThat(config.data()).containsEntry("plugin_name", "postgresql-database-plugin");
  }

  @Test
  void credsWorkUntilRevokedThroughSysLeases() throws Exception {
    VaultHttp.Response creds = http.get("database/creds/readonly");

    assertThat(creds.status()).isEqualTo(200);
    assertThat(creds.json()).containsEntry("renewable", true).containsEntry("lease_duration", 3600)
        .containsEntry("mount_type", "database");
    String leaseId = (String) creds.json().get("lease_id");
    assertThat(leaseId).startsWith("database/creds/readonly/");
    String user = creds.string("username");
    String password = creds.string("password");
    assertThat(user).startsWith("v-root-readonly-");
    assertThat(probe.whoAmI(user, password)).isEqualTo(user);

    assertThat(http.post("sys/leases/revoke", Map.of("lease_id", leaseId)).status()).isEqualTo(204);

    assertThatThrownBy(() -> probe.login(user, password).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void renewMovesValidUntilInPostgres() throws Exception {
    VaultHttp.Response creds = http.get("database/creds/readonly");
    String user = creds.string("username");
    vault.advanceClock(Duration.ofMinutes(30));

    VaultHttp.Response renewed = http.post("sys/leases/renew",
        Map.of("lease_id", creds.json().get("lease_id"), "increment", "2h"));

    assertThat(renewed.status()).isEqualTo(200);
    assertThat(renewed.json()).containsEntry("lease_duration", 7200).containsEntry("data", null);
    Instant expected = vault.clock().instant().plus(Duration.ofHours(2));
    assertThat(Duration.between(probe.validUntil(user), expected).abs()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void expiryRevokesTheUser() throws Exception {
    VaultHttp.Response creds = http.get("database/creds/readonly");
    String user = creds.string("username");
    String password = creds.string("password");
    assertThat(probe.whoAmI(user, password)).isEqualTo(user);

    vault.advanceClock(Duration.ofHours(1).plusSeconds(1));

    assertThatThrownBy(() -> probe.login(user, password).close()).isInstanceOf(SQLException.class);
    assertThat(http.post("sys/leases/lookup", Map.of("lease_id", creds.json().get("lease_id"))).status())
        .isEqualTo(400);
  }

  @Test
  void unknownRolesAndWrongMethodsAnswerLikeVault() {
    VaultHttp.Response unknown = http.get("database/creds/nope");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errors()).containsExactly("unknown role: nope");
    assertThat(http.post("database/creds/readonly", Map.of()).status()).isEqualTo(405);
    assertThat(http.list("database/roles").data()).containsEntry("keys", List.of("readonly"));
  }

  @Test
  void staticRolesOverHttp() throws Exception {
    try (Connection c = pg.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS http_static");
      s.execute("CREATE ROLE http_static WITH LOGIN PASSWORD 'before'");
    }
    http.write("database/static-roles/app", Map.of("db_name", "postgres", "username", "http_static",
        "rotation_period", "1h"));
    VaultHttp.Response first = http.get("database/static-creds/app");
    assertThat(first.data()).containsEntry("username", "http_static").containsEntry("rotation_period", 3600)
        .containsKeys("last_vault_rotation", "ttl", "password");
    assertThat(first.json().get("lease_id")).isEqualTo("");
    assertThat(probe.whoAmI("http_static", first.string("password"))).isEqualTo("http_static");

    http.write("database/rotate-role/app", Map.of());

    String second = http.get("database/static-creds/app").string("password");
    assertThat(second).isNotEqualTo(first.string("password"));
    assertThat(probe.whoAmI("http_static", second)).isEqualTo("http_static");
  }

  @Test
  void devPostgresPreMountsTheEngineWithThatServer() throws Exception {
    String jdbc = pg.jdbcUrl("postgres") + "?user=postgres&password=" + pg.superuserPassword();
    try (DevServer withUrl = DevServer.start(DevOptions.builder().postgresUrl(jdbc).build())) {
      VaultHttp h = new VaultHttp(withUrl.address(), withUrl.rootToken());
      h.write("database/roles/ro", Map.of("db_name", "postgres", "creation_statements", CREATE));
      VaultHttp.Response creds = h.get("database/creds/ro");
      assertThat(probe.whoAmI(creds.string("username"), creds.string("password"))).isEqualTo(creds.string("username"));
      assertThat(h.get("database/config/postgres").body()).doesNotContain(pg.superuserPassword());
    }
  }
}
