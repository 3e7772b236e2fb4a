package io.vaultlet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.dev.database.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

  @Test
  void sharedServerIsStartedOnceAndAcceptsTheSuperuser() throws SQLException {
    EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
    assertThat(EmbeddedPostgres.shared()).isSameAs(pg);
    try (Connection c = pg.superuserConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("postgres");
    }
  }

  @Test
  void rejectsAWrongPassword() {
    EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
    assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "not-the-password").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }
}
