package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static io.vaultlet.config.ConfigTestSupport.strictErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Unknown keys, block by block as Vault Agent decodes them: where Vault uses HCL1's {@code DecodeObject} into a struct
 * (unknown keys dropped) vaultlet loads the file and warns once per key, or errs under {@code -strict}; where Vault
 * uses mapstructure with {@code ErrorUnused} ({@code template} with its {@code wait} and {@code exec},
 * {@code env_template}, {@code exec}) vaultlet errs too. Every case below comes from a real configuration or from
 * Vault's loader.
 */
class UnknownKeysTest {

  private static final String METHOD = """
      auto_auth {
        method "approle" {
          config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
        }
        sink "file" { config = { path = "/t" } }
      }
      """;

  /** A block Vault decodes leniently: the text, where the unknown key is, and the message. */
  static Stream<Arguments> lenientBlocks() {
    return Stream.of(
        Arguments.of("top level: a 'sink' outside auto_auth (a real config)", METHOD + """
            sink "file" {
              config = { path = "/tmp/vault-token" }
            }
            """, 7, 1, "unknown key 'sink' in the configuration", " ('sink' belongs in 'auto_auth')"),
        Arguments.of("top level: an 'openbao' block (a real config)", METHOD + """
            openbao {
              address = "https://openbao:8200"
            }
            """, 7, 1, "unknown key 'openbao' in the configuration", ""),
        Arguments.of("vault: 'token' and 'tls_ca_file' (consul-template keys)", METHOD + """
            vault {
              address     = "https://vault:8200"
              token       = "hvs.not-a-real-token"
              tls_ca_file = "/etc/ca.pem"
            }
            """, 9, 3, "unknown key 'token' in 'vault'", ""),
        Arguments.of("vault.retry: 'backoff'", METHOD + """
            vault {
              retry {
                num_retries = 5
                backoff     = "250ms"
              }
            }
            """, 10, 5, "unknown key 'backoff' in 'vault.retry'", ""),
        Arguments.of("auto_auth: 'mount_path' one level too high", """
            auto_auth {
              mount_path = "auth/approle-x"
              method "approle" {
                config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
              }
              sink "file" { config = { path = "/t" } }
            }
            """, 2, 3, "unknown key 'mount_path' in 'auto_auth'", " ('mount_path' belongs in 'auto_auth.method')"),
        Arguments.of("auto_auth: 'exit_after_auth' one level too low", """
            auto_auth {
              method "approle" {
                config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
              }
              sink "file" { config = { path = "/t" } }
              exit_after_auth = true
            }
            """, 6, 3, "unknown key 'exit_after_auth' in 'auto_auth'",
            " ('exit_after_auth' belongs in the top level)"),
        Arguments.of("auto_auth.method: 'name' and TLS files", """
            auto_auth {
              method "cert" {
                name        = "web"
                ca_cert     = "/etc/ca.pem"
                client_cert = "/etc/cert.pem"
                client_key  = "/etc/key.pem"
              }
              sink "file" { config = { path = "/t" } }
            }
            """, 3, 5, "unknown key 'name' in 'auto_auth.method'", ""),
        Arguments.of("auto_auth.sink: a near miss", """
            auto_auth {
              method "approle" {
                config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
              }
              sink "file" {
                wrap_tll = "5m"
                config = { path = "/t" }
              }
            }
            """, 6, 5, "unknown key 'wrap_tll' in 'auto_auth.sink'", " (did you mean \"wrap_ttl\"?)"),
        Arguments.of("auto_auth.sinks wrapper", """
            auto_auth {
              method "approle" {
                config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
              }
              sinks {
                sinc { config = { path = "/u" } }
                sink { type = "file" config = { path = "/t" } }
              }
            }
            """, 6, 5, "unknown key 'sinc' in 'auto_auth.sinks'", " (did you mean \"sink\"?)"),
        Arguments.of("file sink config: a near miss", """
            auto_auth {
              method "approle" {
                config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
              }
              sink "file" {
                config = {
                  path = "/t"
                  mdoe = 0600
                }
              }
            }
            """, 8, 7, "unknown key 'mdoe' in 'auto_auth.sink.config'", " (did you mean \"mode\"?)"),
        Arguments.of("template_config: 'error_on_missing_key' belongs to each template", METHOD + """
            template_config {
              exit_on_retry_failure = true
              error_on_missing_key  = true
            }
            """, 9, 3, "unknown key 'error_on_missing_key' in 'template_config'",
            " ('error_on_missing_key' belongs in 'template')"),
        Arguments.of("cache", METHOD + """
            cache {
              use_auto_auth_tokn = true
            }
            listener "tcp" { address = "127.0.0.1:8100" }
            """, 8, 3, "unknown key 'use_auto_auth_tokn' in 'cache'", " (did you mean \"use_auto_auth_token\"?)"),
        Arguments.of("cache.persist", METHOD + """
            cache {
              persist "kubernetes" {
                path  = "/vault/agent-cache"
                paht2 = "x"
              }
            }
            listener "tcp" { address = "127.0.0.1:8100" }
            """, 10, 5, "unknown key 'paht2' in 'cache.persist'", " (did you mean \"path\"?)"),
        Arguments.of("api_proxy", METHOD + """
            api_proxy {
              use_auto_auth_token = true
              enforce_consistancy = "always"
            }
            listener "tcp" { address = "127.0.0.1:8100" }
            """, 9, 3, "unknown key 'enforce_consistancy' in 'api_proxy'",
            " (did you mean \"enforce_consistency\"?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenientBlocks")
  void vaultIgnoresUnknownKeysHereSoVaultletWarns(
      String name, String hcl, int line, int column, String what, String hint) {
    List<Problem> warnings = load(hcl).warnings().stream()
        .filter(w -> w.message().startsWith("unknown key")).toList();
    assertThat(warnings).first().hasToString("agent.hcl:" + line + ":" + column + ": " + what + " is ignored" + hint);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenientBlocks")
  void strictTurnsTheWarningIntoAnError(String name, String hcl, int line, int column, String what, String hint) {
    assertThat(strictErrors(hcl)).first().hasToString("agent.hcl:" + line + ":" + column + ": " + what + hint
        + " (Vault Agent ignores it; -strict makes it an error)");
  }

  @Test
  void theKeysVaultletKnowsStillBindNextToAnIgnoredOne() {
    AgentConfig config = load("""
        auto_auth {
          mount_path = "ignored"
          method "approle" {
            mount_path = "auth/approle-x"
            name       = "ignored"
            config = { role_id_file_path = "/r", secret_id_file_path = "/s" }
          }
          sink "file" { config = { path = "/t" } }
        }
        vault {
          address = "https://vault:8200"
          token   = "hvs.ignored"
          retry {
            num_retries = 3
            backoff     = "1s"
          }
        }
        """).config();
    assertThat(config.autoAuth().orElseThrow().method().mountPath()).isEqualTo("auth/approle-x");
    assertThat(config.vault().address()).isEqualTo("https://vault:8200");
    assertThat(config.vault().numRetries()).isEqualTo(3);
  }

  @Test
  void aKeyIsReportedOnceEvenWhenRepeated() {
    LoadedConfig loaded = load(METHOD + """
        vault {
          tls_ca_file = "/a"
          tls_ca_file = "/b"
        }
        """);
    assertThat(loaded.warnings()).extracting(Problem::message).containsExactly("unknown key 'tls_ca_file' in 'vault'"
        + " is ignored");
  }

  // ---- blocks Vault decodes strictly ------------------------------------------------------------------------------

  static Stream<Arguments> strictBlocks() {
    return Stream.of(
        Arguments.of("template", METHOD + """
            template {
              contents    = "x"
              destination = "/out"
              wait_time   = "5s"
            }
            """, "agent.hcl:10:3: unknown key 'wait_time' in 'template'"),
        Arguments.of("template.wait", METHOD + """
            template {
              contents    = "x"
              destination = "/out"
              wait {
                min = "1s"
                mx  = "2s"
              }
            }
            """, "agent.hcl:12:5: unknown key 'mx' in 'template.wait' (did you mean \"max\"?)"),
        Arguments.of("template.exec", METHOD + """
            template {
              contents    = "x"
              destination = "/out"
              exec {
                command  = ["true"]
                timeut   = "5s"
              }
            }
            """, "agent.hcl:12:5: unknown key 'timeut' in 'template.exec' (did you mean \"timeout\"?)"),
        Arguments.of("env_template", METHOD + """
            exec { command = ["env"] }
            env_template "DB" {
              contents = "x"
              contnets = "y"
            }
            """, "agent.hcl:10:3: env_template[DB]: unknown key 'contnets' (did you mean \"contents\"?)"),
        Arguments.of("exec", METHOD + """
            exec {
              command = ["env"]
              restart_on_secret_change = "never"
            }
            env_template "DB" { contents = "x" }
            """, "agent.hcl:9:3: unknown key 'restart_on_secret_change' in 'exec'"
            + " (did you mean \"restart_on_secret_changes\"?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strictBlocks")
  void vaultRejectsUnknownKeysHereAndSoDoesVaultlet(String name, String hcl, String expected) {
    assertThat(errors(hcl)).extracting(Problem::toString).containsExactly(expected);
  }

  // ---- long names -------------------------------------------------------------------------------------------------

  @Test
  void aHugeKeyIsCutInTheMessage() {
    String key = "k".repeat(1_000_000);
    Problem w = load(METHOD + key + " = 1\n").warnings().get(0);
    assertThat(w.message()).isEqualTo("unknown key '" + "k".repeat(64) + "…' in the configuration is ignored");
    Problem e = errors(METHOD + "template {\n  contents = \"x\"\n  destination = \"/o\"\n  " + key + " = 1\n}\n")
        .get(0);
    assertThat(e.message()).isEqualTo("unknown key '" + "k".repeat(64) + "…' in 'template'");
  }

  @Test
  void aHugeValueIsCutInTheMessage() {
    String value = "x".repeat(100_000);
    Problem e = errors(METHOD + "template_config {\n  static_secret_render_interval = \"" + value + "\"\n}\n")
        .get(0);
    assertThat(e.message()).isEqualTo("'template_config.static_secret_render_interval': invalid duration \""
        + "x".repeat(64) + "…\" (expected e.g. \"30s\", \"5m\", \"1h30m\")");
    assertThat(errors(METHOD.replace("\"approle\"", "\"" + value + "\"")).get(0).message())
        .startsWith("unknown auth method \"" + "x".repeat(64) + "…\"").hasSizeLessThan(400);
  }

  @Test
  void unknownKeyAssertionsAreNotVacuous() {
    // the lenient cases really are unknown keys: without them each file loads with no unknown-key warning
    assertThat(load(METHOD).warnings()).isEmpty();
    assertThat(load(AUTO_AUTH).warnings()).isEmpty();
  }
}
