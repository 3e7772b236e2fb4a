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

  void register(BackendRegistry registry);
}
