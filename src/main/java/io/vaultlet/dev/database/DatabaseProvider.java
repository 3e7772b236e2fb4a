package io.vaultlet.dev.database;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.MountKind;
import java.util.Map;

/**
 * Registers the {@code database} secrets engine with every standard registry (via ServiceLoader).
 *
 * <p>With {@code -dev-postgres <jdbc-url>} the server starts with {@code database/} mounted and its {@code postgres}
 * connection pointing there. Otherwise the embedded PostgreSQL starts when {@code database/} is first mounted (not with
 * every server: most tests never need it), unless {@code --no-postgres}.
 */
public final class DatabaseProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("database", MountKind.SECRET, DatabaseBackend::create);
  }

  @Override
  public void serverStarted(DevServer server) {
    String url = server.options().postgresUrl();
    if (url != null && !url.isBlank()) {
      server.mount("database", "database", Map.of());
    }
  }
}
