package io.vaultlet.dev;

/** Creates a {@link Backend} for a new mount (one call per {@code sys/mounts/<path>} or {@code sys/auth/<path>}). */
@FunctionalInterface
public interface BackendFactory {

  /** Throw {@link DevException} (400) to refuse the mount, e.g. for a bad option. */
  Backend create(MountContext context);
}
