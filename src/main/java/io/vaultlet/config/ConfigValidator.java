package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.Shown;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that need the merged configuration: Vault's {@code ValidateConfig} (vault-agent.md §1.10, rules 2–6),
 * duplicate env_template names, and one warning per block vaultlet parses but does not implement.
 *
 * <p>Deliberate differences from Vault, each documented in docs/configuration.md:
 * <ul>
 *   <li>Templates without {@code auto_auth} (and without cache or listener) load with a warning; Vault refuses them.
 *   <li>The {@code api_proxy} that {@code cache.use_auto_auth_token} implies does not need a listener by itself.
 * </ul>
 */
final class ConfigValidator {

  private final Problems problems;
  private final Position where;

  private ConfigValidator(Problems problems, Position where) {
    this.problems = problems;
    this.where = where;
  }

  /** Validates {@code config}; {@code where} is used for problems that belong to no block (the first file). */
  static void validate(AgentConfig config, Position where, Problems problems) {
    ConfigValidator v = new ConfigValidator(problems, where);
    v.cache(config);
    v.apiProxy(config);
    v.autoAuth(config);
    v.execMode(config);
    v.templates(config);
    v.awsAccessKeys(config);
    v.notImplemented(config);
  }

  private boolean methodWraps(AgentConfig c) {
    return c.autoAuth().map(a -> !a.method().wrapTtl().isZero()).orElse(false);
  }

  private void cache(AgentConfig c) {
    if (c.cache().isEmpty()) {
      return;
    }
    CacheConfig cache = c.cache().get();
    if (c.listeners().isEmpty() && c.templates().isEmpty() && c.envTemplates().isEmpty()) {
      problems.error(cache.position(), "enabling the cache requires at least 1 template or 1 listener to be defined");
    }
    boolean usesToken = cache.useAutoAuthToken().map(CacheConfig.AutoAuthTokenUse::enabled).orElse(false);
    if (usesToken && c.autoAuth().isEmpty()) {
      problems.error(cache.position(), "cache.use_auto_auth_token is true but auto_auth not configured");
    } else if (usesToken && methodWraps(c)) {
      problems.error(cache.position(), "cache.use_auto_auth_token is true and auto_auth uses wrapping"
          + " (the agent cannot use a wrapped token; remove auto_auth.method.wrap_ttl)");
    }
    c.apiProxy().filter(p -> !p.impliedByCache()).ifPresent(proxy -> {
      if (cache.useAutoAuthToken().isPresent() && proxy.useAutoAuthToken().isPresent()) {
        problems.error(cache.position(), "use_auto_auth_token defined in both api_proxy and cache config;"
            + " remove it from the cache block");
      }
    });
  }

  private void apiProxy(AgentConfig c) {
    Optional<ApiProxyConfig> explicit = c.apiProxy().filter(p -> !p.impliedByCache());
    if (explicit.isEmpty()) {
      return;
    }
    ApiProxyConfig proxy = explicit.get();
    if (c.listeners().isEmpty()) {
      problems.error(proxy.position(), "configuring the api_proxy requires at least 1 listener to be defined");
    }
    if (proxy.usesAutoAuthToken() && c.autoAuth().isEmpty()) {
      problems.error(proxy.position(), "api_proxy.use_auto_auth_token is true but auto_auth not configured");
    } else if (proxy.usesAutoAuthToken() && methodWraps(c)) {
      problems.error(proxy.position(), "api_proxy.use_auto_auth_token is true and auto_auth uses wrapping");
    }
  }

  private void autoAuth(AgentConfig c) {
    boolean proxyUsesToken = c.apiProxy().map(ApiProxyConfig::usesAutoAuthToken).orElse(false);
    c.autoAuth().ifPresent(a -> {
      if (a.sinks().isEmpty() && !proxyUsesToken && c.templates().isEmpty() && c.envTemplates().isEmpty()
          && c.awsAccessKeys().isEmpty()) {
        problems.error(a.position(), "auto_auth requires at least one sink or at least one template or"
            + " api_proxy.use_auto_auth_token=true (the token would go nowhere)");
      }
    });
    if (c.autoAuth().isEmpty() && c.cache().isEmpty() && c.listeners().isEmpty()) {
      if (c.templates().isEmpty() && c.envTemplates().isEmpty() && c.awsAccessKeys().isEmpty()) {
        if (!problems.hasErrors()) { // a block that failed to bind is not "missing"
          problems.error(where, "no auto_auth, cache, or listener block found in config");
        }
      } else {
        problems.warn(where, "no auto_auth block: templates and aws_access_key rotation need a token from VAULT_TOKEN"
            + " (Vault Agent refuses this configuration: \"no auto_auth, cache, or listener block found in config\")");
      }
    }
  }

