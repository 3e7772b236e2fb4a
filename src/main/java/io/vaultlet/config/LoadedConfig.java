package io.vaultlet.config;

import java.util.List;

/**
 * A valid, merged configuration and the warnings found while loading it (blocks vaultlet parses but does not
 * implement, deprecated keys, keys that Vault accepts but vaultlet ignores). Warnings never stop the agent.
 */
public record LoadedConfig(AgentConfig config, List<Problem> warnings) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}
