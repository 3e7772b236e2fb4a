package io.vaultlet.dev.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConnectionUrlTest {

  @Test
  void templatedUrlGetsCredentialsAfterParsingSoSpecialCharactersNeedNoEscaping() {
    PostgresConnectionUrl url = PostgresConnectionUrl.parse(
        "postgresql://{{username}}:{{password}}@db.local:6543/app?sslmode=disable", "vault", "p@ss:w/rd");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/app");
    assertThat(url.properties()).containsEntry("user", "vault").containsEntry("password", "p@ss:w/rd")
        .containsEntry("sslmode", "disable");
  }

  @Test
  void keyValueDsnIsAccepted() {
    PostgresConnectionUrl url = PostgresConnectionUrl.parse(
        "host=127.0.0.1 port=5433 dbname=x user={{username}} password='{{password}}' sslmode=disable", "u", "p");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/x");
    assertThat(url.properties()).containsEntry("user", "u").containsEntry("password", "p");
  }

  @Test
  void jdbcUrlsMayCarryCredentialsAsQueryParameters() {
    PostgresConnectionUrl url = PostgresConnectionUrl.parse(
        "jdbc:postgresql://127.0.0.1:5432/app?user=vault&password=s3cret&sslmode=disable", "", "");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
    assertThat(url.properties()).containsEntry("user", "vault").containsEntry("password", "s3cret");
  }

  @Test
  void garbageIsRejected() {
    assertThatThrownBy(() -> PostgresConnectionUrl.parse("mysql-ish", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statementsSplitOnSemicolonsOutsideQuotesAndDollarBodies() {
    List<String> q = SqlStatements.render(List.of(
        "CREATE ROLE \"{{name}}\" PASSWORD 'a;b'; DO $$ BEGIN PERFORM 1; END $$; ;GRANT x TO \"{{name}}\""),
        Map.of("name", "v-1"));
    assertThat(q).containsExactly("CREATE ROLE \"v-1\" PASSWORD 'a;b'", "DO $$ BEGIN PERFORM 1; END $$",
        "GRANT x TO \"v-1\"");
  }
}
