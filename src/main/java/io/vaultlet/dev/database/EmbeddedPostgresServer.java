package io.vaultlet.dev.database;

import io.vaultlet.support.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A throw-away PostgreSQL server for {@code vaultlet dev} and the tests, started from the zonky embedded binaries.
 *
 * <p>The zonky library is bundled in the default build (Linux x86-64 binaries) and left out of the production
 * image's jar by {@code -Pimage}. Call {@link #isAvailable()} before {@link #start()}.
 *
 * <p>Running as root: PostgreSQL refuses to run as root, and zonky (≥ 2.0) handles that itself by running
 * {@code initdb} and {@code postgres} under {@code unshare -U} (a user namespace where the process is {@code nobody}).
 * When {@code unshare} is unavailable as root, {@link #start()} fails with a message saying so.
 *
 * <p>Authentication: zonky initialises the cluster with {@code trust}. Issued credentials must be checked for real, so
 * after start-up the superuser gets a random password and {@code pg_hba.conf} is switched to {@code scram-sha-256} for
 * every TCP connection.
 */
public final class EmbeddedPostgresServer implements Closeable {

  static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
  public static final String SUPERUSER = "postgres";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
  private final String superuserPassword;

  private EmbeddedPostgresServer(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.superuserPassword = password;
  }

  /** True when the embedded binaries are on the class path (tests and the default build; not the {@code -Pimage} build). */
  public static boolean isAvailable() {
    try {
      Class.forName(ZONKY_CLASS, false, EmbeddedPostgresServer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Initialises a fresh cluster in a temporary directory and starts it on a free loopback port. */
  public static EmbeddedPostgresServer start() throws IOException {
    if (!isAvailable()) {
      throw new IOException("embedded PostgreSQL is not on the class path: this build leaves it out (-Pimage), "
          + "or pass -dev-postgres=<connection url> to use an existing server");
    }
    requireUnshareWhenRoot();
    String password = randomPassword();
    Redactor.register(password);
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        // Never copy a failing statement (it may carry a password) into the server log.
        .setServerConfig("log_min_error_statement", "panic")
        .setServerConfig("password_encryption", "scram-sha-256")
        .setCleanDataDirectory(true)
        .setRegisterShutdownHook(true)
        .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
        .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
        .start();
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, password);
    try {
      server.requirePasswords();
    } catch (SQLException | IOException e) {
      pg.close();
      throw new IOException("could not secure the embedded PostgreSQL server: " + e.getMessage(), e);
    }
    return server;
  }

  private static void requireUnshareWhenRoot() throws IOException {
    if (isRoot() && !io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
      throw new IOException("PostgreSQL cannot run as root and `unshare -U` is not available here: "
          + "run as an unprivileged user, or pass -dev-postgres=<connection url>");
    }
  }

  static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private void requirePasswords() throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + superuserPassword + "'");
      Path dataDir = dataDirectory(c);
      Files.writeString(dataDir.resolve("pg_hba.conf"),
          "# written by vaultlet: every TCP login needs a password\n"
              + "local all all scram-sha-256\n"
              + "host all all 127.0.0.1/32 scram-sha-256\n"
              + "host all all ::1/128 scram-sha-256\n",
          StandardCharsets.UTF_8);
      s.execute("SELECT pg_reload_conf()");
    }
  }

  private static Path dataDirectory(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      return Path.of(rs.getString(1));
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** A JDBC URL for {@code database} on this server (no credentials in it). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** The Vault-style connection URL template for {@code database/config}: {@code {{username}}}/{@code {{password}}}. */
  public String connectionUrlTemplate() {
    return "postgresql://{{username}}:{{password}}@127.0.0.1:" + port() + "/postgres?sslmode=disable";
  }

  public String superuser() {
    return SUPERUSER;
  }

  /** The superuser's password: registered with the {@link Redactor}; hand it only to {@code database/config}. */
  public String superuserPassword() {
    return superuserPassword;
  }

  /** Opens a superuser connection to the {@code postgres} database. */
  public Connection superuserConnection() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", SUPERUSER);
    p.setProperty("password", superuserPassword);
    return DriverManager.getConnection(jdbcUrl("postgres"), p);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomPassword() {
    SecureRandom r = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
