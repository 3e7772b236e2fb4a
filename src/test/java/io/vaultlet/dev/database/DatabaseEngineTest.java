package io.vaultlet.dev.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.support.ManualScheduler;
import io.vaultlet.testing.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseEngineTest {

  private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"
      + " GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

  private final EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
  private final PostgresProbe probe = new PostgresProbe(pg);
  private ManualScheduler scheduler;
  private DatabaseEngine backend;

  @BeforeEach
  void setUp() throws Exception {
    // PostgreSQL checks VALID UNTIL against the real clock, so the manual clock starts at real time.
    scheduler = new ManualScheduler(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    backend = new DatabaseEngine(scheduler);
    backend.writeConfig("pg", DatabaseConfig.POSTGRES_PLUGIN, pg.connectionUrlTemplate(), pg.superuser(),
        pg.superuserPassword(), List.of("*"), true, List.of());
    backend.writeRole(new DatabaseRole("readonly", "pg", List.of(CREATE), List.of(), List.of(), List.of(),
        Duration.ofHours(1), Duration.ofHours(24)));
  }

  @Test
  void configReadNeverReturnsTheRootPassword() {
    Map<String, Object> read = backend.readConfig("pg");
    assertThat(read.toString()).doesNotContain(pg.superuserPassword());
    assertThat(read).containsEntry("plugin_name", "postgresql-database-plugin").containsKey("connection_details");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) read.get("connection_details");
    assertThat(details).containsEntry("username", "postgres").doesNotContainKey("password");
  }

  @Test
  void writingAConfigWithAWrongPasswordFailsVerification() {
    assertThatThrownBy(() -> backend.writeConfig("bad", DatabaseConfig.POSTGRES_PLUGIN, pg.connectionUrlTemplate(),
        "postgres", "wrong-password", List.of("*"), true, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("error creating database object: error verifying connection:")
        .hasMessageNotContaining("wrong-password");
    assertThat(backend.readConfig("bad")).isNull();
  }

  @Test
  void issuedCredentialsLogInAndCarryVaultStyleNames() throws Exception {
    Instant expiration = scheduler.now().plus(Duration.ofHours(1));
    DatabaseEngine.Issued creds = backend.issue("readonly", "token", expiration);

    assertThat(creds.username()).matches("v-token-readonly-[A-Za-z0-9]{20}-\\d{10}").hasSizeLessThanOrEqualTo(63);
    assertThat(creds.password()).hasSize(20).matches(".*[a-z].*").matches(".*[A-Z].*").matches(".*[0-9].*").contains("-");
    assertThat(probe.whoAmI(creds.username(), creds.password())).isEqualTo(creds.username());
    assertThat(probe.validUntil(creds.username())).isEqualTo(expiration);
  }

  @Test
  void renewMovesValidUntil() throws Exception {
    DatabaseEngine.Issued creds = backend.issue("readonly", "token", scheduler.now().plus(Duration.ofMinutes(5)));
    Instant later = scheduler.now().plus(Duration.ofHours(2));

    backend.renew("readonly", creds.username(), later);

    assertThat(probe.validUntil(creds.username())).isEqualTo(later);
  }

  @Test
  void revokeDropsTheUserAndEndsItsSessions() throws Exception {
    DatabaseEngine.Issued creds = backend.issue("readonly", "approle", scheduler.now().plus(Duration.ofHours(1)));
    try (Connection open = probe.login(creds.username(), creds.password())) {
      backend.revoke("readonly", "pg", creds.username());

      assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> probe.login(creds.username(), creds.password()).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    assertThat(probe.roleExists(creds.username())).isFalse();
  }

  @Test
  void customRevocationStatementsAreUsed() throws Exception {
    backend.writeRole(new DatabaseRole("locked", "pg", List.of(CREATE),
        List.of("ALTER ROLE \"{{name}}\" NOLOGIN;"), List.of(), List.of(), Duration.ofHours(1), Duration.ZERO));
    DatabaseEngine.Issued creds = backend.issue("locked", "token", scheduler.now().plus(Duration.ofHours(1)));

    backend.revoke("locked", "pg", creds.username());

    assertThat(probe.roleExists(creds.username())).isTrue();
    assertThatThrownBy(() -> probe.login(creds.username(), creds.password()).close())
        .hasMessageContaining("is not permitted to log in");
  }

  @Test
  void unknownAndDisallowedRolesAreRejectedWithVaultsText() throws Exception {
    assertThatThrownBy(() -> backend.issue("nope", "token", scheduler.now()))
        .hasMessage("unknown role: nope");
    backend.writeConfig("narrow", DatabaseConfig.POSTGRES_PLUGIN, pg.connectionUrlTemplate(), pg.superuser(),
        pg.superuserPassword(), List.of("other"), true, List.of());
    backend.writeRole(new DatabaseRole("ro2", "narrow", List.of(CREATE), List.of(), List.of(), List.of(),
        Duration.ZERO, Duration.ZERO));
    assertThatThrownBy(() -> backend.issue("ro2", "token", scheduler.now().plusSeconds(60)))
        .hasMessage("\"ro2\" is not an allowed role");
  }

  @Test
  void failingCreationStatementsReportPostgresErrorWithoutThePassword() {
    backend.writeRole(new DatabaseRole("broken", "pg",
        List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD {{password}};"), List.of(), List.of(),
        List.of(), Duration.ZERO, Duration.ZERO));
    assertThatThrownBy(() -> backend.issue("broken", "token", scheduler.now().plusSeconds(60)))
        .isInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("unable to create user: ERROR: syntax error (SQLSTATE 42601)");
  }

  @Test
  void staticRolesRotateOnWriteOnDemandAndOnSchedule() throws Exception {
    try (Connection c = pg.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS app_static");
      s.execute("CREATE ROLE app_static WITH LOGIN PASSWORD 'initial-pw'");
    }
    backend.writeStaticRole(new StaticRole("app", "pg", "app_static", Duration.ofHours(1), List.of()));

    Map<String, Object> first = backend.staticCreds("app");
    assertThat(first).containsEntry("username", "app_static").containsEntry("rotation_period", 3600L)
        .containsEntry("ttl", 3600L).containsEntry("last_vault_rotation", scheduler.now().toString());
    assertThat(probe.whoAmI("app_static", (String) first.get("password"))).isEqualTo("app_static");

    scheduler.advance(Duration.ofMinutes(10));
    assertThat(backend.staticCreds("app")).containsEntry("ttl", 3000L);

    backend.rotateStatic("app");
    String second = (String) backend.staticCreds("app").get("password");
    assertThat(second).isNotEqualTo(first.get("password"));
    assertThat(probe.whoAmI("app_static", second)).isEqualTo("app_static");
    assertThatThrownBy(() -> probe.login("app_static", (String) first.get("password")).close())
        .isInstanceOf(SQLException.class);

    scheduler.advance(Duration.ofHours(1));
    String third = (String) backend.staticCreds("app").get("password");
    assertThat(third).isNotEqualTo(second);
    assertThat(probe.whoAmI("app_static", third)).isEqualTo("app_static");
    backend.deleteStaticRole("app");
  }

  @Test
  void rotateRootChangesTheSuperuserPasswordAndKeepsWorking() throws Exception {
    try (Connection c = pg.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS vault_root");
      s.execute("CREATE ROLE vault_root WITH LOGIN CREATEROLE SUPERUSER PASSWORD 'root-initial'");
    }
    backend.writeConfig("rooted", DatabaseConfig.POSTGRES_PLUGIN, pg.connectionUrlTemplate(), "vault_root",
        "root-initial", List.of("*"), true, List.of());

    backend.rotateRoot("rooted");

    assertThatThrownBy(() -> probe.login("vault_root", "root-initial").close()).isInstanceOf(SQLException.class);
    backend.writeRole(new DatabaseRole("via-rooted", "rooted", List.of(CREATE), List.of(), List.of(), List.of(),
        Duration.ZERO, Duration.ZERO));
    DatabaseEngine.Issued creds = backend.issue("via-rooted", "token", scheduler.now().plusSeconds(600));
    assertThat(probe.whoAmI(creds.username(), creds.password())).isEqualTo(creds.username());
  }
}
