package io.vaultlet.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The connection strings Vault's postgresql plugin takes, as a JDBC URL plus properties. */
class PostgresUrlTest {

  @Test
  void aUrlKeepsItsCredentialsOutOfTheJdbcUrl() {
    PostgresUrl url = PostgresUrl.parse("postgresql://app:p%40ss@db.local:6543/app?sslmode=disable", "verify.postgres");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/app");
    assertThat(url.properties()).containsEntry("user", "app").containsEntry("password", "p@ss")
        .containsEntry("sslmode", "disable");
    assertThat(url.toString()).doesNotContain("p@ss");
  }

  @Test
  void aKeyValueDsnAndAJdbcUrlAreAccepted() {
    PostgresUrl dsn = PostgresUrl.parse("host=::1 port=5433 dbname=x user=u password='p'", "s");
    assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/x");
    assertThat(dsn.properties()).containsEntry("user", "u").containsEntry("password", "p");

    PostgresUrl jdbc = PostgresUrl.parse("jdbc:postgresql://127.0.0.1/app?user=vault&password=s3cret", "s");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
    assertThat(jdbc.properties()).containsEntry("user", "vault").containsEntry("password", "s3cret");
  }

  @Test
  void aBadStringIsRefusedNamingTheSettingNeverTheCredentials() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter22@db/x", "verify.postgres"))
        .hasMessage("verify.postgres is neither a postgres:// URL nor a key=value DSN");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hunter22 x@db/x", "verify.postgres"))
        .hasMessage("verify.postgres is not a valid URL (check characters in the user or password)");
    assertThatThrownBy(() -> PostgresUrl.parse(" ", "connection_url")).hasMessage("connection_url cannot be empty");
  }
}
