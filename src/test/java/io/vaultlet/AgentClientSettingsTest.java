package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.ConfigOverrides;
import io.vaultlet.vault.VaultClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's Vault client is built with the configured client timeout and response cap. */
class AgentClientSettingsTest {

  @TempDir Path dir;

  private AgentConfig load(Map<String, String> env, String hcl) throws Exception {
    Path file = dir.resolve("agent.hcl");
    Files.writeString(file, hcl);
    return ConfigLoader.load(List.of(file), env, ConfigOverrides.none()).config();
  }

  private static final String BASE = "auto_auth {\n  method \"token_file\" {\n"
      + "    config = { token_file_path = \"/tmp/token\" }\n  }\n  sink \"file\" { config = { path = \"/tmp/s\" } }\n}\n";

  @Test
  void timeoutAndResponseCapReachTheClient() throws Exception {
    VaultClient.Settings s = Agent.clientSettings(load(Map.of(), BASE + "vault { client_timeout = \"7s\" }\n"
        + "template_config { max_response_size = \"3MiB\" }\n"));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.maxResponseSize()).isEqualTo(3L << 20);
  }

  @Test
  void vaultsDefaultsWithoutKeysAndTheEnvironmentVariable() throws Exception {
    VaultClient.Settings d = Agent.clientSettings(load(Map.of(), BASE));
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxResponseSize()).isEqualTo(4L << 20);
    assertThat(Agent.clientSettings(load(Map.of("VAULT_CLIENT_TIMEOUT", "15"), BASE)).timeout())
        .isEqualTo(Duration.ofSeconds(15));
  }
}
