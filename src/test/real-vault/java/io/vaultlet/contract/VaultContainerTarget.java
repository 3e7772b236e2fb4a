package io.vaultlet.contract;

import io.vaultlet.dev.database.EmbeddedPostgresServer;
import io.vaultlet.testing.EmbeddedPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Vault (or OpenBao) in dev mode, started with Testcontainers: {@code hashicorp/vault:<v>} or
 * {@code openbao/openbao:<v>}. Compiled only by the {@code real-vault} Maven profile, and loaded by
 * {@link ContractTargets} through {@link #start(String)}.
 *
 * <p>The test JVM's embedded PostgreSQL is exposed to the container as {@code host.testcontainers.internal:<port>}
 * (Testcontainers' host port forwarding), so the database scenarios run here too.
 */
public final class VaultContainerTarget implements ContractTarget {

  private static final String ROOT_TOKEN = "root";
  private static final int PORT = 8200;

  private final String image;
  private final GenericContainer<?> container;
  private final Integer postgresPort;

  private VaultContainerTarget(String image, GenericContainer<?> container, Integer postgresPort) {
    this.image = image;
    this.container = container;
    this.postgresPort = postgresPort;
  }

  /** Starts the container, or throws {@link TargetUnavailableException} when no Docker engine is reachable. */
  public static VaultContainerTarget start(String image) {
    if (!dockerAvailable()) {
      throw new TargetUnavailableException("no Docker engine is reachable, so " + image + " cannot be started "
          + "(Testcontainers found no DOCKER_HOST, socket or Testcontainers Cloud)");
    }
    Integer postgresPort = exposeEmbeddedPostgres();
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withEnv("VAULT_DEV_ROOT_TOKEN_ID", ROOT_TOKEN)
        .withEnv("VAULT_DEV_LISTEN_ADDRESS", "0.0.0.0:" + PORT)
        .withEnv("BAO_DEV_ROOT_TOKEN_ID", ROOT_TOKEN)
        .withEnv("BAO_DEV_LISTEN_ADDRESS", "0.0.0.0:" + PORT)
        .withEnv("SKIP_SETCAP", "true")
        .withCommand("server", "-dev")
        .withExposedPorts(PORT)
        .withAccessToHost(postgresPort != null)
        .waitingFor(Wait.forHttp("/v1/sys/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
    container.start();
    return new VaultContainerTarget(image, container, postgresPort);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The shared embedded PostgreSQL, forwarded into containers; null when it cannot run on this machine. */
  private static Integer exposeEmbeddedPostgres() {
    if (!EmbeddedPostgresServer.isAvailable()) {
      return null;
    }
    try {
      int port = EmbeddedPostgres.shared().port();
      Testcontainers.exposeHostPorts(port);
      return port;
    } catch (RuntimeException e) {
      System.err.println("[contract] embedded PostgreSQL unavailable, database scenarios will be skipped: "
          + e.getMessage());
      return null;
    }
  }

  @Override
  public String name() {
    return image;
  }

  @Override
  public URI address() {
    return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT));
  }

  @Override
  public String rootToken() {
    return ROOT_TOKEN;
  }

  @Override
  public boolean isEmulator() {
    return false;
  }

  @Override
  public Optional<String> postgresAddress(EmbeddedPostgresServer postgres) {
    return postgresPort == null || postgres.port() != postgresPort ? Optional.empty()
        : Optional.of("host.testcontainers.internal:" + postgresPort);
  }

  @Override
  public boolean registerAwsCaller(String authMount, String accessKeyId, String secretAccessKey, String arn) {
    return false;
  }

  @Override
  public void close() {
    container.stop();
  }
}
