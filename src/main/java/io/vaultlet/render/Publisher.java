package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.TemplateConfig.CommandConfig;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.lease.Lease;
import io.vaultlet.rotation.Handover;
import io.vaultlet.rotation.LeaseHolds;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;

/**
 * Publishes a run's complete templates, one publish unit (a {@code publish_group}, or a template alone) at a time,
 * then runs their commands.
 *
 * <p>A file is written only when its bytes (or owner) change, through {@link StagedRender} ({@link AtomicFile}, or
 * {@link SlotFiles} for {@code slots = "blue_green"}). After the first render, a unit with {@code wait { min max }}
 * publishes a change only once its output has been stable for {@code min}, and at most {@code max} after the first
 * change ({@link Quiescence}; the first member with a {@code wait} decides).
 *
 * <p><b>Publish groups</b> (vaultlet): templates sharing {@code publish_group} publish together. The group waits
 * until every member is complete, stages every changed file, and only when all staged files are written renames them
 * one after the other with nothing in between (a failure to stage any member publishes none), then runs the members'
 * commands, de-duplicated, once. A unit that cannot be written is marked {@code error}; the others are unaffected.
 *
 * <p><b>Verification</b> (vaultlet): a unit with a {@code verify} block is staged in {@link #publishUnit}, its checks
 * handed to the verify executor by {@link #startChecks}, and once they are done it is published or discarded by a later
 * run's {@link #complete}, as {@link VerifyGate} decides. Templates with rotation settings report each step to the {@link RotationJournal} and, once their reload
 * command ran, hand the leases over to the {@link LeaseHolds}.
 *
 * <p>Commands run after all files of a run are published, in template order, each distinct command once; a failing
 * command is logged and counted and changes nothing else ({@link CommandRunner}). {@link #publishUnit}, {@link #complete}
 * and {@link #batch} are called under the runner's monitor; {@link #startChecks} and {@link #runCommands} outside
 * it (a slow check or command does not block the runner), and take the runner's monitor only to record outcomes.
 */
final class Publisher {

  private static final Log LOG = Log.named("render.runner");

  /** The files published by a run and the commands they trigger, in template order, with the lease hand-overs. */
  record Batch(List<TemplateState> published, boolean writeFailed, List<CommandConfig> commands,
      List<TemplateState> owners, Duration jitter, List<Rotated> rotated) {}

  /** A rotation template's publish: its leases are handed over once its command ran. */
  record Rotated(TemplateState state, Handover handover, Optional<CommandConfig> command) {}

  /** What one run did so far: files published, units waiting for their checks, hand-overs. */
  static final class Round {
    final List<TemplateState> published = new ArrayList<>();
    final List<VerifyGate.Pending> pending = new ArrayList<>();
    final List<Rotated> rotated = new ArrayList<>();
    boolean writeFailed;
  }

  private final Object runnerLock;
  private final Object commandLock = new Object();
  private final Quiescence quiet;
  private final Scheduler scheduler;
  private final CommandRunner commands;
  private final DoubleSupplier random;
  private final VerifyGate gate;
  private final RotationJournal journal;
  private final LeaseHolds holds;
  /** Told of every command a template's publish ran (its destination and outcome): the metrics time them. */
  private final List<BiConsumer<String, CommandRunner.Outcome>> onCommand = new CopyOnWriteArrayList<>();

  Publisher(Object runnerLock, Quiescence quiet, Scheduler scheduler, CommandRunner commands, DoubleSupplier random,
      VerifyGate gate, RotationJournal journal, LeaseHolds holds) {
    this.runnerLock = runnerLock;
    this.quiet = quiet;
    this.scheduler = scheduler;
    this.commands = commands;
    this.random = random;
    this.gate = gate;
    this.journal = journal;
    this.holds = holds;
  }

  /**
   * Publishes one unit if it is complete and changed (and quiet), into {@code round}; a write failure marks the unit,
   * never the others. The runner calls it as soon as the unit's last member has executed.
   */
  void publishUnit(List<TemplateState> group, Round round) {
    try {
      round.published.addAll(publish(group, round));
    } catch (IOException e) {
      round.writeFailed = true;
      markWriteFailed(group, e);
    }
  }

  /**
   * Puts a round's published files in unit order (units in template order, members in their order), the order a
   * run reports them in whichever order they were written.
   */
  static void inUnitOrder(TemplateSet templates, Round round) {
    Map<TemplateState, Integer> rank = new java.util.IdentityHashMap<>();
    for (List<TemplateState> group : templates.groups.values()) {
      for (TemplateState s : group) {
        rank.put(s, rank.size());
      }
    }
    round.published.sort(java.util.Comparator.comparingInt(s -> rank.getOrDefault(s, Integer.MAX_VALUE)));
  }

