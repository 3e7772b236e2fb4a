package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ExecConfig.RestartPolicy;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.TemplateEngine;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.support.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Vault Agent's defaults (vault-agent.md §1.3–§1.8, consul-template.md §5.1), and vaultlet's for its extensions. */
class ConfigDefaultsTest {

  private static final String TEMPLATE = "template {\n  contents = \"x\"\n  destination = \"/out\"\n}\n";

  @Test
  void topLevelDefaults() {
    AgentConfig c = config(AUTO_AUTH);
    assertThat(c.vault()).isEqualTo(VaultConfig.defaults());
    assertThat(c.templateSettings()).isEqualTo(new TemplateSettings(false, Duration.ofMinutes(5), 10, 0.9,
        Optional.empty()));
    assertThat(c.log()).isEqualTo(new LogConfig(Log.Level.INFO, Log.Format.STANDARD, Optional.empty(),
        Duration.ofHours(24), 0, 0));
    assertThat(c.pidFile()).isEmpty();
    assertThat(c.exitAfterAuth()).isFalse();
    assertThat(c.disableIdleConnections()).isEmpty();
    assertThat(c.disableKeepAlives()).isEmpty();
    assertThat(c.exec()).isEmpty();
    assertThat(c.cache()).isEmpty();
    assertThat(c.apiProxy()).isEmpty();
    assertThat(c.telemetry()).isEmpty();
  }

