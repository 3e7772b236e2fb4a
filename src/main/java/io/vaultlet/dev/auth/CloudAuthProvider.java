package io.vaultlet.dev.auth;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.MountKind;
import io.vaultlet.dev.cloud.AzureCloud;
import io.vaultlet.dev.cloud.AzureEndpoints;
import io.vaultlet.dev.cloud.GcpCloud;
import io.vaultlet.dev.cloud.GcpEndpoints;

/**
 * The {@code gcp} and {@code azure} auth methods and the cloud stand-ins they verify against: a Google Cloud
 * ({@code /_cloud/gcp/}) and an Azure tenant ({@code /_cloud/azure/}) served on the emulator's listener. One cloud of
 * each per registry (a registry is normally one server's); made when the first server using it starts.
 */
public final class CloudAuthProvider implements BackendProvider {

  private volatile GcpCloud gcp;
  private volatile AzureCloud azure;

  @Override
  public void register(BackendRegistry registry) {
    registry.register("gcp", MountKind.AUTH, mount -> new GcpAuthBackend(mount, require(gcp)));
    registry.register("azure", MountKind.AUTH, mount -> new AzureAuthBackend(mount, require(azure)));
  }

  @Override
  public synchronized void serverStarted(DevServer server) {
    if (gcp == null) {
      gcp = new GcpCloud(server.clock());
      azure = new AzureCloud(server.clock());
    }
    server.serve(GcpEndpoints.PREFIX, new GcpEndpoints(gcp));
    server.serve(AzureEndpoints.PREFIX, new AzureEndpoints(azure));
  }

  private static <T> T require(T cloud) {
    if (cloud == null) {
      throw DevException.badRequest("the cloud stand-ins start with the dev server");
    }
    return cloud;
  }
}
