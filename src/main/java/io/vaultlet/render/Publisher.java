package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Publishes a run's complete templates, one publish unit (a {@code publish_group}, or a template alone) at a time,
 * then runs their commands.
 *
 * <p>A file is written only when its bytes (or owner) change, through {@link AtomicFile}. After the first render, a
 * unit with {@code wait { min max }} publishes a change only once its output has been stable for {@code min}, and at
 * most {@code max} after the first change ({@link Quiescence}; the first member with a {@code wait} decides).
 *
 * <p><b>Publish groups</b> (vaultlet): templates sharing {@code publish_group} publish together. The group waits
 * until every member is complete, stages every changed file, and only when all staged files are written renames them
 * one after the other with nothing in between (a failure to stage any member publishes none), then runs the members'
 * commands, de-duplicated, once. A unit that cannot be written is marked {@code error}; the others are unaffected.
 *
 * <p>Commands run after all files of a run are published, in template order, each distinct command once; a failing
 * command is logged and counted and changes nothing else ({@link CommandRunner}). {@link #publish} is called under
 * the runner's monitor; {@link #runCommands} outside it (a slow command does not block the runner), one batch at a
 * time, in run order, and takes the runner's monitor only to record outcomes.
 */
final class Publisher {

  private static final Log LOG = Log.named("render.runner");

  /** The files published by a run and the commands they trigger, in template order. */
  record Batch(List<TemplateState> published, boolean writeFailed, List<CommandConfig> commands,
      List<TemplateState> owners, Duration jitter) {}

  private final Object runnerLock;
  private final Object commandLock = new Object();
  private final Quiescence quiet;
  private final Scheduler scheduler;
  private final CommandRunner commands;
  private final DoubleSupplier random;
  /** Told of every command a template's publish ran (its destination and outcome): the metrics time them. */
  volatile java.util.function.BiConsumer<String, CommandRunner.Outcome> onCommand = (d, o) -> { };

  Publisher(Object runnerLock, Quiescence quiet, Scheduler scheduler, CommandRunner commands, DoubleSupplier random) {
    this.runnerLock = runnerLock;
    this.quiet = quiet;
    this.scheduler = scheduler;
    this.commands = commands;
    this.random = random;
  }

  /** Publishes every unit that is complete and changed (and quiet); returns what was written and its commands. */
  Batch publish(TemplateSet templates) {
    List<TemplateState> published = new ArrayList<>();
    boolean writeFailed = false;
    for (List<TemplateState> group : templates.groups.values()) {
      try {
        published.addAll(publish(group));
      } catch (IOException e) {
        writeFailed = true;
        markWriteFailed(group, e);
      }
    }
    return commandsFor(templates, published, writeFailed);
  }

  private static void markWriteFailed(List<TemplateState> group, IOException e) {
    String msg = Redactor.redact(e.getMessage());
    for (TemplateState s : group) {
      s.failed(msg);
    }
    LOG.error("could not write a template's destination; the previous file is kept and other templates are "
        + "not affected", "group", group.get(0).group(), "error", msg);
  }

  private static Batch commandsFor(TemplateSet templates, List<TemplateState> published, boolean writeFailed) {
    List<CommandConfig> queue = new ArrayList<>();
    List<TemplateState> owners = new ArrayList<>();
    Duration jitter = Duration.ZERO;
    for (TemplateState s : templates.states) {
      if (published.contains(s) && s.spec.config().command().isPresent()) {
        queue.add(s.spec.config().command().get());
        owners.add(s);
        if (s.spec.config().commandJitter().compareTo(jitter) > 0) {
          jitter = s.spec.config().commandJitter();
        }
      }
    }
    return new Batch(published, writeFailed, queue, owners, jitter);
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
    if (!quietEnough(group, changed)) {
      changed.forEach(s -> s.state = "quiescing");
      return List.of();
    }
    List<TemplateState> written = stageAndCommit(changed);
    markPublished(group, changed);
    written.forEach(s -> LOG.info("rendered", "destination", s.spec.config().destination()));
    return written;
  }

  /** True on the group's first render, without a {@code wait}, or once its {@code wait} has elapsed. */
  private boolean quietEnough(List<TemplateState> group, List<TemplateState> changed) {
    boolean firstRender = group.stream().anyMatch(s -> !s.rendered);
    Optional<WaitConfig> wait = group.stream().map(s -> s.spec.config().waitConfig()).flatMap(Optional::stream)
        .findFirst();
    String signature = String.join("\u0000", changed.stream().map(s -> s.candidate).toList());
    return firstRender || wait.isEmpty() || quiet.ready(group.get(0).group(), signature, wait.get());
  }

  /**
   * Stages every changed member, then renames them back to back; if any cannot be staged none is renamed and every
   * temp file is removed. Returns the members actually written (a member whose file already matches is skipped).
   */
  private static List<TemplateState> stageAndCommit(List<TemplateState> changed) throws IOException {
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
    return staging;
  }

  private void markPublished(List<TemplateState> group, List<TemplateState> changed) {
    Instant now = scheduler.clock().instant();
    for (TemplateState s : group) {
      s.written = s.candidate;
      s.rendered = true;
      s.lastRender = s.lastRender == null || changed.contains(s) ? now : s.lastRender;
      s.state = "rendered";
      s.lastError = null;
    }
  }

  /**
   * Runs a batch's commands, after any earlier batch's, outside the runner's monitor; with {@code command_jitter} they
   * start after a random delay in {@code [0, jitter)}. Failures are counted on the templates that own the command.
   */
  void runCommands(Batch batch) {
    synchronized (commandLock) {
      if (batch.commands.isEmpty()) {
        return;
      }
      if (batch.jitter.isZero()) {
        List<CommandRunner.Outcome> outcomes = commands.runAll(batch.commands);
        synchronized (runnerLock) {
          record(outcomes, batch.owners);
        }
      } else {
        Duration delay = Duration.ofMillis((long) (batch.jitter.toMillis() * random.getAsDouble()));
        scheduler.schedule(delay, () -> {
          List<CommandRunner.Outcome> outcomes;
          synchronized (commandLock) {
            outcomes = commands.runAll(batch.commands);
          }
          synchronized (runnerLock) {
            record(outcomes, batch.owners);
          }
        });
      }
    }
  }

  private void record(List<CommandRunner.Outcome> outcomes, List<TemplateState> owners) {
    for (CommandRunner.Outcome o : outcomes) {
      for (TemplateState s : owners) {
        if (s.spec.config().command().map(c -> c.command().equals(o.command())).orElse(false)) {
          ran(s.destination, o);
          if (!o.ok()) {
            s.commandFailures++;
            s.lastError = Redactor.redact(o.error());
          }
        }
      }
    }
  }

  private void ran(String destination, CommandRunner.Outcome o) {
    try {
      onCommand.accept(destination, o);
    } catch (RuntimeException e) {
      LOG.error("command listener failed", e);
    }
  }

  private static AtomicFile.Options options(TemplateConfig c) {
    return new AtomicFile.Options(c.perms(), c.backup(), c.createDestDirs(), c.user(), c.group());
  }
}
