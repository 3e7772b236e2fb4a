package io.vaultlet.render;

import io.vaultlet.auth.TokenListener;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.EnvTemplateConfig;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.VaultConfig;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.StateFile;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.support.SystemScheduler;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Everything between a token and the files: the {@link LeaseWatcher}, the {@link TemplateRunner}, the
 * {@link CommandRunner} and, with {@code exec}, the {@link ExecSupervisor}, built from an {@link AgentConfig}. This is
 * the one type the agent wires:
 *
 * <pre>{@code
 * TemplateRuntime runtime = TemplateRuntime.create(config, client, scheduler, code -> agent.exit(code));
 * tokenManager.addTokenListener(runtime.tokenListener());   // new tokens, hand-over of leases
 * tokenManager.addTokenListener(first -> runtime.start());  // or: start once the first token is there
 * ...
 * runtime.status().toTable();  runtime.forwardSignal("SIGTERM");  runtime.close();
 * }</pre>
 */
public final class TemplateRuntime implements AutoCloseable {

  /** How often template sources are checked for changes when hot reload is on. */
  public static final Duration SOURCE_POLL = Duration.ofSeconds(2);
  /** Threads of the verify executor: at most this many {@code verify} checks hold a thread at once. */
  static final int VERIFY_THREADS = 2;

  private final LeaseWatcher leases;
  private final TemplateRunner runner;
  private final CommandRunner commands;
  private final Optional<ExecSupervisor> exec;
  private final Optional<SystemScheduler> ownVerifyScheduler;
  private volatile boolean started;

  private TemplateRuntime(LeaseWatcher leases, TemplateRunner runner, CommandRunner commands,
      Optional<ExecSupervisor> exec, Optional<SystemScheduler> ownVerifyScheduler) {
    this.leases = leases;
    this.runner = runner;
    this.commands = commands;
    this.exec = exec;
    this.ownVerifyScheduler = ownVerifyScheduler;
  }

  /**
   * Builds the runtime (nothing runs until {@link #start}).
   *
   * @param client the Vault client; its token is replaced by every token the listener receives
   * @param exit called with the process exit code: 1 when {@code exit_on_retry_failure} gives up, the child's code in
   *     exec mode
   * @throws IOException when a template {@code source} cannot be read
   */
  public static TemplateRuntime create(AgentConfig config, VaultClient client, Scheduler scheduler, IntConsumer exit)
      throws IOException {
    RotationJournal journal = new RotationJournal();
    return create(config, leaseWatcher(config, client, journal, scheduler, exit), journal, scheduler, exit);
  }

  /**
   * The lease watcher {@link #create} builds (the agent builds it itself, to share it with the API proxy's cache);
   * certificate re-issues go to {@code journal}.
   */
  public static LeaseWatcher leaseWatcher(AgentConfig config, VaultClient client, RotationJournal journal,
      Scheduler scheduler, IntConsumer exit) {
    DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    LeaseWatcher.Options options = LeaseWatcher.Options.from(config.templateSettings())
        .withRetry(retry(config.vault()));
    // num_retries is the per-dependency budget here; each request keeps the Vault API's own quick retries
    return new LeaseWatcher(client, scheduler, options, journal, random, exit);
  }

  /**
   * Builds the runtime on an existing lease watcher (shared with the API proxy's lease cache). Rotation steps go to
   * {@code journal} (the agent's one, which the watcher records certificate re-issues in too); the rotation state
   * lives in {@link AgentConfig#rotationStateFile()} (in memory without {@code state_dir} and {@code pid_file}).
   */
  public static TemplateRuntime create(AgentConfig config, LeaseWatcher leases, RotationJournal journal,
      Scheduler scheduler, IntConsumer exit) throws IOException {
    // The verify executor: its own bounded pool beside the agent's pools, or the injected (manual) scheduler itself,
    // so that a whole agent still runs on one injected scheduler.
    Optional<SystemScheduler> own = scheduler instanceof SystemScheduler
        ? Optional.of(new SystemScheduler(scheduler.clock(), "vaultlet-verify", VERIFY_THREADS)) : Optional.empty();
    try {
      return create(config, leases, journal, scheduler, own.<Scheduler>map(x -> x).orElse(scheduler), exit, own);
    } catch (IOException | RuntimeException e) {
      own.ifPresent(SystemScheduler::close);
      throw e;
    }
  }

  /**
   * Builds the runtime on an existing lease watcher, with {@code verify} checks on {@code verifyScheduler} (not closed
   * by {@link #close}: it belongs to the caller).
   */
  public static TemplateRuntime create(AgentConfig config, LeaseWatcher leases, RotationJournal journal,
      Scheduler scheduler, Scheduler verifyScheduler, IntConsumer exit) throws IOException {
    return create(config, leases, journal, scheduler, verifyScheduler, exit, Optional.empty());
  }

  private static TemplateRuntime create(AgentConfig config, LeaseWatcher leases, RotationJournal journal,
      Scheduler scheduler, Scheduler verifyScheduler, IntConsumer exit, Optional<SystemScheduler> ownVerifyScheduler)
      throws IOException {
    DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    Map<String, String> env = runnerEnv(config.vault());
    CommandRunner commands = new CommandRunner(env);
    StateFile state = config.rotationStateFile().map(StateFile::at).orElseGet(StateFile::inMemory);
    TemplateRunner runner = new TemplateRunner(specs(config), envSpecs(config), config.templateSettings(), leases,
        commands, scheduler, env, random, exit,
        new TemplateRunner.Rotation(journal, state, Optional.of(verifyScheduler)));
    Optional<ExecSupervisor> exec = config.exec().map(e -> new ExecSupervisor(e, scheduler, env, exit,
        ExecSupervisor.DEFAULT_KILL_TIMEOUT));
    exec.ifPresent(x -> runner.onEnvironment(x::environmentChanged));
    return new TemplateRuntime(leases, runner, commands, exec, ownVerifyScheduler);
  }

