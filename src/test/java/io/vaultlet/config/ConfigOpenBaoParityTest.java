package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ExecConfig.RestartPolicy;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.TemplateEngine;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenBao's {@code config_test.go} assertions (vault-agent.md §7.2), ported as deep equality on the records. Where
 * OpenBao compares before defaults are applied (it leaves unset fields zero), the expected records here carry the
 * defaults, which is what the agent then uses.
 */
class ConfigOpenBaoParityTest {

  private static final Map<String, String> ENV = Map.of("TEST_AAD_ENV", "aad");

  @BeforeEach
  void corpusIsThere() {
    Assumptions.assumeTrue(Files.isDirectory(ConfigFixtureWalkTest.CORPUS),
        "fixture corpus " + ConfigFixtureWalkTest.CORPUS.toAbsolutePath().normalize() + " is absent: skipped");
  }

  private static AgentConfig fixture(String name) throws ConfigException {
    return ConfigLoader.load(List.of(ConfigFixtureWalkTest.CORPUS.resolve(name)), ENV).config();
  }

  private static void assertDeepEquals(Object actual, Object expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*position", ".*name")
        .isEqualTo(expected);
  }

  @Test
  void labelFormAndTypeFormGiveTheSameConfig() throws ConfigException {
    AgentConfig typed = fixture("config.hcl");
    AgentConfig labelled = fixture("config-embedded-type.hcl");

    MethodConfig method = new MethodConfig(null, "aws", "auth/aws", Optional.of("my-namespace/"), Duration.ZERO,
        Duration.ofSeconds(1), Duration.ofMinutes(5), false, freeform("role", "foobar"));
    SinkConfig first = new SinkConfig(null, "file", Duration.ZERO, Optional.of("curve25519"),
        Optional.of("/tmp/file-foo-dhpath"), false, Optional.of("foobar"), "/tmp/file-foo", 0640, Optional.empty(),
        Optional.empty(), freeform("path", "/tmp/file-foo"));
    SinkConfig second = new SinkConfig(null, "file", Duration.ofMinutes(5), Optional.of("curve25519"),
        Optional.of("/tmp/file-foo-dhpath2"), true, Optional.of("aad"), "/tmp/file-bar", 0640, Optional.empty(),
        Optional.empty(), freeform("path", "/tmp/file-bar"));

    for (AgentConfig c : List.of(typed, labelled)) {
      assertThat(c.pidFile()).contains("./pidfile");
      assertThat(c.log().file()).contains("/var/log/vault/vault-agent.log");
      assertDeepEquals(c.autoAuth().orElseThrow().method(), method);
      assertDeepEquals(c.autoAuth().orElseThrow().sinks(), List.of(first, second));
    }
    assertDeepEquals(labelled, typed);
  }

