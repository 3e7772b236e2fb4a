package io.vaultlet.dev;

/** Where a backend type can be mounted: {@code sys/mounts} (secret engines) or {@code sys/auth} (auth methods). */
public enum MountKind {
  SECRET,
  AUTH
}
