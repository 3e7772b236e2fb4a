package io.vaultlet;

import io.vaultlet.auth.AuthToken;
import io.vaultlet.auth.TokenManager;
import io.vaultlet.cache.LeaseCache;
import io.vaultlet.cli.VersionInfo;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.listener.AgentView;
import io.vaultlet.listener.ListenerRuntime;
import io.vaultlet.proxy.ApiProxy;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateRuntime;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.awskey.AccessKeyStatus;
import io.vaultlet.telemetry.Metrics;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultForwarder;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The agent as its listeners see it ({@link AgentView}): status, health inputs, rotation and quit, read from the
 * token manager, the template runtime (or, without templates, the lease watcher the cache uses) and the rotation
 * journal. Kept apart from {@link Agent} so the lifecycle class stays about the lifecycle.
 */
final class AgentListeners implements AgentView {

  private final TokenManager auth;
  private final Supplier<TemplateRuntime> templates;
  private final LeaseWatcher leases;
  private final RotationJournal journal;
  private final Runnable quit;
  private final Predicate<String> rotateAccessKey;
  private final Supplier<List<AccessKeyStatus>> accessKeys;
  private final Clock clock;

  AgentListeners(TokenManager auth, Supplier<TemplateRuntime> templates, LeaseWatcher leases,
      RotationJournal journal, Runnable quit, Predicate<String> rotateAccessKey,
      Supplier<List<AccessKeyStatus>> accessKeys, Clock clock) {
    this.auth = auth;
    this.templates = templates;
    this.leases = leases;
    this.journal = journal;
    this.quit = quit;
    this.rotateAccessKey = rotateAccessKey;
    this.accessKeys = accessKeys;
    this.clock = clock;
  }

  @Override
  public boolean rotateAccessKey(String name) {
    return rotateAccessKey.test(name);
  }

  @Override
  public List<AccessKeyStatus> accessKeys() {
    return accessKeys.get();
  }

  /**
   * The listeners' parts, built here so that they depend one way ({@code listener} → {@code proxy} → {@code cache}
   * → {@code lease}): the proxy's client ({@code vault.retry.num_retries} as Vault Agent's proxy reads it), the lease
   * cache on the agent's lease watcher under {@code cache}, the proxy; then the listeners.
   */
  ListenerRuntime start(AgentConfig config, VaultClient.Settings vault, Metrics metrics) throws IOException {
    Supplier<Optional<String>> token = () -> token().map(AuthToken::token);
    VaultForwarder forwarder = VaultForwarder.create(vault, config.vault().effectiveRetries());
    Optional<LeaseCache> cache = config.cache().map(c -> new LeaseCache(leases, token, metrics, clock));
    leases.shareResponses(cache.isPresent());
    ApiProxy proxy = new ApiProxy(forwarder, config.apiProxy(), token, cache.orElse(null), metrics, clock,
        VersionInfo.version(), config.templateSettings().limits().maxResponseSize());
    return ListenerRuntime.start(config, proxy, cache, metrics, this);
  }

  @Override
  public RuntimeStatus status() {
    TemplateRuntime t = templates.get();
    return t != null ? t.status() // the runner's status carries the journal's events already
        : new RuntimeStatus(clock.instant(), List.of(), leases.status()).withRotations(journal.recent());
  }

  @Override
  public boolean autoAuth() {
    return auth != null;
  }

  @Override
  public Optional<AuthToken> token() {
    return auth == null ? Optional.empty() : auth.current();
  }

  @Override
  public boolean rendered() {
    TemplateRuntime t = templates.get();
    return t == null || t.allRendered();
  }

  @Override
  public List<String> rotate(Optional<String> destination, Optional<String> lease) {
    if (destination.isPresent()) {
      TemplateRuntime t = templates.get();
      if (t == null) {
        return List.of();
      }
      Set<String> keys = new HashSet<>();
      t.dependenciesOf(destination.get()).forEach(d -> keys.add(d.key()));
      return keys.isEmpty() ? List.of() : leases.refetch(d -> keys.contains(d.key()));
    }
    String wanted = lease.orElse("");
    return leases.refetch(d -> d.key().equals(wanted) || d.vaultPath().equals(wanted));
  }


  @Override
  public void quit() {
    quit.run();
  }
}
