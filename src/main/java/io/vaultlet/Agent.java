package io.vaultlet;

import io.vaultlet.auth.TokenManager;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.config.Problem;
import io.vaultlet.config.TemplateSources;
import io.vaultlet.config.VaultConfig;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.listener.ListenerRuntime;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateRuntime;
import io.vaultlet.rotation.awskey.AccessKeyStatus;
import io.vaultlet.telemetry.AgentMetrics;
import io.vaultlet.telemetry.Metrics;
import io.vaultlet.support.Log;
import io.vaultlet.support.PidFile;
import io.vaultlet.support.Scheduler;
import io.vaultlet.support.SystemScheduler;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the agent's lifecycle: builds everything from {@link AgentConfig}, starts it, applies reloads (SIGHUP) and
 * shuts down in order (SIGTERM/SIGINT). Auto-auth, templates and the lease watcher plug in here as they land, and the
 * {@code aws_access_key} rotators; every rotation step goes to the agent's one {@link RotationJournal}.
 */
public final class Agent implements AutoCloseable {

  private static final Log LOG = Log.named("agent");

  /** Once the agent is asked to stop, the process ends within this, whatever hangs. */
  public static final java.time.Duration SHUTDOWN_DEADLINE = java.time.Duration.ofSeconds(10);

  /** Re-reads the configuration from the same sources (the {@code -config} paths and the environment). */
  @FunctionalInterface
  public interface ConfigSource {
    LoadedConfig load() throws ConfigException;
  }

  private final ConfigSource source;
  private final Log.Level levelFlag;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private volatile AgentConfig config;
  private PidFile pidFile;
  /** A scheduler given by a test (every part then runs on its clock); null in production. */
  private final Scheduler injected;
  private Scheduler scheduler;
  private VaultClient client;
  private TokenManager auth;
  private Scheduler templateScheduler;
  private volatile TemplateRuntime templates;
  private final RotationJournal journal = new RotationJournal();
  private Metrics metrics;
  private LeaseWatcher leases;
  private ListenerRuntime listeners;
  /** The {@code aws_access_key} rotators, on a scheduler of their own ({@link #newScheduler}). */
  private final AccessKeyRuntime accessKeys =
      new AccessKeyRuntime(journal, () -> newScheduler("vaultlet-rotation", 2), this::closeScheduler);

  /**
   * @param initial the configuration already loaded (and validated) by the command
   * @param source how to load it again on reload
   * @param levelFlag the {@code -log-level} flag, which beats the file on reload too; null when not given
   */
  public Agent(LoadedConfig initial, ConfigSource source, Log.Level levelFlag) {
    this(initial, source, levelFlag, null);
  }

  /**
   * An agent whose every part (auto-auth, templates, leases, listeners, metrics) runs on {@code scheduler} and reads
   * its clock: tests pass a manual scheduler and move time themselves. Null: the agent's own thread pools and the
   * system clock.
   */
  public Agent(LoadedConfig initial, ConfigSource source, Log.Level levelFlag, Scheduler scheduler) {
    this.source = source;
    this.levelFlag = levelFlag;
    this.config = initial.config();
    this.injected = scheduler;
    logWarnings(initial);
  }

  private Scheduler newScheduler(String name, int threads) {
    return injected != null ? injected : new SystemScheduler(name, threads);
  }

  private java.time.Clock clock() {
    return injected != null ? injected.clock() : java.time.Clock.systemUTC();
  }

  public AgentConfig config() {
    return config;
  }

  /** Starts the agent: writes the pid file, builds the Vault client and auto-auth, and starts them. */
  public void start() throws IOException, ConfigException {
    Optional<String> pid = config.pidFile();
    if (pid.isPresent()) {
      pidFile = PidFile.write(Path.of(pid.get()));
    }
    scheduler = newScheduler("vaultlet", 2);
    // With an injected (manual) scheduler its clock stands still while a task runs: the client's retry waits would
    // only cost real time, so they are skipped (the retries themselves still happen).
    client = injected == null ? VaultClient.create(clientSettings(config))
        : VaultClient.create(clientSettings(config), d -> { });
    metrics = AgentMetrics.create(config.telemetry(), clock());
    AgentMetrics.runtime(metrics);
    journal.addListener(e -> AgentMetrics.rotation(metrics, e));
    if (client.hasToken()) {
      accessKeys.tokenChanged(client);
    }
    if (config.autoAuth().isPresent()) {
      auth = TokenManager.fromConfig(config.autoAuth().get(), client, scheduler);
      auth.addEventListener(AgentMetrics.auth(metrics));
      auth.addTokenListener(change -> accessKeys.tokenChanged(client.withToken(change.current().token())));
      auth.terminated().whenComplete((v, e) -> {
        if (e != null) {
          LOG.error("auto-auth gave up (exit_on_err)", "error", e.getMessage());
          stop(1);
        }
      });
    }
    if (!config.templates().isEmpty() || config.exec().isPresent()) {
      startTemplates();
    }
    if (!config.awsAccessKeys().isEmpty() && !config.exitAfterAuth()) {
      accessKeys.start(config.awsAccessKeys(), auth != null);
    }
    if (!config.listeners().isEmpty()) {
      startListeners();
    }
    LOG.info("vaultlet agent started", "templates", config.templates().size(),
        "auto_auth", config.autoAuth().map(a -> a.method().type()).orElse("none"));
    if (config.exitAfterAuth()) {
      exitAfterAuth();
      return;
    }
    if (auth != null) {
      auth.start();
    }
  }

