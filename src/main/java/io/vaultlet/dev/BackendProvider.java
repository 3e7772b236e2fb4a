package io.vaultlet.dev;

/**
 * Service-provider hook that adds backend types to every {@link BackendRegistry#standard()} registry.
 *
 * <p>A subpackage (database, pki, aws, auth methods) implements this and lists the class in
 * {@code src/main/resources/META-INF/services/io.vaultlet.dev.BackendProvider}; no core file needs editing. The shaded
 * jar merges service files.
 *
 * <pre>{@code
 * public final class DatabaseProvider implements BackendProvider {
 *   public void register(BackendRegistry registry) {
 *     registry.register("database", MountKind.SECRET, DatabaseBackend::new);
 *   }
 * }
 * }</pre>
 */
public interface BackendProvider {

  /** Adds this provider's types. Called once per {@link BackendRegistry#standard()} registry. */
  void register(BackendRegistry registry);

  /**
   * Called once the server listens, before {@link DevServer#start} returns: the place to start helpers (an embedded
   * PostgreSQL unless {@link DevOptions#noPostgres()}) and to pre-mount engines with {@link DevServer#mount}. An
   * exception stops the server and fails {@code start}.
   */
  default void serverStarted(DevServer server) throws Exception {}

  /** Called when the server closes, after its leases' backends were closed; stop what {@link #serverStarted} began. */
  default void serverStopped(DevServer server) {}
}
