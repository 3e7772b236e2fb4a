package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HCL1-JSON configuration, as tools such as vault-k8s write it (blocks as objects or arrays of objects). */
class ConfigJsonInputTest {

  @Test
  void vaultK8sStyleJsonLoads() {
    AgentConfig c = ConfigTestSupport.load(Map.of(), ConfigOverrides.none(), """
        {
          "auto_auth": [{
            "method": [{
              "type": "kubernetes",
              "mount_path": "auth/k8s/",
              "config": {"role": "app", "token_path": "/var/run/secrets/token"}
            }],
            "sink": [{"type": "file", "config": {"path": "/home/vault/.vault-token"}}]
          }],
          "exit_after_auth": false,
          "pid_file": "/home/vault/.pid",
          "vault": {"address": "https://vault.example:8200", "retry": [{"num_retries": "3"}]},
          "template_config": [{"exit_on_retry_failure": true, "static_secret_render_interval": "2m"}],
          "template": [
            {"destination": "/vault/secrets/db", "contents": "{{ with secret \\"db/creds/app\\" }}{{ end }}",
             "left_delimiter": "{{", "right_delimiter": "}}", "error_on_missing_key": true},
            {"destination": "/vault/secrets/kv", "source": "/vault/templates/kv.ctmpl", "perms": "0600"}
          ]
        }
        """).config();
    assertThat(c.autoAuth().orElseThrow().method().type()).isEqualTo("kubernetes");
    assertThat(c.autoAuth().orElseThrow().method().mountPath()).isEqualTo("auth/k8s");
    assertThat(c.autoAuth().orElseThrow().method().config().values()).containsEntry("role", "app");
    assertThat(c.autoAuth().orElseThrow().sinks()).extracting(SinkConfig::path).containsExactly("/home/vault/.vault-token");
    assertThat(c.vault().numRetries()).as("a numeric string, as vault-k8s writes it").isEqualTo(3);
    assertThat(c.templateSettings().staticSecretRenderInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.templates()).extracting(TemplateConfig::destination)
        .containsExactly("/vault/secrets/db", "/vault/secrets/kv");
    assertThat(c.templates().get(1).perms()).contains(0600);
    assertThat(c.templates().get(0).errorOnMissingKey()).isTrue();
  }

  @Test
  void envTemplateNamesAreJsonObjectKeys() {
    AgentConfig c = ConfigTestSupport.load(Map.of(), ConfigOverrides.none(), """
        {
          "auto_auth": [{"method": [{"type": "token_file", "config": {"token_file_path": "/t"}}]}],
          "env_template": {"DB_USER": {"contents": "u"}, "DB_PASSWORD": {"contents": "p"}},
          "exec": {"command": ["app"]}
        }
        """).config();
    assertThat(c.envTemplates()).extracting(EnvTemplateConfig::name).containsExactly("DB_USER", "DB_PASSWORD");
  }

  @Test
  void nestedObjectsWhereNoLabelBelongsAreExplained() {
    java.util.List<Problem> problems = ConfigTestSupport.errors("""
        {"auto_auth": {"method": {"approle": {"config": {"role_id_file_path": "/r"}}}}}
        """);
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
        .contains("'auto_auth' takes no label, found \"method\"")
        .contains("write the block as an array of objects"));
  }
}
