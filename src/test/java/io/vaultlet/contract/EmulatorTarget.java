package io.vaultlet.contract;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.dev.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The default target: vaultlet's Vault API emulator, in process, on an ephemeral loopback port, real-time clock. */
final class EmulatorTarget implements ContractTarget {

  private final DevServer server;

  private EmulatorTarget(DevServer server) {
    this.server = server;
  }

  static EmulatorTarget start() {
    try {
      return new EmulatorTarget(DevServer.start(DevOptions.builder().listenAddress("127.0.0.1:0").build()));
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "emulator";
  }

  @Override
  public URI address() {
    return server.uri();
  }

  @Override
  public String rootToken() {
    return server.rootToken();
  }

  @Override
  public boolean isEmulator() {
    return true;
  }

  @Override
  public Optional<String> postgresAddress(EmbeddedPostgresServer postgres) {
    return Optional.of("127.0.0.1:" + postgres.port());
  }

  @Override
  public boolean registerAwsCaller(String authMount, String accessKeyId, String secretAccessKey, String arn) {
    Wire.to(this).token(rootToken()).expect(204, "POST", "auth/" + authMount + "/_dev/keys",
        Map.of("access_key_id", accessKeyId, "secret_access_key", secretAccessKey, "arn", arn));
    return true;
  }

  @Override
  public void close() {
    server.close();
  }
}
