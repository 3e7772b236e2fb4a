package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.List;

/**
 * {@code auto_auth}: exactly one method and zero or more sinks (vault-agent.md §1.5).
 *
 * @param enableReauthOnNewCredentials {@code enable_reauth_on_new_credentials}; Vault calls it "unsupported outside
 *     of testing"
 */
public record AutoAuthConfig(
    Position position, MethodConfig method, List<SinkConfig> sinks, boolean enableReauthOnNewCredentials) {

  public AutoAuthConfig {
    sinks = List.copyOf(sinks);
  }
}
