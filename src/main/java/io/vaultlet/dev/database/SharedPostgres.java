package io.vaultlet.dev.database;

import io.vaultlet.support.Failures;
import io.vaultlet.support.Log;
import java.io.IOException;
import java.util.Optional;

/**
 * The JVM's one embedded PostgreSQL server, started on first use (the first {@code database/} mount of
 * {@code vaultlet dev}, or the first test that asks) and stopped at JVM exit.
 */
public final class SharedPostgres {

  private static final Log LOG = Log.named("dev.database");
  private static EmbeddedPostgresServer server;
  private static String failure;

  private SharedPostgres() {}

  /** The shared server, starting it if needed; throws when it cannot start (the message says why). */
  public static synchronized EmbeddedPostgresServer get() throws IOException {
    if (server == null) {
      if (failure != null) {
        throw new IOException(failure);
      }
      try {
        server = EmbeddedPostgresServer.start();
      } catch (IOException | RuntimeException | LinkageError e) {
        // LinkageError: a library that does not link (an unconverged dependency) must not take the caller down
        failure = "embedded PostgreSQL could not start: " + Failures.describe(e);
        throw new IOException(failure, e);
      }
      EmbeddedPostgresServer s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "embedded-postgres-stop"));
      LOG.info("embedded PostgreSQL started", "port", s.port());
    }
    return server;
  }

  /** The shared server if the binaries are available and it starts; empty (and one warning) otherwise. */
  static synchronized Optional<EmbeddedPostgresServer> tryGet() {
    if (!EmbeddedPostgresServer.isAvailable()) {
      return Optional.empty();
    }
    boolean warned = failure != null;
    try {
      return Optional.of(get());
    } catch (IOException e) {
      if (!warned) {
        LOG.warn("database engine runs without PostgreSQL; pass -dev-postgres=<jdbc-url> to use your own server",
            "reason", e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** The embedded server's port when it runs. */
  public static synchronized Optional<Integer> runningPort() {
    return Optional.ofNullable(server).map(EmbeddedPostgresServer::port);
  }

  /**
   * Why the embedded server is not there, when it is not: it failed to start (the reason), or this build leaves it
   * out. Empty when it runs, or was never asked for.
   */
  public static synchronized Optional<String> unavailableReason() {
    if (failure != null) {
      return Optional.of(failure);
    }
    if (server == null && !EmbeddedPostgresServer.isAvailable()) {
      return Optional.of("embedded PostgreSQL is not in this build (-Pimage)");
    }
    return Optional.empty();
  }
}
