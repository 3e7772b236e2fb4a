package io.vaultlet.dev.auth;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.MountKind;

/** Registers the auth methods approle, jwt (also as oidc), kubernetes, cert, aws and userpass (via ServiceLoader). */
public final class AuthMethodsProvider implements BackendProvider {
  @Override
  public void register(BackendRegistry registry) {
    registry.register("approle", MountKind.AUTH, AppRoleBackend::create);
    registry.register("jwt", MountKind.AUTH, JwtBackend::create);
    registry.register("oidc", MountKind.AUTH, JwtBackend::create);
    registry.register("kubernetes", MountKind.AUTH, KubernetesBackend::create);
    registry.register("cert", MountKind.AUTH, CertBackend::create);
    registry.register("aws", MountKind.AUTH, AwsAuthBackend::create);
    registry.register("userpass", MountKind.AUTH, UserpassBackend::create);
  }
}
