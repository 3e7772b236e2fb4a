package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.support.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence: command-line flag &gt; environment &gt; file &gt; default (vault-agent.md §1.1). */
class ConfigEnvironmentTest {

  private static final String FILE = AUTO_AUTH + """
      vault {
        address         = "http://file:8200"
        ca_cert         = "/file/ca.pem"
        tls_skip_verify = true
        namespace       = "file-ns"
      }
      log_level = "warn"
      """;

  private static final ConfigOverrides NO_FLAGS = ConfigOverrides.none();

  private static AgentConfig load(Map<String, String> env, ConfigOverrides flags, String file) {
    return ConfigTestSupport.load(env, flags, file).config();
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    VaultConfig v = load(Map.of(), NO_FLAGS, AUTO_AUTH).vault();
    assertThat(v).isEqualTo(VaultConfig.defaults());
    assertThat(v.address()).isEqualTo("https://127.0.0.1:8200");
  }

  @Test
  void fileBeatsDefault() {
    VaultConfig v = load(Map.of(), NO_FLAGS, FILE).vault();
    assertThat(v.address()).isEqualTo("http://file:8200");
    assertThat(v.caCert()).contains("/file/ca.pem");
    assertThat(v.tlsSkipVerify()).isTrue();
    assertThat(v.namespace()).contains("file-ns");
  }

  @Test
  void environmentBeatsFile() {
    VaultConfig v = load(Map.of(
        "VAULT_ADDR", "http://env:8200",
        "VAULT_CACERT", "/env/ca.pem",
        "VAULT_CAPATH", "/env/cas",
        "VAULT_CLIENT_CERT", "/env/client.pem",
        "VAULT_CLIENT_KEY", "/env/client-key.pem",
        "VAULT_TLS_SERVER_NAME", "vault.internal",
        "VAULT_NAMESPACE", "env-ns"), NO_FLAGS, FILE).vault();
    assertThat(v.address()).isEqualTo("http://env:8200");
    assertThat(v.caCert()).contains("/env/ca.pem");
    assertThat(v.caPath()).contains("/env/cas");
    assertThat(v.clientCert()).contains("/env/client.pem");
    assertThat(v.clientKey()).contains("/env/client-key.pem");
    assertThat(v.tlsServerName()).contains("vault.internal");
    assertThat(v.namespace()).contains("env-ns");
  }

  @Test
  void flagBeatsEnvironment() {
    ConfigOverrides flags = new ConfigOverrides("http://flag:8200", "/flag/ca.pem", null, null, null, false, null,
        "flag-ns", true, "error", "json");
    AgentConfig c = load(Map.of("VAULT_ADDR", "http://env:8200", "VAULT_CACERT", "/env/ca.pem",
        "VAULT_SKIP_VERIFY", "true", "VAULT_NAMESPACE", "env-ns", "VAULT_LOG_LEVEL", "debug"), flags, FILE);
    assertThat(c.vault().address()).isEqualTo("http://flag:8200");
    assertThat(c.vault().caCert()).contains("/flag/ca.pem");
    assertThat(c.vault().tlsSkipVerify()).isFalse();
    assertThat(c.vault().namespace()).contains("flag-ns");
    assertThat(c.exitAfterAuth()).isTrue();
    assertThat(c.log().level()).isEqualTo(Log.Level.ERROR);
    assertThat(c.log().format()).isEqualTo(Log.Format.JSON);
  }

  @Test
  void skipVerifyFalseInTheEnvironmentMeansFalseUnlikeVault() {
    assertThat(load(Map.of("VAULT_SKIP_VERIFY", "false"), NO_FLAGS, FILE).vault().tlsSkipVerify()).isFalse();
    assertThat(load(Map.of("VAULT_SKIP_VERIFY", "0"), NO_FLAGS, FILE).vault().tlsSkipVerify()).isFalse();
    assertThat(load(Map.of("VAULT_SKIP_VERIFY", "1"), NO_FLAGS, AUTO_AUTH).vault().tlsSkipVerify()).isTrue();
    assertThat(load(Map.of("VAULT_SKIP_VERIFY", ""), NO_FLAGS, FILE).vault().tlsSkipVerify())
        .as("empty counts as unset").isTrue();
  }

