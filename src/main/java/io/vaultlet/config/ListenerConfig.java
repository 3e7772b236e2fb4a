package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.Optional;

/**
 * {@code listener "tcp"|"unix" { … }}: where the agent serves the API proxy, the lease cache and its own
 * {@code /agent/v1/…} endpoints (docs/listener.md).
 *
 * @param type {@code tcp} or {@code unix}, from {@code type} or the label
 * @param role {@code default} or {@code metrics_only}
 * @param settings every key as written (printed by {@code config check})
 * @param options the typed keys, Vault's defaults applied
 */
public record ListenerConfig(
    Position position, String type, Optional<String> address, String role, FreeformMap settings,
    ListenerSettings options) {

  /** Vault's default addresses: {@code 127.0.0.1:8200} for tcp, {@code /run/vault.sock} for unix. */
  public String addressOrDefault() {
    return address.orElse(type.equals("unix") ? "/run/vault.sock" : "127.0.0.1:8200");
  }

  /** True for {@code role = "metrics_only"}: only {@code /agent/v1/metrics} is served. */
  public boolean metricsOnly() {
    return role.equals("metrics_only");
  }
}