  @Test
  void methodAndSinkDefaults() {
    AutoAuthConfig a = config(AUTO_AUTH).autoAuth().orElseThrow();
    MethodConfig m = a.method();
    assertThat(m.type()).isEqualTo("approle");
    assertThat(m.mountPath()).isEqualTo("auth/approle");
    assertThat(m.namespace()).isEmpty();
    assertThat(m.wrapTtl()).isZero();
    assertThat(m.minBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(m.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(m.exitOnErr()).isFalse();
    SinkConfig s = a.sinks().get(0);
    assertThat(s.mode()).isEqualTo(0640);
    assertThat(s.wrapTtl()).isZero();
    assertThat(s.dhType()).isEmpty();
    assertThat(s.uid()).isEmpty();
    assertThat(a.enableReauthOnNewCredentials()).isFalse();
  }

  @Test
  void mountPathLosesOneTrailingSlashAndNamespaceIsCanonical() {
    MethodConfig m = config("""
        auto_auth {
          method "kubernetes" {
            mount_path = "auth/k8s-prod//"
            namespace  = "/team-a"
          }
          sink "file" { config = { path = "/t", mode = 0600, owner = 1000, gid = 2000 } }
        }
        """).autoAuth().orElseThrow().method();
    assertThat(m.mountPath()).isEqualTo("auth/k8s-prod/");
    assertThat(m.namespace()).contains("team-a/");
  }

  @Test
  void methodConfigKeepsValuesAndPositionsAsWritten() throws ConfigException {
    FreeformMap config = config("""
        auto_auth {
          method "aws" {
            config = {
              type   = "iam"
              role   = "app"
              header = "a"
              header = "b"
              header = "c"
              nested { ttl = 30 }
              region = 0640
              remove_secret_id_file_after_reading = "true"
            }
          }
          sink "file" { config = { path = "/t" } }
        }
        """).autoAuth().orElseThrow().method().config();
    assertThat(config.name()).isEqualTo("auto_auth.method.config");
    assertThat(config.values()).containsEntry("header", List.of("a", "b", "c"))
        .containsEntry("nested", java.util.Map.of("ttl", 30L))
        .containsEntry("region", 416L);
    assertThat(config.positionOf("role")).isEqualTo(new io.vaultlet.config.hcl.Position("agent.hcl", 5, 7));
    assertThat(config.string("role")).contains("app");
    assertThat(config.bool("remove_secret_id_file_after_reading")).contains(true);
    assertThat(config.integer("region")).contains(416L);
    assertThat(config.stringList("header")).containsExactly("a", "b", "c");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.duration("type"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().hasToString(
            "agent.hcl:4:7: 'type' in auto_auth.method.config is not a valid duration (expected e.g. \"30s\","
                + " \"5m\", \"1h30m\" or a number of seconds)"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.requireString("missing"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().hasToString(
            "agent.hcl:3:5: 'missing' must be set in auto_auth.method.config"));
  }

  @Test
  void sinkOwnersInVaultOrOpenBaoSpelling() {
    SinkConfig s = config("""
        auto_auth {
          method "jwt" {}
          sink "file" { config = { path = "/t", mode = 0600, owner = 1000, gid = 2000 } }
        }
        """).autoAuth().orElseThrow().sinks().get(0);
    assertThat(s.mode()).isEqualTo(0600);
    assertThat(s.uid()).contains(1000);
    assertThat(s.gid()).contains(2000);
  }

  @Test
  void templateDefaults() {
    TemplateConfig t = config(AUTO_AUTH + TEMPLATE).templates().get(0);
    assertThat(t.createDestDirs()).isTrue();
    assertThat(t.backup()).as("consul-template's code default (Vault's docs say true)").isFalse();
    assertThat(t.perms()).as("keep the existing mode, else 0644").isEmpty();
    assertThat(t.command()).isEmpty();
    assertThat(t.errorOnMissingKey()).isFalse();
    assertThat(t.errorFatal()).isTrue();
    assertThat(t.leftDelimiter()).isEqualTo("{{");
    assertThat(t.rightDelimiter()).isEqualTo("}}");
    assertThat(t.waitConfig()).isEmpty();
    assertThat(t.user()).isEmpty();
    assertThat(t.group()).isEmpty();
    assertThat(t.publishGroup()).isEmpty();
    assertThat(t.engine()).isEqualTo(TemplateEngine.GOTEMPLATE);
    assertThat(t.commandJitter()).isZero();
    assertThat(t.renewBefore()).isEmpty();
  }

  @Test
  void commandTimeoutDefaultsToThirtySecondsAndAStringIsOneCommand() {
    TemplateConfig t = config(AUTO_AUTH + """
        template {
          contents    = "x"
          destination = "/out"
          command     = "systemctl reload nginx"
        }
        """).templates().get(0);
    assertThat(t.command()).contains(new CommandConfig(List.of("systemctl reload nginx"), Duration.ofSeconds(30)));
  }

  @Test
  void waitMaxDefaultsToFourTimesMinAndTheStringFormWorks() {
    List<TemplateConfig> templates = config(AUTO_AUTH + """
        template {
          contents    = "a"
          destination = "/a"
          wait { min = "5s" }
        }
        template {
          contents    = "b"
          destination = "/b"
          wait        = "2s:7s"
        }
        template {
          contents    = "c"
          destination = "/c"
          wait { min = "0s" }
        }
        """).templates();
    assertThat(templates).extracting(TemplateConfig::waitConfig).containsExactly(
        Optional.of(new WaitConfig(Duration.ofSeconds(5), Duration.ofSeconds(20))),
        Optional.of(new WaitConfig(Duration.ofSeconds(2), Duration.ofSeconds(7))),
        Optional.empty());
  }

  @Test
  void ownerAndGroupNamesOrLegacyIds() {
    List<TemplateConfig> templates = config(AUTO_AUTH + """
        template {
          contents    = "a"
          destination = "/a"
          user        = "nginx"
          group       = "www-data"
          publish_group = "tls"
        }
        template {
          contents    = "b"
          destination = "/b"
          uid         = 101
          gid         = 33
        }
        """).templates();
    assertThat(templates.get(0).user()).contains("nginx");
    assertThat(templates.get(0).group()).as("the owning group, as in consul-template").contains("www-data");
    assertThat(templates.get(0).publishGroup()).contains("tls");
    assertThat(templates.get(1).user()).contains("101");
    assertThat(templates.get(1).group()).contains("33");
  }

  @Test
  void engineFollowsTheSourceExtensionUnlessWritten() {
    List<TemplateConfig> templates = config(AUTO_AUTH + """
        template {
          source      = "/templates/app.hbs"
          destination = "/a"
        }
        template {
          source      = "/templates/app.hbs"
          destination = "/b"
          engine      = "gotemplate"
        }
        template {
          contents    = "{{name}}"
          destination = "/c"
          engine      = "Handlebars"
        }
        """).templates();
    assertThat(templates).extracting(TemplateConfig::engine).containsExactly(
        TemplateEngine.HANDLEBARS, TemplateEngine.GOTEMPLATE, TemplateEngine.HANDLEBARS);
  }

  @Test
  void vaultletDurationsUseTheAgentLevelRules() {
    TemplateConfig t = config(AUTO_AUTH + """
        template {
          contents       = "x"
          destination    = "/out"
          command_jitter = 10
          renew_before   = "7d"
        }
        """).templates().get(0);
    assertThat(t.commandJitter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.renewBefore()).contains(Duration.ofDays(7));
  }

  @Test
  void functionBlacklistIsMergedIntoTheDenylistWithAWarning() {
    LoadedConfig loaded = ConfigTestSupport.load(AUTO_AUTH + """
        template {
          contents           = "x"
          destination        = "/out"
          function_denylist  = ["plugin"]
          function_blacklist = ["writeToFile"]
        }
        """);
    assertThat(loaded.config().templates().get(0).functionDenylist()).containsExactly("plugin", "writeToFile");
    assertThat(loaded.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("deprecated"));
  }

  @Test
  void retriesMinusOneMeansNone() {
    assertThat(config(AUTO_AUTH + "vault {\n  retry { num_retries = -1 }\n}\n").vault().numRetries()).isZero();
    assertThat(config(AUTO_AUTH + "vault {\n  retry { num_retries = 0 }\n}\n").vault().numRetries()).isEqualTo(12);
  }

  @Test
  void execDefaults() {
    ExecConfig e = config("""
        auto_auth {
          method "token_file" {}
        }
        env_template "A" { contents = "x" }
        exec { command = ["app"] }
        """).exec().orElseThrow();
    assertThat(e.restartOnSecretChanges()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(e.restartStopSignal()).isEqualTo("SIGTERM");
    assertThat(e.childProcessStdout()).isEmpty();
  }

  @Test
  void telemetryRetentionDefaultsToADayWhenTheBlockExists() {
    AgentConfig c = config(AUTO_AUTH + "telemetry {\n  disable_hostname = true\n}\n");
    assertThat(c.telemetry().orElseThrow().prometheusRetentionTime()).isEqualTo(Duration.ofHours(24));
    assertThat(c.telemetry().orElseThrow().disableHostname()).isTrue();
  }
}
