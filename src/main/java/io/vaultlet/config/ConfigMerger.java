package io.vaultlet.config;

import io.vaultlet.config.AgentConfig.Subsystem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merges files in load order as Vault's {@code Config.Merge} does (vault-agent.md §1.1): a block present in a later
 * file replaces the earlier one wholesale ({@code vault}, {@code auto_auth}, {@code cache}, {@code api_proxy},
 * {@code template_config}, {@code exec}, {@code telemetry}); {@code template}, {@code env_template} and
 * {@code listener} lists (and vaultlet's {@code aws_access_key} blocks) are concatenated; {@code exit_after_auth} and the {@code disable_*} sets are ORed;
 * {@code pid_file}, {@code state_dir} and the {@code log_*} keys take the last value written.
 */
final class ConfigMerger {

  private ConfigMerger() {}

  static ConfigFragment merge(List<ConfigFragment> files) {
    ConfigFragment result = files.get(0);
    for (int i = 1; i < files.size(); i++) {
      result = merge(result, files.get(i));
    }
    return result;
  }

  static ConfigFragment merge(ConfigFragment a, ConfigFragment b) {
    return new ConfigFragment(
        a.position(),
        later(a.vault(), b.vault()),
        later(a.autoAuth(), b.autoAuth()),
        concat(a.templates(), b.templates()),
        later(a.templateSettings(), b.templateSettings()),
        later(a.exec(), b.exec()),
        concat(a.envTemplates(), b.envTemplates()),
        concat(a.listeners(), b.listeners()),
        later(a.cache(), b.cache()),
        later(a.apiProxy(), b.apiProxy()),
        later(a.telemetry(), b.telemetry()),
        later(a.pidFile(), b.pidFile()),
        a.exitAfterAuth() || b.exitAfterAuth(),
        later(a.logLevel(), b.logLevel()),
        later(a.logFormat(), b.logFormat()),
        later(a.logFile(), b.logFile()),
        later(a.logRotateDuration(), b.logRotateDuration()),
        later(a.logRotateBytes(), b.logRotateBytes()),
        later(a.logRotateMaxFiles(), b.logRotateMaxFiles()),
        union(a.disableIdleConnections(), b.disableIdleConnections()),
        union(a.disableKeepAlives(), b.disableKeepAlives()),
        later(a.stateDir(), b.stateDir()),
        concat(a.awsAccessKeys(), b.awsAccessKeys()));
  }

  private static <T> Optional<T> later(Optional<T> earlier, Optional<T> later) {
    return later.isPresent() ? later : earlier;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static Set<Subsystem> union(Set<Subsystem> a, Set<Subsystem> b) {
    Set<Subsystem> out = EnumSet.noneOf(Subsystem.class);
    out.addAll(a);
    out.addAll(b);
    return out;
  }
}
