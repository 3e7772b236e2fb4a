package io.vaultlet.config;

import io.vaultlet.config.CacheConfig.AutoAuthTokenUse;
import io.vaultlet.config.hcl.Position;
import java.util.Optional;

/**
 * {@code api_proxy { … }} (vault-agent.md §1.9). Parsed and validated like Vault; not implemented by vaultlet.
 *
 * @param impliedByCache true when there is no {@code api_proxy} block and {@code cache.use_auto_auth_token} stands
 *     in for it, as Vault does
 */
public record ApiProxyConfig(
    Position position,
    Optional<AutoAuthTokenUse> useAutoAuthToken,
    Optional<String> enforceConsistency,
    Optional<String> whenInconsistent,
    boolean impliedByCache) {

  /** True when requests without a token get the auto-auth token. */
  public boolean usesAutoAuthToken() {
    return useAutoAuthToken.map(AutoAuthTokenUse::enabled).orElse(false);
  }
}