  @Test
  void unparseableSkipVerifyIsAnError() {
    assertThat(ConfigTestSupport.errors(Map.of("VAULT_SKIP_VERIFY", "yes please"), AUTO_AUTH))
        .singleElement().hasToString("VAULT_SKIP_VERIFY: must be true or false (also accepted: 1, 0, t, f)");
  }

  @Test
  void openBaoNamesAreTheFallback() {
    assertThat(load(Map.of("BAO_ADDR", "http://bao:8200"), NO_FLAGS, FILE).vault().address())
        .isEqualTo("http://bao:8200");
    assertThat(load(Map.of("BAO_ADDR", "http://bao:8200", "VAULT_ADDR", "http://vault:8200"), NO_FLAGS, FILE)
        .vault().address()).isEqualTo("http://vault:8200");
  }

  @Test
  void logLevelFromEnvironmentBeatsTheFile() {
    assertThat(load(Map.of(), NO_FLAGS, FILE).log().level()).isEqualTo(Log.Level.WARN);
    assertThat(load(Map.of("VAULT_LOG_LEVEL", "trace"), NO_FLAGS, FILE).log().level()).isEqualTo(Log.Level.TRACE);
    assertThat(ConfigTestSupport.errors(Map.of("VAULT_LOG_LEVEL", "loud"), FILE)).singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith("VAULT_LOG_LEVEL: unknown log level"));
  }

  @Test
  void disableIdleConnectionsEnvironmentReplacesTheFileValue() {
    AgentConfig c = load(Map.of("VAULT_AGENT_DISABLE_IDLE_CONNECTIONS", "Auto-Auth, templating"), NO_FLAGS,
        AUTO_AUTH + "disable_idle_connections = [\"caching\"]\n");
    assertThat(c.disableIdleConnections())
        .containsExactlyInAnyOrder(AgentConfig.Subsystem.AUTO_AUTH, AgentConfig.Subsystem.TEMPLATING);
  }

  @Test
  void aadEnvVarIsReadFromTheGivenEnvironment() {
    String sink = """
        auto_auth {
          method "approle" {}
          sink "file" {
            dh_type     = "curve25519"
            dh_path     = "/dh.pub"
            aad         = "from-file"
            aad_env_var = "MY_AAD"
            config = { path = "/t" }
          }
        }
        """;
    assertThat(load(Map.of("MY_AAD", "from-env"), NO_FLAGS, sink).autoAuth().orElseThrow().sinks().get(0).aad())
        .contains("from-env");
    assertThat(load(Map.of(), NO_FLAGS, sink).autoAuth().orElseThrow().sinks().get(0).aad())
        .as("Vault replaces aad even when the variable is unset").isEmpty();
  }

  @Test
  void agentConfigPathIsUsedOnlyWithoutConfigFlags(@TempDir Path dir) throws Exception {
    Path fromEnv = Files.writeString(dir.resolve("env.hcl"), AUTO_AUTH + "pid_file = \"/env.pid\"\n");
    Path fromFlag = Files.writeString(dir.resolve("flag.hcl"), AUTO_AUTH + "pid_file = \"/flag.pid\"\n");
    Map<String, String> env = Map.of("VAULT_AGENT_CONFIG_PATH", fromEnv.toString());
    assertThat(ConfigLoader.load(List.of(), env).config().pidFile()).contains("/env.pid");
    assertThat(ConfigLoader.load(List.of(fromFlag), env).config().pidFile()).contains("/flag.pid");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .hasToString("vaultlet: no configuration given: pass -config <file|dir> or set VAULT_AGENT_CONFIG_PATH"));
  }

  @Test
  void exitAfterAuthFlagOverridesTheFileBothWays() {
    String file = AUTO_AUTH + "exit_after_auth = true\n";
    ConfigOverrides off = new ConfigOverrides(null, null, null, null, null, null, null, null, false, null, null);
    assertThat(load(Map.of(), NO_FLAGS, file).exitAfterAuth()).isTrue();
    assertThat(load(Map.of(), off, file).exitAfterAuth()).isFalse();
  }
}
