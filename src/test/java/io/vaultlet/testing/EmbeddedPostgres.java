package io.vaultlet.testing;

import io.vaultlet.dev.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one embedded PostgreSQL server of a test JVM: started on first use, shared by every test class, stopped by a
 * shutdown hook. Works as root (CI) through zonky's {@code unshare -U} support.
 *
 * <pre>
 *   EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
 * </pre>
 */
public final class EmbeddedPostgres {

  private static EmbeddedPostgresServer server;

  private EmbeddedPostgres() {}

  /** The shared server, starting it on the first call. */
  public static synchronized EmbeddedPostgresServer shared() {
    if (server == null) {
      try {
        server = EmbeddedPostgresServer.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
    }
    return server;
  }
}
