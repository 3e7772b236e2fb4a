package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads configuration text in memory, as files named {@code agent.hcl}, {@code b.hcl} … */
final class ConfigTestSupport {

  private ConfigTestSupport() {}

  /** A minimal valid prefix: an approle method and one file sink. */
  static final String AUTO_AUTH = """
      # twelve lines, so that what a test appends starts on line 13
      auto_auth {
        method "approle" {
          config = {
            role_id_file_path   = "/etc/vaultlet/role-id"
            secret_id_file_path = "/etc/vaultlet/secret-id"
          }
        }
        sink "file" {
          config = { path = "/run/vaultlet/token" }
        }
      }
      """;

  static LoadedConfig load(String hcl) {
    return load(Map.of(), ConfigOverrides.none(), hcl);
  }

  static LoadedConfig load(Map<String, String> env, ConfigOverrides flags, String... files) {
    try {
      return ConfigLoader.loadSources(sources(files), env, flags);
    } catch (ConfigException e) {
      return fail("expected the configuration to load, but:%n%s", e.getMessage());
    }
  }

  static AgentConfig config(String hcl) {
    return load(hcl).config();
  }

  /** The errors of a configuration that must not load. */
  static List<Problem> errors(String... files) {
    return errors(Map.of(), files);
  }

  static List<Problem> errors(Map<String, String> env, String... files) {
    List<Problem> out = new ArrayList<>();
    assertThatThrownBy(() -> ConfigLoader.loadSources(sources(files), env, ConfigOverrides.none()))
        .isInstanceOfSatisfying(ConfigException.class, e -> out.addAll(e.problems()));
    return out;
  }

  /** The errors of a configuration that must not load under {@code -strict}. */
  static List<Problem> strictErrors(String... files) {
    List<Problem> out = new ArrayList<>();
    assertThatThrownBy(() -> ConfigLoader.loadSources(sources(files), Map.of(), ConfigOverrides.none(),
        ConfigLoader.Strictness.STRICT))
        .isInstanceOfSatisfying(ConfigException.class, e -> out.addAll(e.problems()));
    return out;
  }

  static List<ConfigLoader.Source> sources(String... files) {
    List<ConfigLoader.Source> sources = new ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      sources.add(new ConfigLoader.Source(i == 0 ? "agent.hcl" : (char) ('a' + i) + ".hcl", files[i]));
    }
    return sources;
  }
}
