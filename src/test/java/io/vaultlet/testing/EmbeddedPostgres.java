package io.vaultlet.testing;

import io.vaultlet.dev.database.EmbeddedPostgresServer;
import io.vaultlet.dev.database.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one embedded PostgreSQL server of a test JVM: started on first use, shared by every test class (and by any
 * {@code database/} mount of an in-process {@code DevServer}), stopped at JVM exit. Works as root (CI) through zonky's
 * {@code unshare -U} support.
 *
 * <pre>
 *   EmbeddedPostgresServer pg = EmbeddedPostgres.shared();
 * </pre>
 */
public final class EmbeddedPostgres {

  private EmbeddedPostgres() {}

  /** The shared server, starting it on the first call. */
  public static EmbeddedPostgresServer shared() {
    try {
      return SharedPostgres.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