  @Test
  void methodBackoffAndWrappingIntegersAreSeconds() throws ConfigException {
    MethodConfig expected = new MethodConfig(null, "aws", "auth/aws", Optional.empty(), Duration.ofMinutes(5),
        Duration.ofSeconds(5), Duration.ofMinutes(2), false, freeform("role", "foobar"));
    AgentConfig initialBackoff = fixture("config-method-initial-backoff.hcl");
    assertDeepEquals(initialBackoff.autoAuth().orElseThrow().method(), expected);
    assertThat(initialBackoff.autoAuth().orElseThrow().sinks()).singleElement()
        .satisfies(s -> assertThat(s.path()).isEqualTo("/tmp/file-foo"));

    AgentConfig exitOnErr = fixture("config-method-exit-on-err.hcl");
    assertDeepEquals(exitOnErr.autoAuth().orElseThrow().method(), new MethodConfig(null, "aws", "auth/aws",
        Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofMinutes(2), true,
        freeform("role", "foobar")));

    AgentConfig wrapping = fixture("config-method-wrapping.hcl");
    assertThat(wrapping.autoAuth().orElseThrow().method().wrapTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(wrapping.autoAuth().orElseThrow().method().minBackoff()).as("default").isEqualTo(Duration.ofSeconds(1));
    assertThat(wrapping.autoAuth().orElseThrow().method().maxBackoff()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void fullTemplateKeepsTheSecondWaitAndPrefersExecOverLegacyCommand() throws ConfigException {
    TemplateConfig expected = new TemplateConfig(null, Optional.empty(),
        Optional.of("{{ keyOrDefault \"service/redis/maxconns@east-aws\" \"5\" }}"),
        "/path/on/disk/where/template/will/render.txt", true, Optional.of(0655), true,
        Optional.of(new CommandConfig(List.of("foo"), Duration.ofSeconds(10))), true, true, "<<", ">>",
        Optional.of("/path/on/disk/where"), List.of(),
        Optional.of(new WaitConfig(Duration.ofSeconds(10), Duration.ofSeconds(40))), Optional.empty(),
        Optional.empty(), Optional.empty(), TemplateEngine.GOTEMPLATE, Duration.ZERO, Optional.empty());
    assertDeepEquals(fixture("config-template-full.hcl").templates(), List.of(expected));
  }

  @Test
  void legacyCommandAndTimeoutBecomeTheTemplateCommand() throws ConfigException {
    TemplateConfig t = fixture("config-template-full-nosink.hcl").templates().get(0);
    assertThat(t.command()).contains(new CommandConfig(List.of("restart service foo"), Duration.ofMinutes(1)));
  }

  @Test
  void manyTemplatesKeepTheirOrderPermsAndWaits() throws ConfigException {
    List<TemplateConfig> templates = fixture("config-template-many.hcl").templates();
    assertThat(templates).hasSize(2);
    TemplateConfig first = templates.get(0);
    assertThat(first.source()).contains("/path/on/disk/to/template.ctmpl");
    assertThat(first.perms()).contains(0600);
    assertThat(first.command()).contains(new CommandConfig(List.of("restart service foo"), Duration.ofSeconds(30)));
    assertThat(first.waitConfig()).isEmpty();
    TemplateConfig second = templates.get(1);
    assertThat(second.destination()).isEqualTo("/path/on/disk/where/template/will/render2.txt");
    assertThat(second.perms()).contains(0755);
    assertThat(second.backup()).isTrue();
    assertThat(second.waitConfig()).contains(new WaitConfig(Duration.ofSeconds(2), Duration.ofSeconds(10)));
  }

  @Test
  void minimalTemplateGetsConsulTemplateDefaults() throws ConfigException {
    TemplateConfig expected = new TemplateConfig(null, Optional.of("/path/on/disk/to/template.ctmpl"),
        Optional.empty(), "/path/on/disk/where/template/will/render.txt", true, Optional.empty(), false,
        Optional.empty(), false, true, "{{", "}}", Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), TemplateEngine.GOTEMPLATE, Duration.ZERO, Optional.empty());
    assertDeepEquals(fixture("config-template-min.hcl").templates(), List.of(expected));
  }

  @Test
  void templateConfigSecondsAndVaultRetries() throws ConfigException {
    AgentConfig set = fixture("config-template_config.hcl");
    assertThat(set.templateSettings()).isEqualTo(new TemplateSettings(true, Duration.ofMinutes(1), 10, 0.9,
        Optional.empty()));
    assertThat(set.vault().address()).isEqualTo("http://127.0.0.1:1111");
    assertThat(set.vault().numRetries()).isEqualTo(5);

    AgentConfig empty = fixture("config-template_config-empty.hcl");
    assertThat(empty.templateSettings()).isEqualTo(TemplateSettings.defaults());
    assertThat(empty.templateSettings().exitOnRetryFailure()).isFalse();
  }

  @Test
  void emptyRetryBlockMeansTwelveRetries() throws ConfigException {
    assertThat(fixture("config-vault-retry-empty.hcl").vault().numRetries()).isEqualTo(12);
    assertThat(fixture("config-vault-retry.hcl").vault().numRetries()).isEqualTo(5);
  }

  @Test
  void execDefaultsAndExplicitValues() throws ConfigException {
    ExecConfig simple = fixture("config-env-templates-simple.hcl").exec().orElseThrow();
    assertThat(simple.command()).containsExactly("/path/to/my/app", "arg1", "arg2");
    assertThat(simple.restartOnSecretChanges()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(simple.restartStopSignal()).isEqualTo("SIGTERM");

    AgentConfig complex = fixture("config-env-templates-complex.hcl");
    assertThat(complex.exec().orElseThrow().command()).containsExactly("env");
    assertThat(complex.exec().orElseThrow().restartOnSecretChanges()).isEqualTo(RestartPolicy.NEVER);
    assertThat(complex.exec().orElseThrow().restartStopSignal()).isEqualTo("SIGINT");
    assertThat(complex.envTemplates()).extracting(EnvTemplateConfig::name).containsExactly("FOO_PASSWORD", "FOO_USER");
  }

  @Test
  void vaultBlockWithWeakBooleanSkipVerify() throws ConfigException {
    VaultConfig vault = fixture("config-cache.hcl").vault();
    assertThat(vault).isEqualTo(new VaultConfig("http://127.0.0.1:1111", Optional.of("config_ca_cert"),
        Optional.of("config_ca_path"), Optional.of("config_client_cert"), Optional.of("config_client_key"), true,
        Optional.empty(), Optional.empty(), 12));
  }

  @Test
  void cacheUseAutoAuthTokenImpliesAnApiProxy() throws ConfigException {
    AgentConfig c = fixture("config-cache-no-listeners.hcl");
    assertThat(c.apiProxy()).hasValueSatisfying(p -> {
      assertThat(p.usesAutoAuthToken()).isTrue();
      assertThat(p.impliedByCache()).isTrue();
    });
    assertThat(c.cache().orElseThrow().persist()).hasValueSatisfying(p -> {
      assertThat(p.type()).isEqualTo("kubernetes");
      assertThat(p.path()).contains("/vault/agent-cache/");
      assertThat(p.keepAfterImport()).isTrue();
      assertThat(p.exitOnErr()).isTrue();
      assertThat(p.serviceAccountTokenFile()).contains("/tmp/serviceaccount/token");
    });
    assertThat(fixture("config-cache-auto_auth-force.hcl").apiProxy().orElseThrow().useAutoAuthToken())
        .contains(CacheConfig.AutoAuthTokenUse.FORCE);
    assertThat(fixture("config-cache-auto_auth-false.hcl").apiProxy()).isEmpty();
  }

  @Test
  void directoriesMergeTheirFiles() throws ConfigException {
    AgentConfig c = fixture("config-dir-cache");
    assertThat(c.listeners()).hasSize(4);
    assertThat(c.cache()).isPresent();
    assertThat(c.vault().address()).isEqualTo("http://127.0.0.1:1111");
    assertThat(c.autoAuth().orElseThrow().sinks()).hasSize(1);

    AgentConfig vaultBlock = fixture("config-dir-vault-block");
    assertThat(vaultBlock.vault().tlsSkipVerify()).isTrue();
    assertThat(vaultBlock.pidFile()).contains("./pidfile");
  }

  @Test
  void disableIdleConnectionsNamesSubsystems() throws ConfigException {
    assertThat(fixture("config-disable-idle-connections-all.hcl").disableIdleConnections())
        .containsExactlyInAnyOrder(AgentConfig.Subsystem.values());
    assertThat(fixture("config-disable-idle-connections-caching.hcl").disableIdleConnections())
        .containsExactly(AgentConfig.Subsystem.PROXYING);
    assertThat(fixture("config-disable-keep-alives-templating.hcl").disableKeepAlives())
        .containsExactly(AgentConfig.Subsystem.TEMPLATING);
    assertThat(fixture("config-disable-keep-alives-empty.hcl").disableKeepAlives()).isEmpty();
  }

  private static FreeformMap freeform(String key, Object value) {
    Map<String, FreeformMap.Entry> entries = new LinkedHashMap<>();
    entries.put(key, new FreeformMap.Entry(null, value));
    return new FreeformMap(null, "", entries);
  }
}
