package io.vaultlet.dev.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Vault's {@code postgresql-database-plugin} does against the database: create, renew, revoke and rotate users, each
 * as one transaction over the configured root connection. A connection is opened per operation (the dev server issues
 * few credentials; no pool to leak).
 *
 * <p>Error messages carry PostgreSQL's text, never the statements (they contain passwords).
 */
final class PostgresPlugin {

  /** Vault's postgres plugin formats {@code {{expiration}}} as Go's {@code "2006-01-02 15:04:05-0700"}. */
  static final DateTimeFormatter EXPIRATION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssZ").withZone(ZoneOffset.UTC);

  static final String DEFAULT_RENEW = "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';";
  static final String DEFAULT_ROTATION = "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}';";

  void verify(DatabaseConfig config) throws DatabaseException {
    try (Connection c = open(config); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw new DatabaseException("error verifying connection: " + describe(e), e);
    }
  }

  void createUser(DatabaseConfig config, List<String> creation, String username, String password, Instant expiration)
      throws DatabaseException {
    if (creation.isEmpty()) {
      throw new DatabaseException("empty creation statements", null);
    }
    run(config, creation, Map.of("name", username, "username", username, "password", password,
        "expiration", EXPIRATION.format(expiration)), "unable to create user");
  }

  void renewUser(DatabaseConfig config, List<String> renew, String username, Instant expiration)
      throws DatabaseException {
    List<String> statements = renew.isEmpty() ? List.of(DEFAULT_RENEW) : renew;
    run(config, statements, Map.of("name", username, "username", username,
        "expiration", EXPIRATION.format(expiration)), "unable to renew user");
  }

  void setPassword(DatabaseConfig config, List<String> rotation, String username, String password)
      throws DatabaseException {
    List<String> statements = rotation.isEmpty() ? List.of(DEFAULT_ROTATION) : rotation;
    run(config, statements, Map.of("name", username, "username", username, "password", password),
        "unable to set password");
  }

  void revokeUser(DatabaseConfig config, List<String> revocation, String username) throws DatabaseException {
    if (!revocation.isEmpty()) {
      run(config, revocation, Map.of("name", username, "username", username), "unable to revoke user");
      return;
    }
    try (Connection c = open(config)) {
      defaultRevoke(c, username);
    } catch (SQLException e) {
      throw new DatabaseException("unable to revoke user: " + describe(e), e);
    }
  }

  /**
   * Vault's default revocation when a role has no revocation statements: end the user's sessions, revoke what it was
   * granted in the current database, and drop the role.
   */
  private static void defaultRevoke(Connection c, String username) throws SQLException {
    try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      exists.setString(1, username);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          return;
        }
      }
    }
    try (PreparedStatement kill =
        c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
      kill.setString(1, username);
      kill.execute();
    }
    String quoted = quoteIdentifier(username);
    List<String> schemas = new ArrayList<>();
    try (PreparedStatement grants = c.prepareStatement(
        "SELECT DISTINCT table_schema FROM information_schema.role_table_grants WHERE grantee = ?")) {
      grants.setString(1, username);
      try (ResultSet rs = grants.executeQuery()) {
        while (rs.next()) {
          schemas.add(rs.getString(1));
        }
      }
    }
    if (!schemas.contains("public")) {
      schemas.add("public");
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String schema : schemas) {
        String q = quoteIdentifier(schema);
        s.execute("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA " + q + " FROM " + quoted);
        s.execute("REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA " + q + " FROM " + quoted);
        s.execute("REVOKE ALL PRIVILEGES ON ALL FUNCTIONS IN SCHEMA " + q + " FROM " + quoted);
        s.execute("REVOKE USAGE ON SCHEMA " + q + " FROM " + quoted);
      }
      s.execute("REVOKE ALL ON DATABASE " + quoteIdentifier(c.getCatalog()) + " FROM " + quoted);
      s.execute("DROP ROLE IF EXISTS " + quoted);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  private void run(DatabaseConfig config, List<String> statements, Map<String, String> values, String what)
      throws DatabaseException {
    try (Connection c = open(config)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String query : SqlStatements.render(statements, values)) {
          s.execute(query);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      String message = describe(e);
      String password = values.get("password");
      if (password != null && !password.isEmpty()) {
        message = message.replace(password, "[redacted]");
      }
      throw new DatabaseException(what + ": " + message, e);
    }
  }

  private static Connection open(DatabaseConfig config) throws SQLException {
    PostgresConnectionUrl url = config.connection();
    return DriverManager.getConnection(url.jdbcUrl(), url.properties());
  }

  static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** PostgreSQL's own message (SQLSTATE and text); the server message never echoes a password literal. */
  private static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    // "syntax error at or near "<token>"" can quote a piece of a password: drop the quoted token.
    msg = msg.replaceAll(" at or near \".*\"", "");
    return msg + state;
  }
}
