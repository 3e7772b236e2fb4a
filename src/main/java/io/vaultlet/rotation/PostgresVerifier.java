package io.vaultlet.rotation;

import io.vaultlet.pg.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * {@code verify { postgres = "<template>" }}: logs in to PostgreSQL with the URL rendered from the same data as the
 * file and runs {@code SELECT 1}. The URL takes the forms Vault's database plugin takes ({@code postgres[ql]://user:
 * password@host:port/db?sslmode=…}, a {@code key=value} DSN, or {@code jdbc:postgresql://…}); connect, login and
 * query are bounded by the verify timeout.
 */
final class PostgresVerifier implements Verifier.Blocking {

  static final String KEY = "postgres";
  /** How messages name the setting. */
  static final String SETTING = "verify.postgres";

  @Override
  public String name() {
    return KEY;
  }

  @Override
  public Result verify(Candidate c) {
    String url = c.rendered(KEY).orElse("").strip();
    if (url.isEmpty()) {
      return Result.failed("the " + SETTING + " URL rendered empty");
    }
    PostgresUrl target;
    try {
      target = PostgresUrl.parse(url, "the rendered " + SETTING);
    } catch (IllegalArgumentException e) {
      return Result.failed(e.getMessage());
    }
    Properties props = new Properties();
    props.putAll(target.properties());
    String seconds = Long.toString(Math.max(1, c.timeout().toSeconds()));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    props.setProperty("ApplicationName", "vaultlet-verify");
    try (Connection conn = DriverManager.getConnection(target.jdbcUrl(), props);
        Statement st = conn.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, c.timeout().toSeconds()));
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        return rs.next() && rs.getInt(1) == 1 ? Result.passed() : Result.failed("SELECT 1 returned no row");
      }
    } catch (SQLException e) {
      return Result.failed("cannot log in to PostgreSQL at " + where(target.jdbcUrl()) + ": " + e.getMessage()
          + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"));
    }
  }

  /** {@code host:port/db} of a JDBC URL (it carries no credentials: they are properties). */
  private static String where(String jdbcUrl) {
    String s = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }
}
