package io.vaultlet.dev.pki;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.MountKind;

/** Registers the {@code pki} secrets engine with every standard registry (via ServiceLoader). */
public final class PkiProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("pki", MountKind.SECRET, PkiBackend::create);
  }
}