  /** Hands the checks of every unit staged in this run to the verify executor; outside the runner's lock. */
  void startChecks(Round round) {
    round.pending.forEach(gate::verify);
  }

  /**
   * Publishes the units whose checks finished (or, by {@link VerifyGate#decide}, keeps their old files); a unit whose
   * render changed meanwhile is dropped and rendered again.
   */
  void complete(TemplateSet templates, Round round, boolean closed) {
    for (VerifyGate.Verified v : gate.finished()) {
      VerifyGate.Pending p = v.pending();
      boolean current = p.members().stream().allMatch(m -> templates.states.contains(m.state())
          && m.content().equals(m.state().candidate));
      if (closed || !current) {
        p.discard();
        gate.abandon(p.unit());
        continue;
      }
      VerifyGate.Decision d = gate.decide(p, v.outcome());
      if (!d.publish()) {
        p.discard();
        continue;
      }
      try {
        List<TemplateState> changed = p.members().stream().map(VerifyGate.Member::state).toList();
        List<TemplateState> written = commit(p.members().stream().map(VerifyGate.Member::staged).toList(),
            changed);
        markPublished(p.group(), changed, written, d, round);
        round.published.addAll(written);
      } catch (IOException e) {
        round.writeFailed = true;
        markWriteFailed(p.group(), e);
      } finally {
        p.discard();
      }
    }
  }

  /** The run's commands (template order) and hand-overs. */
  Batch batch(TemplateSet templates, Round round) {
    return commandsFor(templates, round.published, round.writeFailed, round.rotated);
  }

  private static void markWriteFailed(List<TemplateState> group, IOException e) {
    String msg = Redactor.redact(e.getMessage());
    for (TemplateState s : group) {
      s.failed(msg);
    }
    LOG.error("could not write a template's destination; the previous file is kept and other templates are "
        + "not affected", "group", group.get(0).group(), "error", msg);
  }

  private static Batch commandsFor(TemplateSet templates, List<TemplateState> published, boolean writeFailed,
      List<Rotated> rotated) {
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
    return new Batch(published, writeFailed, queue, owners, jitter, List.copyOf(rotated));
  }

  /** Publishes a group when all its members are complete; returns the members whose file changed. */
  private List<TemplateState> publish(List<TemplateState> group, Round round) throws IOException {
    if (!group.stream().allMatch(s -> s.complete)) {
      return List.of();
    }
    List<TemplateState> changed = group.stream().filter(s -> !s.candidate.equals(s.written)).toList();
    if (changed.isEmpty()) {
      for (TemplateState s : group) { // a template that failed to render renders again, to the same file
        if (s.state == TemplatePhase.ERROR || s.state == TemplatePhase.QUIESCING || s.state.verification()) {
          s.state = TemplatePhase.RENDERED;
          s.lastError = null;
        }
      }
      return List.of();
    }
    if (!quietEnough(group, changed)) {
      changed.forEach(s -> s.state = TemplatePhase.QUIESCING);
      return List.of();
    }
    if (VerifyGate.applies(changed)) {
      stageForVerification(group, changed, round);
      return List.of();
    }
    List<TemplateState> written = commit(stage(changed), changed);
    markPublished(group, changed, written, new VerifyGate.Decision(true, "", ""), round);
    return written;
  }

