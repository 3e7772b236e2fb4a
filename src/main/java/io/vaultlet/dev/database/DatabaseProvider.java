package io.vaultlet.dev.database;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.MountKind;

/** Registers the {@code database} secrets engine with every standard registry (via ServiceLoader). */
public final class DatabaseProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("database", MountKind.SECRET, DatabaseBackend::create);
  }
}
