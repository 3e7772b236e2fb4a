package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.Optional;

/**
 * {@code cache { … }}: the lease cache of the API proxy (vault-agent.md §1.9). Parsed and validated like Vault;
 * not implemented by vaultlet (a warning says so).
 *
 * @param useAutoAuthToken legacy {@code use_auto_auth_token}; empty when not written
 */
public record CacheConfig(
    Position position,
    Optional<AutoAuthTokenUse> useAutoAuthToken,
    Optional<PersistConfig> persist,
    Optional<String> enforceConsistency,
    Optional<String> whenInconsistent) {

  /** {@code cache.persist "kubernetes" { … }}. */
  public record PersistConfig(
      Position position,
      String type,
      Optional<String> path,
      boolean keepAfterImport,
      boolean exitOnErr,
      Optional<String> serviceAccountTokenFile) {}

  /** {@code use_auto_auth_token}: a weak bool, or {@code "force"} (case-insensitive). */
  public enum AutoAuthTokenUse {
    FALSE,
    TRUE,
    FORCE;

    /** True for {@code true} and {@code force}. */
    public boolean enabled() {
      return this != FALSE;
    }
  }
}
