package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Renders the templates and publishes their files (consul-template's runner, consul-template.md §3).
 *
 * <p>Each run executes every template against the {@link LeaseWatcher}; what a template used but has no data yet is
 * watched, and the template waits — its file is written only once every dependency it uses has data (n-pass: nested
 * dependencies discovered later restart the wait). A file is written only when its bytes (or owner) change, through
 * {@link AtomicFile}. After the first render, a template with {@code wait { min max }} publishes a change only once
 * its output has been stable for {@code min}, and at most {@code max} after the first change.
 *
 * <p><b>Publish groups</b> (vaultlet): templates sharing {@code publish_group} publish together. The group waits
 * until every member is complete, stages every changed file, and only when all staged files are written renames them
 * one after the other with nothing in between (a failure to stage any member publishes none), then runs the members'
 * commands, de-duplicated, once.
 *
 * <p>Commands run after all files of a run are published, in template order, each distinct command once; a failing
 * command is logged and counted and changes nothing else ({@link CommandRunner}).
 */
public final class TemplateRunner implements AutoCloseable {

  private static final Log LOG = Log.named("render.runner");

  /** A template with its configuration. */
  public record Spec(Template template, TemplateConfig config) {

    /** Builds the template of {@code config}: contents from {@code contents} or the {@code source} file. */
    public static Spec of(TemplateConfig config) throws IOException {
      return new Spec(Templates.build(config), config);
    }
  }

  /** An {@code env_template}: rendered into the exec child's environment variable {@code name}, never to a file. */
  public record EnvSpec(String name, Template template, boolean errorFatal) {

    public static EnvSpec of(io.vaultlet.config.EnvTemplateConfig config) throws IOException {
      return new EnvSpec(config.name(), Templates.build(config), config.errorFatal());
    }
  }

  private final List<TemplateState> states = new ArrayList<>();
  private final List<TemplateState> envStates = new ArrayList<>();
  private final List<Consumer<Map<String, String>>> envListeners = new CopyOnWriteArrayList<>();
  private Map<String, String> lastEnv;
  private final Map<String, List<TemplateState>> groups = new LinkedHashMap<>();
  private final Quiescence quiet;
  private final TemplateSettings settings;
  private final LeaseWatcher leases;
  private final CommandRunner commands;
  private final Scheduler scheduler;
  private final Map<String, String> runnerEnv;
  private final IntConsumer exit;
  private final DoubleSupplier random;
  private final AtomicBoolean runPending = new AtomicBoolean();
  private final Object commandLock = new Object();
  private final CompletableFuture<Void> firstRender = new CompletableFuture<>();
  private final AtomicBoolean exited = new AtomicBoolean();
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
    for (int i = 0; i < envSpecs.size(); i++) {
      EnvSpec e = envSpecs.get(i);
      envStates.add(new TemplateState(i, null, e.template(), "env:" + e.name(), e.errorFatal()));
    }
    this.settings = settings;
    this.leases = leases;
    this.commands = commands;
    this.scheduler = scheduler;
    this.runnerEnv = Map.copyOf(runnerEnv);
    this.random = random;
    this.exit = exit;
    this.quiet = new Quiescence(scheduler, this::requestRun);
    for (int i = 0; i < specs.size(); i++) {
      addState(i, specs.get(i));
    }
  }

  private TemplateState addState(int index, Spec sp) {
    TemplateState s =
        new TemplateState(index, sp, sp.template(), sp.config().destination(), sp.config().errorFatal());
    states.add(s);
    groups.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
    return s;
  }

  /** Starts rendering: every data change from the watcher triggers a run. */
  public void start() {
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

  /**
   * Called with the rendered {@code env_template}s ({@code NAME → contents}) once every env template and every file
   * template has rendered, and again whenever that environment changes. The exec supervisor listens here.
   */
  public void onEnvironment(Consumer<Map<String, String>> listener) {
    envListeners.add(listener);
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
    for (TemplateState s : states) {
      s.spec.config().source().ifPresent(src -> sources.add(new SourceReloader.Source(s.spec.config(), t -> {
        synchronized (TemplateRunner.this) {
          s.template = t;
        }
      })));
    }
    new SourceReloader(sources, scheduler, runnerEnv, this::requestRun,
        () -> closed || generation != sourceGeneration).start(interval);
  }

  /**
   * SIGHUP: replaces the templates and env templates and runs. A template whose configuration is unchanged (the
   * position in the file aside) keeps what the runner knows about it — its source is re-read, so an edited source
   * takes effect. A new or changed template starts as never rendered: it renders (to its possibly new destination,
   * with its new mode) as soon as its data is there, using the data already watched — no new request for a
   * dependency another template uses. A removed template stops rendering; its file is left as it is, and its
   * dependencies are dropped after the next run when no other template uses them. Leases and the token are untouched.
   */
  public void reconfigure(List<Spec> specs, List<EnvSpec> envSpecs) {
    synchronized (this) {
      if (closed) {
        return;
      }
      List<TemplateState> previous = new ArrayList<>(states);
      states.clear();
      groups.clear();
      quiet.clear();
      for (int i = 0; i < specs.size(); i++) {
        Spec sp = specs.get(i);
        TemplateState kept = takeSame(previous, sp.config());
        TemplateState s = addState(i, sp);
        if (kept != null) {
          s.carryOver(kept);
        } else if (previous.stream().anyMatch(p -> p.destination.equals(s.destination))) {
          LOG.info("reload: template changed", "destination", s.destination);
        } else {
          LOG.info("reload: template added", "destination", s.destination);
        }
      }
      for (TemplateState gone : previous) {
        if (states.stream().noneMatch(s -> s.destination.equals(gone.destination))) {
          LOG.info("reload: template removed; its file is left as it is", "destination", gone.destination);
        }
      }
      List<TemplateState> previousEnv = new ArrayList<>(envStates);
      envStates.clear();
      for (int i = 0; i < envSpecs.size(); i++) {
        EnvSpec e = envSpecs.get(i);
        TemplateState s = new TemplateState(i, null, e.template(), "env:" + e.name(), e.errorFatal());
        previousEnv.stream().filter(p -> p.destination.equals(s.destination)).findFirst().ifPresent(s::carryOver);
        envStates.add(s);
      }
      if (sourceInterval != null) {
        watchSources(sourceInterval);
      }
    }
    requestRun();
  }

  /** Removes and returns the state in {@code previous} whose configuration equals {@code config}, else null. */
  private static TemplateState takeSame(List<TemplateState> previous, TemplateConfig config) {
    for (int i = 0; i < previous.size(); i++) {
      if (Templates.sameConfiguration(previous.get(i).spec.config(), config)) {
        return previous.remove(i);
      }
    }
    return null;
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
      return states.stream().allMatch(s -> s.rendered);
    }
  }

  /** A snapshot of templates and leases. */
  public RuntimeStatus status() {
    List<LeaseStatus> leaseStatus = leases.status();
    Map<String, LeaseStatus> byKey = new HashMap<>();
    leaseStatus.forEach(l -> byKey.put(l.dependency(), l));
    List<TemplateStatus> out = new ArrayList<>();
    synchronized (this) {
      states.forEach(st -> out.add(st.status(byKey)));
      envStates.forEach(st -> out.add(st.status(byKey)));
    }
    return new RuntimeStatus(scheduler.clock().instant(), out, leaseStatus);
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
  }

  // ---- one run ----

  /**
   * One pass over all templates: evaluate, publish what is complete and changed, then run the commands. Commands run
   * outside the runner's lock (a slow command does not block {@link #status()}), one batch at a time, in run order.
   */
  void runOnce() {
    Batch batch;
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        batch = renderAndPublish();
      } catch (RuntimeException | Error e) {
        LOG.error("template run failed unexpectedly; will run again on the next change", e);
        return;
      }
    }
    synchronized (commandLock) {
      runCommands(batch);
    }
    if (!batch.published.isEmpty()) {
      List<String> dests = batch.published.stream().map(s -> s.destination).toList();
      publishListeners.forEach(l -> {
        try {
          l.accept(dests);
        } catch (RuntimeException e) {
          LOG.error("publish listener failed", e);
        }
      });
    }
    Map<String, String> env;
    boolean all;
    synchronized (this) {
      env = environmentToDeliver();
      all = states.stream().allMatch(s -> s.rendered) && envStates.stream().allMatch(s -> s.rendered);
    }
    if (env != null) {
      envListeners.forEach(l -> {
        try {
          l.accept(env);
        } catch (RuntimeException e) {
          LOG.error("environment listener failed", e);
        }
      });
    }
    if (all) {
      firstRender.complete(null);
    }
  }

  /** The files published by a run and the commands they trigger, in template order. */
  private record Batch(List<TemplateState> published, List<CommandConfig> commands, List<TemplateState> owners,
      Duration jitter) {}

  private Batch renderAndPublish() {
    states.forEach(this::evaluate);
    envStates.forEach(this::evaluate);
    List<TemplateState> published = new ArrayList<>();
    boolean writeFailed = false;
    for (List<TemplateState> group : groups.values()) {
      try {
        published.addAll(publish(group));
      } catch (IOException e) {
        writeFailed = true;
        String msg = Redactor.redact(e.getMessage());
        for (TemplateState s : group) {
          s.lastError = msg;
          s.state = "error";
        }
        LOG.error("could not write a template's destination; the previous file is kept and other templates are "
            + "not affected", "group", group.get(0).group(), "error", msg);
      }
    }
    forgetUnused();
    scheduleWriteRetry(writeFailed);
    List<CommandConfig> queue = new ArrayList<>();
    List<TemplateState> owners = new ArrayList<>();
    Duration jitter = Duration.ZERO;
    for (TemplateState s : states) {
      if (published.contains(s) && s.spec.config().command().isPresent()) {
        queue.add(s.spec.config().command().get());
        owners.add(s);
        if (s.spec.config().commandJitter().compareTo(jitter) > 0) {
          jitter = s.spec.config().commandJitter();
        }
      }
    }
    return new Batch(published, queue, owners, jitter);
  }

  /** The env templates' environment when it is complete and changed since last delivered, else null. */
  private Map<String, String> environmentToDeliver() {
    if (envStates.isEmpty() || !envStates.stream().allMatch(s -> s.complete)
        || !states.stream().allMatch(s -> s.rendered)) {
      return null;
    }
    Map<String, String> env = new java.util.TreeMap<>();
    envStates.forEach(s -> env.put(s.destination.substring("env:".length()), s.candidate));
    boolean changed = !env.equals(lastEnv);
    for (TemplateState s : envStates) {
      s.rendered = true;
      s.state = "rendered";
      if (s.lastRender == null || changed) {
        s.lastRender = scheduler.clock().instant();
      }
    }
    if (!changed) {
      return null;
    }
    lastEnv = env;
    return Map.copyOf(env);
  }

  /** Executes one template; on completion its candidate output is set. */
  private void evaluate(TemplateState s) {
    s.complete = false;
    s.candidate = null;
    Template.Result r;
    try {
      r = s.template.execute(leases, runnerEnv);
    } catch (RenderException e) {
      s.lastError = Redactor.redact(e.getMessage());
      s.state = "error";
      LOG.error("template failed to render; the previous file is kept", "destination", s.destination, "error",
          s.lastError);
      if (settings.exitOnRetryFailure() && s.errorFatal && exited.compareAndSet(false, true)) {
        exit.accept(1);
      }
      return;
    }
    for (Dependency d : r.used()) {
      leases.watch(d, s.spec == null ? "" : s.destination);
    }
    s.used = r.used();
    s.missing = r.missing().size();
    if (!r.complete()) {
      s.state = s.rendered ? s.state : "waiting";
      LOG.debug("template is waiting for data", "destination", s.destination, "missing", s.missing);
      return;
    }
    s.complete = true;
    s.candidate = r.output();
  }

  /** Publishes a group when all its members are complete; returns the members whose file changed. */
  private List<TemplateState> publish(List<TemplateState> group) throws IOException {
    if (!group.stream().allMatch(s -> s.complete)) {
      return List.of();
    }
    List<TemplateState> changed = group.stream().filter(s -> !s.candidate.equals(s.written)).toList();
    if (changed.isEmpty()) {
      for (TemplateState s : group) { // a template that failed to render renders again, to the same file
        if (s.state.equals("error") || s.state.equals("quiescing")) {
          s.state = "rendered";
          s.lastError = null;
        }
      }
      return List.of();
    }
    boolean firstRender = group.stream().anyMatch(s -> !s.rendered);
    Optional<WaitConfig> wait = group.stream().map(s -> s.spec.config().waitConfig()).flatMap(Optional::stream)
        .findFirst();
    String signature = String.join("\u0000", changed.stream().map(s -> s.candidate).toList());
    if (!firstRender && wait.isPresent() && !quiet.ready(group.get(0).group(), signature, wait.get())) {
      changed.forEach(s -> s.state = "quiescing");
      return List.of();
    }
    List<AtomicFile.Staged> staged = new ArrayList<>();
    List<TemplateState> staging = new ArrayList<>();
    try {
      for (TemplateState s : changed) {
        Optional<AtomicFile.Staged> st = AtomicFile.stage(Path.of(s.spec.config().destination()),
            s.candidate.getBytes(StandardCharsets.UTF_8), options(s.spec.config()));
        if (st.isPresent()) {
          staged.add(st.get());
          staging.add(s);
        }
      }
      for (AtomicFile.Staged st : staged) {
        st.commit();
      }
    } finally {
      staged.forEach(AtomicFile.Staged::abort);
    }
    Instant now = scheduler.clock().instant();
    for (TemplateState s : group) {
      s.written = s.candidate;
      s.rendered = true;
      s.lastRender = s.lastRender == null || changed.contains(s) ? now : s.lastRender;
      s.state = "rendered";
      s.lastError = null;
    }
    staging.forEach(s -> LOG.info("rendered", "destination", s.spec.config().destination()));
    return staging;
  }

  /** Stops watching what no template uses any more. */
  private void forgetUnused() {
    Set<String> used = new HashSet<>();
    states.forEach(s -> s.used.forEach(d -> used.add(d.key())));
    envStates.forEach(s -> s.used.forEach(d -> used.add(d.key())));
    for (Dependency d : leases.watched()) {
      if (!used.contains(d.key())) {
        leases.unwatch(d);
      }
    }
  }

  private void runCommands(Batch batch) {
    if (batch.commands.isEmpty()) {
      return;
    }
    if (batch.jitter.isZero()) {
      List<CommandRunner.Outcome> outcomes = commands.runAll(batch.commands);
      synchronized (this) {
        record(outcomes, batch.owners);
      }
    } else {
      Duration delay = Duration.ofMillis((long) (batch.jitter.toMillis() * random.getAsDouble()));
      scheduler.schedule(delay, () -> {
        List<CommandRunner.Outcome> outcomes;
        synchronized (commandLock) {
          outcomes = commands.runAll(batch.commands);
        }
        synchronized (TemplateRunner.this) {
          record(outcomes, batch.owners);
        }
      });
    }
  }

  private void record(List<CommandRunner.Outcome> outcomes, List<TemplateState> owners) {
    for (CommandRunner.Outcome o : outcomes) {
      if (o.ok()) {
        continue;
      }
      for (TemplateState s : owners) {
        if (s.spec.config().command().map(c -> c.command().equals(o.command())).orElse(false)) {
          s.commandFailures++;
          s.lastError = Redactor.redact(o.error());
        }
      }
    }
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

  private static AtomicFile.Options options(TemplateConfig c) {
    return new AtomicFile.Options(c.perms(), c.backup(), c.createDestDirs(), c.user(), c.group());
  }
}
