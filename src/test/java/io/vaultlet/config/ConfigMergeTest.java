package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files merge the way Vault's {@code Config.Merge} merges them (vault-agent.md §1.1). */
class ConfigMergeTest {

  @TempDir Path dir;

  private static AgentConfig merged(String... files) {
    return ConfigTestSupport.load(Map.of(), ConfigOverrides.none(), files).config();
  }

  @Test
  void laterBlocksReplaceEarlierOnesWholesale() {
    AgentConfig c = merged(
        AUTO_AUTH + "vault {\n  address = \"http://a:8200\"\n  ca_cert = \"/a.pem\"\n}\n"
            + "template_config {\n  exit_on_retry_failure = true\n}\n",
        "vault {\n  address = \"http://b:8200\"\n}\ntemplate_config {\n  static_secret_render_interval = \"1m\"\n}\n");
    assertThat(c.vault().address()).isEqualTo("http://b:8200");
    assertThat(c.vault().caCert()).as("not merged key by key").isEmpty();
    assertThat(c.templateSettings().exitOnRetryFailure()).isFalse();
    assertThat(c.templateSettings().staticSecretRenderInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void autoAuthIsReplacedNotCombined() {
    AgentConfig c = merged(AUTO_AUTH,
        "auto_auth {\n  method \"jwt\" {}\n  sink \"file\" { config = { path = \"/other\" } }\n}\n");
    assertThat(c.autoAuth().orElseThrow().method().type()).isEqualTo("jwt");
    assertThat(c.autoAuth().orElseThrow().sinks()).extracting(SinkConfig::path).containsExactly("/other");
  }

  @Test
  void templatesAndListenersAreConcatenatedInOrder() {
    AgentConfig c = merged(
        AUTO_AUTH + "template {\n  contents = \"1\"\n  destination = \"/one\"\n}\n"
            + "listener \"tcp\" { address = \"127.0.0.1:1\" }\n",
        "template {\n  contents = \"2\"\n  destination = \"/two\"\n}\nlistener \"unix\" { address = \"/s\" }\n");
    assertThat(c.templates()).extracting(TemplateConfig::destination).containsExactly("/one", "/two");
    assertThat(c.listeners()).extracting(ListenerConfig::type).containsExactly("tcp", "unix");
    assertThat(c.templates().get(1).position().file()).isEqualTo("b.hcl");
  }

  @Test
  void flagsAreOredAndScalarsTakeTheLastValueWritten() {
    AgentConfig c = merged(
        AUTO_AUTH + "exit_after_auth = true\npid_file = \"/a.pid\"\nlog_level = \"debug\"\n"
            + "disable_keep_alives = [\"auto-auth\"]\n",
        "exit_after_auth = false\nlog_file = \"/var/log/v.log\"\ndisable_keep_alives = [\"templating\"]\n",
        "pid_file = \"/c.pid\"\n");
    assertThat(c.exitAfterAuth()).isTrue();
    assertThat(c.pidFile()).contains("/c.pid");
    assertThat(c.log().level()).isEqualTo(io.vaultlet.support.Log.Level.DEBUG);
    assertThat(c.log().file()).contains("/var/log/v.log");
    assertThat(c.disableKeepAlives())
        .containsExactlyInAnyOrder(AgentConfig.Subsystem.AUTO_AUTH, AgentConfig.Subsystem.TEMPLATING);
  }

  @Test
  void aSingletonBlockMayAppearOncePerFile() {
    AgentConfig c = merged(AUTO_AUTH + "vault {\n  address = \"http://a\"\n}\n", "vault {\n  address = \"http://b\"\n}\n");
    assertThat(c.vault().address()).isEqualTo("http://b");
  }

  @Test
  void validationRunsOnceOnTheMergedResult() {
    AgentConfig c = merged("auto_auth {\n  method \"approle\" {}\n}\n",
        "template {\n  contents = \"x\"\n  destination = \"/out\"\n}\n");
    assertThat(c.templates()).hasSize(1);
  }

  @Test
  void renewBeforeFallsBackToTemplateConfigOfTheMergedFiles() {
    AgentConfig c = merged(
        AUTO_AUTH + "template {\n  contents = \"a\"\n  destination = \"/a\"\n}\n"
            + "template {\n  contents = \"b\"\n  destination = \"/b\"\n  renew_before = \"1h\"\n}\n",
        "template_config {\n  renew_before = \"7d\"\n}\n");
    assertThat(c.templates()).extracting(TemplateConfig::renewBefore)
        .containsExactly(Optional.of(Duration.ofDays(7)), Optional.of(Duration.ofHours(1)));
  }

  @Test
  void directoryFilesLoadInNameOrderSkippingEditorFilesAndOtherExtensions() throws Exception {
    write("20-vault.hcl", "vault {\n  address = \"http://second\"\n}\n");
    write("10-base.hcl", AUTO_AUTH + "vault {\n  address = \"http://first\"\n}\n");
    write("30-vault.hcl~", "vault {\n  address = \"http://vim-backup\"\n}\n");
    write(".#40-vault.hcl", "vault {\n  address = \"http://emacs-lock\"\n}\n");
    write("#50-vault.hcl#", "vault {\n  address = \"http://emacs-autosave\"\n}\n");
    write("60-notes.txt", "this is not configuration");
    write("70-extra.json", "{\"pid_file\": \"/from-json.pid\"}");
    Files.createDirectories(dir.resolve("nested.hcl"));

    AgentConfig c = ConfigLoader.load(List.of(dir), Map.of()).config();

    assertThat(c.vault().address()).isEqualTo("http://second");
    assertThat(c.pidFile()).contains("/from-json.pid");
  }

  @Test
  void severalConfigPathsMergeInTheOrderGiven() throws Exception {
    Path base = write("base.hcl", AUTO_AUTH + "vault {\n  address = \"http://base\"\n}\n");
    Path override = write("override.hcl", "vault {\n  address = \"http://override\"\n}\n");
    assertThat(ConfigLoader.load(List.of(base, override), Map.of()).config().vault().address())
        .isEqualTo("http://override");
    assertThat(ConfigLoader.load(List.of(override, base), Map.of()).config().vault().address())
        .isEqualTo("http://base");
  }

  @Test
  void problemsNameTheFileTheyAreIn() throws Exception {
    Path good = write("a.hcl", AUTO_AUTH);
    Path bad = write("b.hcl", "vault {\n  tls_skip_verify = \"maybe\"\n}\n");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(good, bad), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .hasToString(bad + ":2:21: 'vault.tls_skip_verify' must be a boolean (true, false, \"true\", \"false\","
                + " 1 or 0), got a string"));
  }

  @Test
  void missingPathsAndEmptyDirectoriesAreErrors() throws Exception {
    Path missing = dir.resolve("nope.hcl");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ConfigLoader.load(List.of(missing, empty), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
            .containsExactlyInAnyOrder(
                missing + ": cannot read configuration: no such file or directory",
                empty + ": directory contains no configuration files (*.hcl or *.json)"));
  }

  @Test
  void aFileThatDoesNotParseStopsTheMergeButOtherFilesAreStillChecked() {
    List<Problem> problems = ConfigTestSupport.errors(
        "auto_auth {\n  method \"approle\" {}\n}\nexec {\n  comand = \"x\"\n  command = [\"x\"]\n}\n",
        "template {\n  contents = \"x\"\n  destination = \"/out\"\n");
    assertThat(problems).extracting(p -> p.position().file()).containsExactly("agent.hcl", "b.hcl");
    assertThat(problems.get(0).message()).contains("unknown key 'comand'");
    assertThat(problems.get(1).message()).startsWith("invalid HCL: ");
  }

  @Test
  void editorFileNames() {
    assertThat(ConfigLoader.isConfigFile("agent.hcl")).isTrue();
    assertThat(ConfigLoader.isConfigFile("agent.json")).isTrue();
    assertThat(ConfigLoader.isConfigFile("agent.hcl~")).isFalse();
    assertThat(ConfigLoader.isConfigFile(".#agent.hcl")).isFalse();
    assertThat(ConfigLoader.isConfigFile("#agent.hcl#")).isFalse();
    assertThat(ConfigLoader.isConfigFile("agent.yaml")).isFalse();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