  /** Stages a unit with a verify block for its checks, unless its checks run or it waits for its retry. */
  private void stageForVerification(List<TemplateState> group, List<TemplateState> changed, Round round)
      throws IOException {
    String unit = group.get(0).group();
    if (!gate.ready(unit, changed)) {
      return;
    }
    List<Optional<StagedRender>> staged = stage(changed);
    if (staged.stream().allMatch(Optional::isEmpty)) { // the destinations already show this render
      markPublished(group, changed, List.of(), new VerifyGate.Decision(true, "", ""), round);
      return;
    }
    List<VerifyGate.Member> members = new ArrayList<>();
    for (int i = 0; i < changed.size(); i++) {
      TemplateState s = changed.get(i);
      members.add(new VerifyGate.Member(s, s.spec.config(), s.candidate, staged.get(i), s.checks));
      s.state = TemplatePhase.VERIFYING;
    }
    gate.started(unit);
    round.pending.add(new VerifyGate.Pending(unit, List.copyOf(group), members));
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
   * Stages every changed member (empty for one whose destination already shows its render); if any cannot be staged,
   * what was staged is removed and nothing is published.
   */
  private static List<Optional<StagedRender>> stage(List<TemplateState> changed) throws IOException {
    List<Optional<StagedRender>> staged = new ArrayList<>();
    try {
      for (TemplateState s : changed) {
        staged.add(StagedRender.stage(s.spec.config(), s.candidate.getBytes(StandardCharsets.UTF_8)));
      }
      return staged;
    } catch (IOException | RuntimeException e) {
      staged.forEach(st -> st.ifPresent(StagedRender::discard));
      throw e;
    }
  }

  /**
   * Publishes the staged members back to back (renames, slot switches); what is left staged after a failure is
   * removed. Returns the members actually written, recording the slot each now shows.
   */
  private static List<TemplateState> commit(List<Optional<StagedRender>> staged, List<TemplateState> changed)
      throws IOException {
    List<TemplateState> written = new ArrayList<>();
    try {
      for (int i = 0; i < staged.size(); i++) {
        if (staged.get(i).isPresent()) {
          staged.get(i).get().publish();
          changed.get(i).slot = staged.get(i).get().slot();
          written.add(changed.get(i));
        }
      }
    } finally {
      staged.forEach(st -> st.ifPresent(StagedRender::discard));
    }
    return written;
  }

  private void markPublished(List<TemplateState> group, List<TemplateState> changed, List<TemplateState> written,
      VerifyGate.Decision how, Round round) {
    Instant now = scheduler.clock().instant();
    for (TemplateState s : group) {
      s.written = s.candidate;
      s.rendered = true;
      s.lastRender = s.lastRender == null || changed.contains(s) ? now : s.lastRender;
      s.state = TemplatePhase.RENDERED;
      s.lastError = null;
    }
    for (TemplateState s : changed) {
      if (written.contains(s)) {
        LOG.info("rendered", "destination", s.spec.config().destination());
      }
      if (s.rotates()) {
        handOver(s, written.contains(s), how, now, round);
      }
    }
  }

  /** A rotation template's publish: its event, and its leases handed over after its command. */
  private void handOver(TemplateState s, boolean written, VerifyGate.Decision how, Instant now, Round round) {
    TemplateConfig c = s.spec.config();
    if (written) {
      String detail = s.slot.isEmpty() ? "" : c.destination() + " → " + SlotFiles.slotFile(
          java.nio.file.Path.of(c.destination()), s.slot).getFileName();
      String message = how.note().isEmpty() ? detail : detail.isEmpty() ? how.note() : detail + "; " + how.note();
      journal.record(new RotationEvent(now, "lease", c.destination(), s.slot.isEmpty() ? "publish" : "switch",
          VerifyGate.oldIds(s), VerifyGate.newIds(s), how.verifiedBy(), RotationEvent.Result.SUCCEEDED,
          Duration.ZERO, message));
    }
    Map<String, String> after = new LinkedHashMap<>();
    s.candidateLeases.forEach((dep, lease) -> after.put(dep, lease.leaseId()));
    round.rotated.add(new Rotated(s, new Handover(c.destination(), s.publishedLeases, s.candidateLeases,
        c.rotation().gracePeriod()), c.command()));
    s.publishedLeases = Map.copyOf(after);
  }

  /**
   * Runs a batch's commands, after any earlier batch's, outside the runner's monitor; with {@code command_jitter} they
   * start after a random delay in {@code [0, jitter)}. Failures are counted on the templates that own the command.
   */
  void runCommands(Batch batch) {
    synchronized (commandLock) {
      if (batch.commands.isEmpty()) {
        handOver(batch, List.of());
        return;
      }
      if (batch.jitter.isZero()) {
        List<CommandRunner.Outcome> outcomes = commands.runAll(batch.commands);
        synchronized (runnerLock) {
          record(outcomes, batch.owners);
        }
        handOver(batch, outcomes);
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
          handOver(batch, outcomes);
        });
      }
    }
  }

  /**
   * After the commands ran: each rotation template's leases go to the {@link LeaseHolds}, with whether its reload
   * succeeded (a grace period starts only after a successful reload), and its reload is an event.
   */
  private void handOver(Batch batch, List<CommandRunner.Outcome> outcomes) {
    Instant now = scheduler.clock().instant();
    for (Rotated r : batch.rotated()) {
      Optional<CommandRunner.Outcome> outcome = r.command().flatMap(c -> outcomes.stream()
          .filter(o -> o.command().equals(c.command())).findFirst());
      boolean ok = outcome.map(CommandRunner.Outcome::ok).orElse(true);
      outcome.ifPresent(o -> journal.record(new RotationEvent(now, "lease", r.handover().destination(), "reload",
          "", "", "", o.ok() ? RotationEvent.Result.SUCCEEDED : RotationEvent.Result.FAILED, Duration.ZERO,
          o.ok() ? "" : o.error())));
      holds.handedOver(r.handover(), ok);
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

  /** Adds a listener told of every command a publish ran; from any thread. */
  void onCommand(BiConsumer<String, CommandRunner.Outcome> listener) {
    onCommand.add(listener);
  }

  private void ran(String destination, CommandRunner.Outcome o) {
    for (BiConsumer<String, CommandRunner.Outcome> l : onCommand) {
      try {
        l.accept(destination, o);
      } catch (RuntimeException e) {
        LOG.error("command listener failed", e);
      }
    }
  }
}
