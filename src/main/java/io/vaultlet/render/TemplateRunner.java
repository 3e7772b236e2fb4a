package io.vaultlet.render;

import io.vaultlet.config.Limits;
import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.lease.LeaseKeeper;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.rotation.LeaseHolds;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.StateFile;
import io.vaultlet.support.Log;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.template.Template;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Renders the templates and publishes their files (consul-template's runner, consul-template.md §3): the coordinator
 * of runs. Each run evaluates every template ({@link RenderPass}: n-pass, a template waits until every dependency it
 * uses has data), publishes what is complete and changed ({@link Publisher}: atomic writes, {@code wait}, publish
 * groups), then runs the commands and notifies the listeners. A failed write is retried with backoff.
 *
 * <p>Threading: runs are requested from any thread, coalesced (a request while one is pending joins it) and executed
 * on the scheduler, serialized by the runner's monitor, which guards every {@link TemplateState}. Commands run outside
 * that monitor, one batch at a time, in run order; listeners are called outside it too. SIGHUP replaces the templates
 * ({@link #reconfigure}, {@link TemplateSet#replace}).
 */
public final class TemplateRunner implements AutoCloseable {

  private static final Log LOG = Log.named("render.runner");

  /**
   * A template with its configuration and its {@code verify} block's own templates by key (e.g. {@code postgres}),
   * which render from the same data as the file.
   */
  public record Spec(Template template, TemplateConfig config, Map<String, Template> checks) {

    public Spec {
      checks = Map.copyOf(checks);
    }

    public Spec(Template template, TemplateConfig config) {
      this(template, config, Map.of());
    }

    /** Builds the template of {@code config}: contents from {@code contents} or the {@code source} file. */
    public static Spec of(TemplateConfig config) throws IOException {
      return of(config, Limits.defaults());
    }

    /** The same, with these limits on reading its source and on each render. */
    public static Spec of(TemplateConfig config, Limits limits) throws IOException {
      return new Spec(Templates.build(config, limits), config, Templates.checks(config, limits));
    }
  }

  /** An {@code env_template}: rendered into the exec child's environment variable {@code name}, never to a file. */
  public record EnvSpec(String name, Template template, boolean errorFatal) {

    public static EnvSpec of(io.vaultlet.config.EnvTemplateConfig config) throws IOException {
      return of(config, Limits.defaults());
    }

    public static EnvSpec of(io.vaultlet.config.EnvTemplateConfig config, Limits limits) throws IOException {
      return new EnvSpec(config.name(), Templates.build(config, limits), config.errorFatal());
    }
  }

  /**
   * Where a runner's rotation steps are recorded ({@link RotationJournal}, one per agent), where the leases its
   * published files use and the pending revocations are kept across restarts ({@link StateFile}), and where the
   * {@code verify} checks run: the verify executor, a scheduler of its own so that a slow check never holds a thread
   * that renders and renews (empty: the runner's scheduler, for a manual one in tests).
   */
  public record Rotation(RotationJournal journal, StateFile state, Optional<Scheduler> verifyScheduler) {

    public Rotation(RotationJournal journal, StateFile state) {
      this(journal, state, Optional.empty());
    }

    /** A journal of its own and state in memory only. */
    public static Rotation inMemory() {
      return new Rotation(new RotationJournal(), StateFile.inMemory());
    }
  }

  private final TemplateSet templates;
  private final EnvironmentDelivery environment = new EnvironmentDelivery();
  private final Quiescence quiet;
  private final RenderPass pass;
  private final Publisher publisher;
  private final VerifyGate gate;
  private final RotationJournal journal;
  private final LeaseHolds holds;
  private final LeaseWatcher leases;
  private final Scheduler scheduler;
  private final Map<String, String> runnerEnv;
  private final Limits limits;
  private final AtomicBoolean runPending = new AtomicBoolean();
  private final CompletableFuture<Void> firstRender = new CompletableFuture<>();
  private final List<Consumer<List<String>>> publishListeners = new CopyOnWriteArrayList<>();
  private int writeFailures;
  private Scheduler.Cancellable retryRun;
  private Duration sourceInterval;
  private volatile int sourceGeneration;
  private volatile boolean closed;

  public TemplateRunner(List<Spec> specs, TemplateSettings settings, LeaseWatcher leases, CommandRunner commands,
      Scheduler scheduler, Map<String, String> runnerEnv, DoubleSupplier random, IntConsumer exit) {
    this(specs, List.of(), settings, leases, commands, scheduler, runnerEnv, random, exit);
  }

  /** With {@code env_template}s: their rendered environment goes to {@link #onEnvironment} listeners. */
  public TemplateRunner(List<Spec> specs, List<EnvSpec> envSpecs, TemplateSettings settings, LeaseWatcher leases,
      CommandRunner commands, Scheduler scheduler, Map<String, String> runnerEnv, DoubleSupplier random,
      IntConsumer exit) {
    this(specs, envSpecs, settings, leases, commands, scheduler, runnerEnv, random, exit, Rotation.inMemory());
  }

  /** With the agent's rotation journal and state (templates with {@code verify}, {@code grace_period}, {@code slots}). */
  public TemplateRunner(List<Spec> specs, List<EnvSpec> envSpecs, TemplateSettings settings, LeaseWatcher leases,
      CommandRunner commands, Scheduler scheduler, Map<String, String> runnerEnv, DoubleSupplier random,
      IntConsumer exit, Rotation rotation) {
    this.templates = new TemplateSet(specs, envSpecs);
    this.leases = leases;
    this.scheduler = scheduler;
    this.runnerEnv = Map.copyOf(runnerEnv);
    this.limits = settings.limits();
    this.quiet = new Quiescence(scheduler, this::requestRun);
    this.pass = new RenderPass(leases, this.runnerEnv, settings, exit);
    this.journal = rotation.journal();
    this.holds = new LeaseHolds(new LeaseKeeper(leases, scheduler), rotation.state(), scheduler, journal);
    leases.onRetired(holds::retired);
    this.gate = new VerifyGate(scheduler, rotation.verifyScheduler().orElse(scheduler), this::requestRun, holds,
        journal, this.runnerEnv);
    this.publisher = new Publisher(this, quiet, scheduler, commands, random, gate, journal, holds);
  }

  /**
   * Starts rendering: every data change from the watcher triggers a run. The rotation state is restored first, so a
   * file published before a restart is known with its leases, and pending revocations are armed again.
   */
  public void start() {
    synchronized (this) {
      holds.restore(templates.states.stream().filter(TemplateState::rotates).map(st -> st.destination).toList());
      recallPublished();
    }
    leases.onChange(d -> requestRun());
    requestRun();
  }

  /**
   * Called after each run that wrote files, with their destinations in template order (after their commands ran). The
   * exec supervisor uses it to reload the child.
   */
  public void onPublished(Consumer<List<String>> listener) {
    publishListeners.add(listener);
  }

  /** Called with a template's destination and the outcome of each command its publish ran (under the runner's lock). */
  public void onCommand(java.util.function.BiConsumer<String, CommandRunner.Outcome> listener) {
    publisher.onCommand(listener);
  }

  /**
   * Called with the rendered {@code env_template}s ({@code NAME → contents}) once every env template and every file
   * template has rendered, and again whenever that environment changes. The exec supervisor listens here.
   */
  public void onEnvironment(Consumer<Map<String, String>> listener) {
    environment.add(listener);
  }

  /**
   * Template {@code source} hot reload: every {@code interval} the source files are read (through any symlinks, so a
   * Kubernetes ConfigMap's {@code ..data} swap is seen like an edit); a changed source that parses replaces the
   * template and triggers a run. A source that fails to parse is logged and the previous template kept.
   */
  public synchronized void watchSources(Duration interval) {
    sourceInterval = interval;
    int generation = ++sourceGeneration; // a reconfiguration replaces the poller: the old one stops
    List<SourceReloader.Source> sources = new ArrayList<>();
    for (TemplateState s : templates.states) {
      s.spec.config().source().ifPresent(src -> sources.add(new SourceReloader.Source(s.spec.config(), t -> {
        synchronized (TemplateRunner.this) {
          s.template = t;
        }
      })));
    }
    new SourceReloader(sources, scheduler, limits, this::requestRun,
        () -> closed || generation != sourceGeneration).start(interval);
  }

  /**
   * SIGHUP: replaces the templates and env templates and runs. An unchanged template keeps what the runner knows
   * about it; a new or changed one renders as soon as its data is there, from the data already watched; a removed
   * one's file is left as it is ({@link TemplateSet#replace}). Pending {@code wait} timers are dropped and the
   * source poller restarts over the new templates. Leases and the token are untouched.
   */
  public void reconfigure(List<Spec> specs, List<EnvSpec> envSpecs) {
    synchronized (this) {
      if (closed) {
        return;
      }
      quiet.clear();
      templates.replace(specs, envSpecs);
      gate.retain(specs.stream().map(sp -> sp.config().rotation().verify()).flatMap(Optional::stream).toList());
      recallPublished();
      if (sourceInterval != null) {
        watchSources(sourceInterval);
      }
    }
    requestRun();
  }

  /**
   * Rotation templates that know nothing of their file yet take what is known of it: the leases the holds say it uses,
   * and the slot a blue-green destination links to.
   */
  private void recallPublished() {
    for (TemplateState st : templates.states) {
      if (st.rotates() && st.publishedLeases.isEmpty()) {
        st.publishedLeases = holds.heldBy(st.destination);
      }
      if (st.rotates() && st.slot.isEmpty() && st.spec.config().rotation().blueGreen()) {
        st.slot = SlotFiles.active(java.nio.file.Path.of(st.destination).toAbsolutePath()).orElse("");
      }
    }
  }

  /** Asks for a run; runs requested while one is pending are coalesced into it. */
  public void requestRun() {
    if (!closed && runPending.compareAndSet(false, true)) {
      scheduler.schedule(Duration.ZERO, () -> {
        runPending.set(false);
        runOnce();
      });
    }
  }

  /**
   * Completes after the first run in which every template has rendered (its file holds a complete render, written or
   * already there) and, with env templates, their environment was delivered: {@code exit_after_auth} waits for it.
   */
  public CompletableFuture<Void> firstRender() {
    return firstRender;
  }

  /** True once every template has rendered at least once (its file holds a complete render). */
  public boolean allRendered() {
    synchronized (this) {
      return templates.allRendered();
    }
  }

  /** A snapshot of templates and leases. */
  public RuntimeStatus status() {
    List<LeaseStatus> leaseStatus = leases.status();
    Map<String, LeaseStatus> byKey = new HashMap<>();
    leaseStatus.forEach(l -> byKey.put(l.dependency(), l));
    List<TemplateStatus> out = new ArrayList<>();
    synchronized (this) {
      templates.states.forEach(st -> out.add(st.status(byKey)));
      templates.envStates.forEach(st -> out.add(st.status(byKey)));
    }
    return new RuntimeStatus(scheduler.clock().instant(), out, leaseStatus).withRotations(journal.recent());
  }


  /** The dependencies the template writing {@code destination} used in its last run (empty when none matches). */
  public List<io.vaultlet.template.Dependency> dependenciesOf(String destination) {
    synchronized (this) {
      for (TemplateState s : templates.states) {
        if (s.destination.equals(destination)) {
          return List.copyOf(s.used);
        }
      }
    }
    return List.of();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      quiet.cancelAll();
      if (retryRun != null) {
        retryRun.cancel();
      }
    }
    gate.close();
    holds.close();
  }

  // ---- one run ----

  /**
   * One pass over all templates: evaluate, publish what is complete and changed (a unit with {@code verify} is staged
   * and its checks handed to the verify executor; a unit whose checks finished is published or kept), then run the
   * commands. Checks and commands run outside the runner's lock (a slow one does not block {@link #status()}); commands
   * one batch at a time, in run order.
   */
  void runOnce() {
    Publisher.Round round;
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        round = renderAndPublish();
      } catch (RuntimeException | Error e) {
        LOG.error("template run failed unexpectedly; will run again on the next change", "error",
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return;
      }
    }
    publisher.startChecks(round);
    Publisher.Batch batch;
    synchronized (this) {
      publisher.complete(templates, round, closed);
      scheduleWriteRetry(round.writeFailed);
      java.time.Instant now = scheduler.clock().instant(); // the run's failures start (or end) now
      templates.states.forEach(st -> st.stamp(now));
      templates.envStates.forEach(st -> st.stamp(now));
      batch = publisher.batch(templates, round);
    }
    publisher.runCommands(batch);
    notifyPublished(batch.published());
    Map<String, String> env;
    boolean all;
    synchronized (this) {
      env = environment.toDeliver(templates, scheduler.clock().instant());
      all = templates.allRenderedWithEnv();
    }
    if (env != null) {
      environment.deliver(env);
    }
    if (all) {
      firstRender.complete(null);
    }
  }

  /**
   * Evaluates the templates and publishes each unit as soon as its last member has executed: the first file is
   * written after its own template, not after all of them.
   */
  private Publisher.Round renderAndPublish() {
    Publisher.Round round = new Publisher.Round();
    Map<String, Integer> left = new HashMap<>();
    templates.groups.forEach((unit, members) -> left.put(unit, members.size()));
    pass.evaluate(templates, s -> {
      String unit = s.group();
      if (left.merge(unit, -1, Integer::sum) == 0) {
        publisher.publishUnit(templates.groups.get(unit), round);
      }
    });
    Publisher.inUnitOrder(templates, round);
    pass.forgetUnused(templates);
    return round;
  }

  private void notifyPublished(List<TemplateState> published) {
    if (published.isEmpty()) {
      return;
    }
    List<String> dests = published.stream().map(s -> s.destination).toList();
    publishListeners.forEach(l -> {
      try {
        l.accept(dests);
      } catch (RuntimeException e) {
        LOG.error("publish listener failed", e);
      }
    });
  }

  /** A failed write is retried with backoff, without re-fetching anything. */
  private void scheduleWriteRetry(boolean failed) {
    if (!failed) {
      writeFailures = 0;
      return;
    }
    Duration delay = RetrySchedule.DEFAULT.withAttempts(0).next(writeFailures++).orElseThrow();
    if (retryRun != null) {
      retryRun.cancel();
    }
    retryRun = scheduler.schedule(delay, this::requestRun);
  }
}
