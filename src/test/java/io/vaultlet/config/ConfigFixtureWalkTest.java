package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks OpenBao's agent configuration fixtures (../shared/corpus/agent-config): every {@code config-*} loads, every
 * {@code bad-config-*} is rejected for the reason its name gives.
 */
class ConfigFixtureWalkTest {

  /** {@code ../shared} from the project root; one level further up when the project is a git worktree in a subfolder. */
  static final Path CORPUS = Stream.of(Path.of("..", "shared", "corpus", "agent-config"),
          Path.of("..", "..", "shared", "corpus", "agent-config"))
      .filter(Files::isDirectory).findFirst().orElse(Path.of("..", "shared", "corpus", "agent-config"));

  /** What the rejection message of each bad fixture must say. */
  private static final Map<String, String> BAD_REASONS = Map.ofEntries(
      Map.entry("bad-config-api_proxy-cache.hcl", "use_auto_auth_token defined in both api_proxy and cache"),
      Map.entry("bad-config-auto_auth-nosinks-nocache-notemplates.hcl", "auto_auth requires at least one sink"),
      Map.entry("bad-config-auto_auth-wrapped-multiple-sinks.hcl",
          "wrapping enabled on auth method and 0 or many sinks defined"),
      Map.entry("bad-config-cache-auto_auth-method-wrapping.hcl",
          "cache.use_auto_auth_token is true and auto_auth uses wrapping"),
      Map.entry("bad-config-cache-force-token-no-auth-method.hcl",
          "cache.use_auto_auth_token is true but auto_auth not configured"),
      Map.entry("bad-config-cache-inconsistent-auto_auth.hcl",
          "cache.use_auto_auth_token is true but auto_auth not configured"),
      Map.entry("bad-config-cache-no-listeners.hcl",
          "enabling the cache requires at least 1 template or 1 listener"),
      Map.entry("bad-config-disable-idle-connections.hcl", "unknown disable_idle_connections value: \"foo\""),
      Map.entry("bad-config-disable-keep-alives.hcl", "unknown disable_keep_alives value: \"foo\""),
      Map.entry("bad-config-env-templates-disalowed-fields.hcl",
          "env_template[FOO_PASSWORD]: 'destination' is not allowed"),
      Map.entry("bad-config-env-templates-invalid-signal.hcl", "'exec.restart_stop_signal' is not a valid signal"),
      Map.entry("bad-config-env-templates-missing-exec.hcl",
          "a top-level 'exec' element must be specified with 'env_template' entries"),
      Map.entry("bad-config-env-templates-no-name.hcl",
          "env_template: expected one and only one environment variable name, got 0"),
      Map.entry("bad-config-env-templates-with-file-templates.hcl",
          "'template' cannot be specified with 'env_template' entries"),
      Map.entry("bad-config-env-templates-with-proxy.hcl",
          "'api_proxy' cannot be specified with 'env_template' entries"),
      Map.entry("bad-config-method-wrapping-and-sink-wrapping.hcl",
          "wrapping enabled both on auth method and sink"));

  /**
   * Named {@code config-*} but rejected by OpenBao itself: its test {@code TestLoadConfigFile_AgentCache_PersistMissingType}
   * expects "persist type must be specified". vaultlet keeps Vault's rule.
   */
  private static final Map<String, String> GOOD_NAME_BUT_REJECTED_BY_VAULT =
      Map.of("config-cache-persist-empty-type.hcl", "persist type must be specified");

  private static final Map<String, String> ENV = Map.of("TEST_AAD_ENV", "aad");

  @TestFactory
  Stream<DynamicTest> everyFixtureLoadsOrIsRejectedForItsReason() throws IOException {
    if (!Files.isDirectory(CORPUS)) {
      return Stream.of(DynamicTest.dynamicTest("corpus absent", () -> Assumptions.assumeTrue(false,
          "fixture corpus " + CORPUS.toAbsolutePath().normalize() + " is absent (../shared not mounted): walk skipped")));
    }
    List<Path> fixtures;
    try (Stream<Path> entries = Files.list(CORPUS)) {
      fixtures = entries.filter(p -> p.getFileName().toString().startsWith("config-")
          || p.getFileName().toString().startsWith("bad-config-")).sorted().toList();
    }
    assertThat(fixtures).as("fixtures in " + CORPUS).hasSizeGreaterThan(50);
    assertThat(fixtures.stream().filter(p -> p.getFileName().toString().startsWith("bad-config-")).count())
        .as("every bad fixture has an expected reason").isEqualTo(BAD_REASONS.size());
    return fixtures.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> check(path)));
  }

  private static void check(Path path) {
    String name = path.getFileName().toString();
    String expectedError = name.startsWith("bad-") ? BAD_REASONS.get(name) : GOOD_NAME_BUT_REJECTED_BY_VAULT.get(name);
    if (expectedError == null) {
      try {
        LoadedConfig loaded = ConfigLoader.load(List.of(path), ENV);
        assertThat(loaded.config()).isNotNull();
      } catch (ConfigException e) {
        fail(name + " must load, but: " + System.lineSeparator() + e.getMessage());
      }
      return;
    }
    assertThatThrownBy(() -> ConfigLoader.load(List.of(path), ENV))
        .as(name)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> {
              assertThat(p.message()).contains(expectedError);
              assertThat(p.position().file()).startsWith(path.toString());
              assertThat(p.position().line()).isPositive();
            }));
  }
}
