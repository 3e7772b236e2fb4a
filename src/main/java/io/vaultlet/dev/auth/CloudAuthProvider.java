package io.vaultlet.dev.auth;

import io.vaultlet.dev.BackendProvider;
import io.vaultlet.dev.BackendRegistry;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.MountKind;
import io.vaultlet.dev.cloud.AzureCloud;
import io.vaultlet.dev.cloud.AzureDevControl;
import io.vaultlet.dev.cloud.AzureEndpoints;
import io.vaultlet.dev.cloud.GcpCloud;
import io.vaultlet.dev.cloud.GcpDevControl;
import io.vaultlet.dev.cloud.GcpEndpoints;

/**
 * The {@code gcp} and {@code azure} auth methods and the cloud stand-ins they verify against: a Google Cloud
 * ({@code /_gcp/}) and an Azure tenant ({@code /_azure/}) served on the emulator's listener, administered under {@code /_dev/gcp/} and {@code /_dev/azure/}. One cloud of
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
    server.serve(GcpDevControl.PATH, new GcpDevControl(gcp));
    server.serve(AzureEndpoints.PREFIX, new AzureEndpoints(azure));
    server.serve(AzureDevControl.PATH, new AzureDevControl(azure));
  }

  private static <T> T require(T cloud) {
    if (cloud == null) {
      throw DevException.badRequest("the cloud stand-ins start with the dev server");
    }
    return cloud;
  }
}