  private static List<TemplateRunner.Spec> specs(AgentConfig config) throws IOException {
    List<TemplateRunner.Spec> specs = new ArrayList<>();
    for (TemplateConfig t : config.templates()) {
      specs.add(TemplateRunner.Spec.of(t, config.templateSettings().limits()));
    }
    return specs;
  }

  private static List<TemplateRunner.EnvSpec> envSpecs(AgentConfig config) throws IOException {
    List<TemplateRunner.EnvSpec> envSpecs = new ArrayList<>();
    for (EnvTemplateConfig e : config.envTemplates()) {
      envSpecs.add(TemplateRunner.EnvSpec.of(e, config.templateSettings().limits()));
    }
    return envSpecs;
  }

  /**
   * SIGHUP: applies the {@code template} and {@code env_template} blocks of {@code next} without touching the lease
   * watcher (its leases, certificates and token) — see {@link TemplateRunner#reconfigure}. Every template source is
   * read first; when one cannot be read nothing changes. {@code template_config} and {@code exec} are not applied
   * (the agent logs that they need a restart).
   *
   * @throws IOException when a template source cannot be read; the running templates are kept
   */
  public void reconfigure(AgentConfig next) throws IOException {
    List<TemplateRunner.Spec> specs = specs(next);
    List<TemplateRunner.EnvSpec> envSpecs = envSpecs(next);
    runner.reconfigure(specs, envSpecs);
  }

  /** The lease watcher (shared with the API proxy's lease cache). */
  public LeaseWatcher leases() {
    return leases;
  }

  /** Called with the destinations written after each run that wrote files (the metrics count renders). */
  public void onPublished(java.util.function.Consumer<List<String>> listener) {
    runner.onPublished(listener);
  }

  /** Called with a template's destination and the outcome (duration included) of each command it ran. */
  public void onCommand(java.util.function.BiConsumer<String, CommandRunner.Outcome> listener) {
    runner.onCommand(listener);
  }

  /** What the template writing {@code destination} uses ({@code POST /agent/v1/rotate}). */
  public List<io.vaultlet.template.Dependency> dependenciesOf(String destination) {
    return runner.dependenciesOf(destination);
  }

  /** Give this to the token manager: every new token is used at once, leases of the old one are re-fetched in time. */
  public TokenListener tokenListener() {
    return leases;
  }

  /**
   * Called when Vault refuses a fetch with 403, with the token used and the error: give it to
   * {@link io.vaultlet.auth.TokenManager#tokenRejected}, which checks the token and logs in again if it is gone.
   */
  public void onTokenRejected(java.util.function.BiConsumer<String, io.vaultlet.vault.VaultException> listener) {
    leases.onTokenRejected(listener);
  }

  /** Starts rendering (call once a token is available); idempotent. */
  public void start() {
    start(false);
  }

  /** Starts rendering; with {@code hotReload}, template sources are re-read when they change. */
  public synchronized void start(boolean hotReload) {
    if (started) {
      return;
    }
    started = true;
    if (hotReload) {
      runner.watchSources(SOURCE_POLL);
    }
    runner.start();
  }

  /** Completes once every template and env template has rendered (what {@code exit_after_auth} waits for). */
  public java.util.concurrent.CompletableFuture<Void> firstRender() {
    return runner.firstRender();
  }

  /** True once every template and env template has rendered at least once. */
  public boolean allRendered() {
    return runner.allRendered();
  }

  /** Templates, leases and the recent rotation events (certificate re-issues among them). */
  public RuntimeStatus status() {
    return runner.status();
  }

  /** Reload commands that failed or timed out so far. */
  public long commandFailures() {
    return commands.failures();
  }

  /**
   * Passes {@code signal} (e.g. {@code SIGTERM}) to the exec child; true when there is one (the agent then exits with
   * the child's code through the exit callback), false without exec mode.
   */
  public boolean forwardSignal(String signal) {
    exec.ifPresent(x -> x.forward(signal));
    return exec.isPresent();
  }

  /** Stops everything: no more fetches or renders; the exec child is stopped. Files and leases are left as they are. */
  @Override
  public void close() {
    runner.close();
    ownVerifyScheduler.ifPresent(SystemScheduler::close);
    leases.close();
    exec.ifPresent(ExecSupervisor::close);
  }

  /**
   * {@code vault.retry.num_retries} as the per-dependency retry: its attempts (0: the default 12; negative: retries
   * disabled, so the first failure exhausts them).
   */
  static RetrySchedule retry(VaultConfig vault) {
    int n = vault.effectiveRetries();
    return n == 0 ? RetrySchedule.DEFAULT.withEnabled(false) : RetrySchedule.DEFAULT.withAttempts(n);
  }

  /** The environment templates' {@code env} and commands see first (consul-template.md §3.10, Vault part). */
  static Map<String, String> runnerEnv(VaultConfig vault) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VAULT_ADDR", vault.address());
    vault.caCert().ifPresent(v -> env.put("VAULT_CACERT", v));
    vault.caPath().ifPresent(v -> env.put("VAULT_CAPATH", v));
    vault.clientCert().ifPresent(v -> env.put("VAULT_CLIENT_CERT", v));
    vault.clientKey().ifPresent(v -> env.put("VAULT_CLIENT_KEY", v));
    vault.tlsServerName().ifPresent(v -> env.put("VAULT_TLS_SERVER_NAME", v));
    if (vault.tlsSkipVerify()) {
      env.put("VAULT_SKIP_VERIFY", "true");
    }
    return env;
  }
}