  private void execMode(AgentConfig c) {
    if (c.exec().isEmpty() && c.envTemplates().isEmpty()) {
      return;
    }
    if (c.exec().isEmpty()) {
      problems.error(c.envTemplates().get(0).position(),
          "a top-level 'exec' element must be specified with 'env_template' entries");
    }
    if (c.envTemplates().isEmpty()) {
      problems.error(c.exec().get().position(),
          "must specify at least one 'env_template' element with a top-level 'exec' element");
    }
    Position execMode = c.exec().map(ExecConfig::position).orElse(c.envTemplates().isEmpty()
        ? where : c.envTemplates().get(0).position());
    c.apiProxy().ifPresent(p -> problems.error(p.position(), (p.impliedByCache()
        ? "'cache.use_auto_auth_token' implies an api_proxy, and 'api_proxy'"
        : "'api_proxy'") + " cannot be specified with 'env_template' entries (exec mode at " + execMode + ")"));
    if (!c.templates().isEmpty()) {
      problems.error(c.templates().get(0).position(),
          "'template' cannot be specified with 'env_template' entries (exec mode at " + execMode + ")");
    }
    Map<String, Position> seen = new HashMap<>();
    for (EnvTemplateConfig t : c.envTemplates()) {
      Position first = seen.putIfAbsent(t.name(), t.position());
      if (first != null) {
        problems.error(t.position(), "env_template: duplicate environment variable name: \"" + Shown.cut(t.name())
            + "\" (first defined at " + first + ")");
      }
    }
  }

  private void templates(AgentConfig c) {
    Map<String, Position> destinations = new HashMap<>();
    for (TemplateConfig t : c.templates()) {
      Position first = destinations.putIfAbsent(t.destination(), t.position());
      if (first != null) {
        problems.warn(t.position(), "this template writes the same destination as the template at " + first
            + "; each render overwrites the other");
      }
    }
    Optional<TemplateConfig> keeping = c.templates().stream()
        .filter(t -> t.rotation().enabled() && !t.rotation().gracePeriod().isZero()).findFirst();
    if (keeping.isPresent() && c.rotationStateFile().isEmpty()) {
      problems.warn(keeping.get().position(), "grace_period: pending lease revocations are kept in memory only and "
          + "do not survive a restart; set state_dir (or pid_file) to keep them in a file");
    }
  }

  /** vaultlet: names and KV paths of {@code aws_access_key} blocks are unique (two rotators on one key would race). */
  private void awsAccessKeys(AgentConfig c) {
    Map<String, Position> names = new HashMap<>();
    Map<String, Position> paths = new HashMap<>();
    for (AwsAccessKeyConfig k : c.awsAccessKeys()) {
      Position first = names.putIfAbsent(k.name(), k.position());
      if (first != null) {
        problems.error(k.position(), "aws_access_key \"" + k.name() + "\" is defined twice (first at " + first + ")");
      }
      Position samePath = paths.putIfAbsent(k.path(), k.position());
      if (samePath != null && first == null) {
        problems.error(k.position(), "aws_access_key \"" + k.name() + "\" rotates the same KV secret \"" + k.path()
            + "\" as the block at " + samePath + ": one rotator per key pair");
      }
    }
  }

  private void notImplemented(AgentConfig c) {
    c.cache().flatMap(CacheConfig::persist).ifPresent(p -> problems.warn(p.position(),
        "'cache.persist' is parsed but not implemented by vaultlet: the cache is kept in memory only, nothing is"
            + " persisted or restored"));
    c.telemetry().ifPresent(t -> t.settings().entries().forEach((key, entry) -> {
      if (key.startsWith("statsd") || key.startsWith("statsite") || key.startsWith("dogstatsd")
          || key.startsWith("circonus") || key.startsWith("stackdriver")) {
        problems.warn(entry.position(), "telemetry: '" + key + "' is not supported by vaultlet: metrics are served"
            + " on the listeners' /agent/v1/metrics only (Prometheus and JSON)");
      }
    }));
  }
}