  /**
   * Templates and exec: their own scheduler (fetches and reload commands may block for a while), the token listener
   * (every new token, and the hand-over of the old token's leases), and the first render once a token is there.
   */
  private void startTemplates() throws IOException {
    templates = TemplateRuntime.create(config, leaseWatcher(), journal, templateScheduler, this::stop);
    templates.onPublished(d -> AgentMetrics.published(metrics, d));
    templates.onCommand((destination, outcome) -> AgentMetrics.command(metrics, destination, outcome));
    if (auth != null) {
      auth.addTokenListener(change -> templates.start(true));
      TokenManager manager = auth;
      templates.onTokenRejected((token, error) -> manager.tokenRejected(token, error.errors()));
    } else if (client.hasToken()) {
      templates.start(true);
    } else {
      LOG.error("templates need a Vault token: configure auto_auth (or VAULT_TOKEN); nothing will render");
    }
  }

  /**
   * The agent's one lease watcher (templates and the API proxy's cache share it), on the templates' scheduler
   * (fetches may block for a while): built on first use, and then registered for new tokens, once. Certificate
   * re-issues go to the agent's journal.
   */
  private LeaseWatcher leaseWatcher() {
    if (leases == null) {
      if (templateScheduler == null) {
        templateScheduler = newScheduler("vaultlet-templates", 4);
      }
      leases = TemplateRuntime.leaseWatcher(config, client, journal, templateScheduler, this::stop);
      leases.shareResponses(config.cache().isPresent()); // the listeners set it again at each (re)start
      if (auth != null) {
        auth.addTokenListener(leases);
      }
    }
    return leases;
  }

  /** The {@code aws_access_key} rotators' status, one entry per block. */
  public List<AccessKeyStatus> accessKeyStatus() {
    return accessKeys.status();
  }

  /**
   * Rotates the named {@code aws_access_key} now, whatever its key's age (for the control API); false when no such
   * block runs.
   */
  public boolean rotateAccessKeyNow(String name) {
    return accessKeys.rotateNow(name);
  }

  /**
   * The listeners: the API proxy, the lease cache on the templates' lease watcher (one watcher; a watcher of its own
   * when there are no templates, which templates added on SIGHUP then share), metrics and the agent's endpoints.
   */
  private void startListeners() throws IOException {
    AgentListeners view = new AgentListeners(auth, () -> templates, leaseWatcher(), journal, this::stop,
        this::rotateAccessKeyNow, this::accessKeyStatus, clock());
    AgentMetrics.status(metrics, view::status, clock());
    listeners = view.start(config, clientSettings(config), metrics);
  }

  /** Where the listeners serve ({@code http://127.0.0.1:8100}, {@code unix:///…}); empty without listeners. */
  public java.util.List<String> listenerUrls() {
    return listeners == null ? java.util.List.of() : listeners.urls();
  }

  /** The rotation journal the agent owns (events for the status and the metrics). */
  public RotationJournal rotationJournal() {
    return journal;
  }

  /**
   * SIGTERM/SIGINT in exec mode go to the child (the agent then exits with its code); true when there was one. Without
   * exec mode the caller stops the agent.
   */
  public boolean forwardToChild(String signal) {
    return templates != null && templates.forwardSignal(signal);
  }

  /** The templates' status snapshot with the recent rotation events (the agent's journal), empty without templates. */
  public Optional<RuntimeStatus> templateStatus() {
    return Optional.ofNullable(templates).map(TemplateRuntime::status);
  }

  /** {@code exit_after_auth}: authenticate once, write the sinks, exit 0 (1 when authentication fails for good). */
  private void exitAfterAuth() {
    if (auth == null) {
      LOG.error("exit_after_auth needs an auto_auth block");
      stop(1);
      return;
    }
    auth.authenticateOnce().whenComplete((token, e) -> {
      if (e != null || token.isEmpty()) {
        LOG.error("exit_after_auth: authentication failed", "error", e == null ? "no token" : e.getMessage());
        stop(1);
      } else if (templates != null) {
        LOG.info("exit_after_auth: authenticated, sinks written; exiting once every template rendered",
            "accessor", token.get().accessor());
        templates.firstRender().whenComplete((v, t) -> stop(0));
      } else {
        LOG.info("exit_after_auth: authenticated, sinks written; exiting", "accessor", token.get().accessor());
        stop(0);
      }
    });
  }

