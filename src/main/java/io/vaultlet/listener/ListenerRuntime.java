package io.vaultlet.listener;

import io.vaultlet.cache.LeaseCache;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ListenerConfig;
import io.vaultlet.proxy.ApiProxy;
import io.vaultlet.support.Log;
import io.vaultlet.telemetry.Metrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code listener} of the agent, serving: the {@link ApiProxy} (with, under {@code cache}, the
 * {@link LeaseCache}), the metrics and the agent's endpoints. The agent builds the proxy and the cache
 * ({@code io.vaultlet.AgentListeners}) and hands them in, so the packages depend one way: {@code listener} →
 * {@code proxy} → {@code cache} → {@code lease}, all of them on {@code listener.http}.
 *
 * <pre>{@code
 * ListenerRuntime listeners = ListenerRuntime.start(config, proxy, cache, metrics, view);
 * listeners.urls();  listeners.reloadTls();  listeners.close();
 * }</pre>
 */
public final class ListenerRuntime implements AutoCloseable {

  private static final Log LOG = Log.named("listener");

  private final List<ListenerServer> servers;
  private final Watchdog watchdog;
  private final LeaseCache cache;

  private ListenerRuntime(List<ListenerServer> servers, Watchdog watchdog, LeaseCache cache) {
    this.servers = servers;
    this.watchdog = watchdog;
    this.cache = cache;
  }

  /**
   * Binds every listener and starts serving. A listener that cannot bind (address in use, bad TLS file, unwritable
   * socket directory) is a start-up error naming it; the ones already bound are closed.
   */
  public static ListenerRuntime start(AgentConfig config, ApiProxy proxy, Optional<LeaseCache> leaseCache,
      Metrics metrics, AgentView view) throws IOException {
    LeaseCache cache = leaseCache.orElse(null);
    Watchdog watchdog = new Watchdog();
    RequestMemory memory = RequestMemory.ofHeap();
    List<ListenerServer> servers = new ArrayList<>();
    try {
      for (ListenerConfig l : config.listeners()) {
        servers.add(ListenerServer.bind(l, new AgentEndpoints(l, proxy, cache, metrics, view), watchdog, memory));
      }
    } catch (IOException e) {
      servers.forEach(ListenerServer::close);
      watchdog.close();
      throw e;
    }
    servers.forEach(ListenerServer::start);
    for (ListenerServer s : servers) {
      LOG.info("listener started", "address", s.url(), "role", s.config().role());
    }
    if (servers.stream().anyMatch(s -> !s.config().metricsOnly())) {
      LOG.info("API proxy enabled on the listeners", "cache", cache != null,
          "use_auto_auth_token", config.apiProxy().flatMap(p -> p.useAutoAuthToken()).map(Enum::name)
              .orElse("FALSE").toLowerCase(java.util.Locale.ROOT));
    }
    return new ListenerRuntime(servers, watchdog, cache);
  }

  /** Where each listener serves, in configuration order. */
  public List<String> urls() {
    return servers.stream().map(ListenerServer::url).toList();
  }

  /** SIGHUP: TLS certificates and keys are read again (a failure keeps the running ones). */
  public void reloadTls() {
    for (ListenerServer s : servers) {
      try {
        s.reloadTls();
      } catch (IOException e) {
        LOG.error("reload: cannot read a listener's TLS files; keeping the running ones", "error", e.getMessage());
      }
    }
  }

  /** The lease cache, when {@code cache} is configured. */
  public Optional<LeaseCache> cache() {
    return Optional.ofNullable(cache);
  }

  @Override
  public void close() {
    servers.forEach(ListenerServer::close);
    watchdog.close();
  }
}
