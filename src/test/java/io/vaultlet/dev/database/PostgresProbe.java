package io.vaultlet.dev.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** Looks at the real PostgreSQL the database engine manages: who a credential logs in as, what roles exist. */
final class PostgresProbe {

  private final EmbeddedPostgresServer pg;

  PostgresProbe(EmbeddedPostgresServer pg) {
    this.pg = pg;
  }

  Connection login(String user, String password) throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl("postgres"), user, password);
  }

  /** The {@code current_user} of a session opened with these credentials. */
  String whoAmI(String user, String password) throws SQLException {
    try (Connection c = login(user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The role's {@code VALID UNTIL}. */
  Instant validUntil(String user) throws SQLException {
    try (Connection c = pg.superuserConnection();
        PreparedStatement ps = c.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    }
  }

  boolean roleExists(String user) throws SQLException {
    try (Connection c = pg.superuserConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