  /**
   * The upstream client's settings: the {@code vault} block (with env and flag overrides already applied). Each request
   * keeps the Vault API client's own quick retries; {@code vault.retry.num_retries} is the template runtime's
   * per-dependency budget (TemplateRuntime), and auto-auth uses its own backoff.
   */
  static VaultClient.Settings clientSettings(AgentConfig config) {
    VaultConfig v = config.vault();
    VaultClient.Settings.Builder b = VaultClient.Settings.builder(v.address())
        .tlsSkipVerify(v.tlsSkipVerify())
        .maxConnectionsPerHost(config.templateSettings().maxConnectionsPerHost());
    v.caCert().map(Path::of).ifPresent(b::caCert);
    v.caPath().map(Path::of).ifPresent(b::caPath);
    if (v.clientCert().isPresent() && v.clientKey().isPresent()) {
      b.clientCert(Path.of(v.clientCert().get()), Path.of(v.clientKey().get()));
    }
    v.tlsServerName().ifPresent(b::tlsServerName);
    v.namespace().ifPresent(b::namespace);
    b.redirectAddresses(v.redirectAddresses().stream().map(URI::create).toList());
    v.clientTimeout().ifPresent(b::timeout);
    b.maxResponseSize(config.templateSettings().limits().maxResponseSize());
    return b.build();
  }

  /**
   * SIGHUP: re-reads the configuration. An invalid new configuration is reported and the running one is kept. A valid
   * one sets the log level and applies the {@code template} and {@code env_template} blocks (added ones render,
   * removed ones stop, changed ones take effect) while the token and every lease and certificate are kept, and the
   * {@code aws_access_key} blocks (see {@link AccessKeyRotators#reconfigure}). Changes
   * that need a restart ({@code vault}, {@code auto_auth}, {@code template_config}, {@code exec}, …) are logged and
   * not applied; the configuration the agent reports keeps their running values.
   */
  public synchronized void reload() {
    LoadedConfig loaded;
    try {
      loaded = source.load();
      TemplateSources.check(loaded.config()).orThrow();
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        LOG.error("reload: configuration is invalid, keeping the running one", "problem", p.toString());
      }
      return;
    }
    logWarnings(loaded);
    AgentConfig next = loaded.config();
    Log.setLevel(levelFlag != null ? levelFlag : next.log().level());
    if (listeners != null) {
      listeners.reloadTls();
    }
    LOG.info("configuration reloaded", "log_level", Log.level().name().toLowerCase(java.util.Locale.ROOT));
    for (String block : Reload.needingRestart(config, next)) {
      LOG.warn("reload: this block changed but needs a restart to take effect; keeping the running one",
          "block", block);
    }
    AgentConfig applied = Reload.applicable(config, next);
    try {
      applyTemplates(applied);
    } catch (IOException e) {
      LOG.error("reload: cannot read a template source; keeping the running templates", "error", e.getMessage());
      return;
    }
    accessKeys.reconfigure(applied.awsAccessKeys(), client != null && !applied.exitAfterAuth(), auth != null);
    config = applied;
    LOG.debug("reload complete");
  }

  /** The new templates into the running runtime, or a runtime started now when there was none. */
  private void applyTemplates(AgentConfig next) throws IOException {
    if (templates != null) {
      templates.reconfigure(next);
    } else if (!next.templates().isEmpty() && client != null && !next.exitAfterAuth()) {
      config = next;
      startTemplates();
    }
  }

  /** Asks the agent to stop with exit code 0 (SIGTERM, SIGINT). */
  public void stop() {
    stop(0);
  }

  /** Asks the agent to stop with {@code code}; the first request wins. */
  public void stop(int code) {
    exitCode.complete(code);
  }

  /** Blocks until the agent is asked to stop (or the timeout); the exit code, or empty on timeout. */
  public Optional<Integer> awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      return Optional.of(exitCode.get(timeout, unit));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      return Optional.of(1);
    }
  }

  @Override
  public void close() {
    LOG.info("shutting down");
    if (listeners != null) {
      listeners.close();
    }
    if (templates == null && leases != null) {
      leases.close();
    }
    if (templates != null) {
      templates.close();
    }
    closeScheduler(templateScheduler);
    accessKeys.close();
    if (auth != null) {
      auth.close();
    }
    closeScheduler(scheduler);
    if (pidFile != null) {
      pidFile.close();
    }
  }

  /** The agent's own thread pools are shut down; an injected scheduler belongs to whoever gave it. */
  private void closeScheduler(Scheduler s) {
    if (s instanceof SystemScheduler own && s != injected) {
      own.close();
    }
  }

  private static void logWarnings(LoadedConfig loaded) {
    for (Problem w : loaded.warnings()) {
      LOG.warn(w.message(), "at", w.position().toString());
    }
  }
}
