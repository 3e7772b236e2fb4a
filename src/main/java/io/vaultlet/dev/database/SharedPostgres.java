package io.vaultlet.dev.database;

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
      } catch (IOException | RuntimeException e) {
        failure = "embedded PostgreSQL did not start: " + e.getMessage();
        throw new IOException(failure, e);
      }
      EmbeddedPostgresServer s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "embedded-postgres-stop"));
      LOG.info("embedded PostgreSQL started", "port", s.port());
    }
    return server;
  }

  /** The shared server if the binaries are available and it starts; empty (and a warning) otherwise. */
  static Optional<EmbeddedPostgresServer> tryGet() {
    if (!EmbeddedPostgresServer.isAvailable()) {
      return Optional.empty();
    }
    try {
      return Optional.of(get());
    } catch (IOException e) {
      LOG.warn("database engine runs without PostgreSQL", "reason", e.getMessage());
      return Optional.empty();
    }
  }
}
