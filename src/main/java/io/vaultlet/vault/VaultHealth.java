package io.vaultlet.vault;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code sys/health}: every status it uses (200 active, 429 standby, 472 DR secondary, 473 performance
 * standby, 474 HA unhealthy, 501 uninitialised, 503 sealed, 530 removed) is an answer, not an error.
 */
public record VaultHealth(int status, JsonNode body) {

  public boolean initialized() {
    return body.path("initialized").asBoolean(false);
  }

  public boolean sealed() {
    return body.path("sealed").asBoolean(false);
  }

  public boolean standby() {
    return body.path("standby").asBoolean(false);
  }

  public boolean performanceStandby() {
    return body.path("performance_standby").asBoolean(false);
  }

  public String version() {
    return body.path("version").asText("");
  }

  /** Initialised, unsealed and active (or a standby, which answers by forwarding). */
  public boolean usable() {
    return initialized() && !sealed();
  }
}
