package io.vaultlet.dev.aws;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.MountKind;

/** Registers the {@code aws} secrets engine with every standard registry (via ServiceLoader). */
public final class AwsProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("aws", MountKind.SECRET, AwsSecretsBackend::create);
  }
}
