package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.Optional;

/**
 * {@code listener "tcp"|"unix" { … }}. Parsed so that Vault configurations load; vaultlet does not serve a listener
 * yet (a warning says so).
 *
 * @param type {@code tcp} or {@code unix}, from {@code type} or the label
 * @param role {@code default} or {@code metrics_only}
 * @param settings every key as written (free-form; vaultlet does not check listener keys)
 */
public record ListenerConfig(
    Position position, String type, Optional<String> address, String role, FreeformMap settings) {}
