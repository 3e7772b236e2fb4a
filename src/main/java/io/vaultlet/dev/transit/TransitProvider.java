package io.vaultlet.dev.transit;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.MountKind;

/** Registers the {@code transit} secrets engine with every standard registry (via ServiceLoader). */
public final class TransitProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("transit", MountKind.SECRET, TransitBackend::create);
  }
}
