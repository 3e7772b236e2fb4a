package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.config.VerifyConfig;
import io.vaultlet.lease.Lease;
import io.vaultlet.rotation.LeaseHolds;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.Verifier;
import io.vaultlet.rotation.Verifiers;
import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The decisions of {@code verify} for publish units (a template, or a {@code publish_group}) with a verify block: when
 * to try, and what a result means. The {@link Publisher} stages the unit's new files, {@link #verify} hands the checks
 * to the verify executor (never a template thread: a 30 s check must not hold up the renewals of other templates),
 * the outcome waits in {@link #finished} for the next run, and {@link #decide} says whether to publish:
 *
 * <ul>
 *   <li>passed: publish;</li>
 *   <li>failed: keep the old files (the new credential is not used), retry with backoff (1s doubling to 1m) without
 *       fetching anything again, until the previous credential's expiry minus a margin ({@code verify.timeout} plus
 *       the reload command's timeout) forces a decision: then keep the old files and report at ERROR on every attempt
 *       ({@code on_failure = "keep"}, the default), or publish unverified ({@code on_failure = "publish"}). With no
 *       previous file at all the decision is due at once.</li>
 * </ul>
 *
 * <p>The checks of a verify block are built once (on its first verification) and closed when no template uses the
 * block any more ({@link #retain}) or at {@link #close}. Guarded by the runner's monitor, except {@link #verify},
 * {@link #finished}, {@link #retain} and {@link #close}.
 */
final class VerifyGate {

  private static final Log LOG = Log.named("render.verify");
  /** Verification retries: 1s, 2s, 4s … capped at 1m, forever. */
  static final RetrySchedule BACKOFF = new RetrySchedule(true, 0, Duration.ofSeconds(1), Duration.ofMinutes(1));

  /** One member of a staged unit: what was staged, with what it was rendered from. */
  record Member(TemplateState state, TemplateConfig config, String content, Optional<StagedRender> staged,
      Map<String, String> checks) {

    Path destination() {
      return Path.of(config.destination()).toAbsolutePath().normalize();
    }

    Path file() {
      return staged.map(StagedRender::file).orElse(destination());
    }
  }

  /** A staged unit waiting for its checks. */
  record Pending(String unit, List<TemplateState> group, List<Member> members) {

    void discard() {
      members.forEach(m -> m.staged().ifPresent(StagedRender::discard));
    }

    /** Destination → staged file, for checks that read another member (a key in its own file). */
    Map<Path, Path> stagedFiles() {
      Map<Path, Path> out = new LinkedHashMap<>();
      members.forEach(m -> out.put(m.destination(), m.file()));
      return out;
    }
  }

  /** What to do with a verified (or failed) unit. */
  record Decision(boolean publish, String verifiedBy, String note) {}

  /** A unit whose checks are done, waiting for the next run to decide. */
  record Verified(Pending pending, Verifiers.Outcome outcome) {}

  /** A unit's attempts at its current render. */
  private static final class Attempts {
    /** A hash of the render being verified (never the rendered secrets themselves). */
    String signature;
    int failures;
    Instant retryAt;
    boolean inFlight;
    Scheduler.Cancellable retry;
  }

  private final Scheduler scheduler;
  private final Scheduler verifyScheduler;
  private final Runnable requestRun;
  private final LeaseHolds holds;
  private final RotationJournal journal;
  private final Map<String, String> env;
  private final Map<String, Attempts> attempts = new HashMap<>();
  private final Map<VerifyConfig, List<Verifier>> checks = new ConcurrentHashMap<>();
  private final Queue<Verified> done = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /**
   * @param scheduler the runner's scheduler (its clock decides; retries are scheduled there)
   * @param verifyScheduler where the checks run: the agent's verify executor
   */
  VerifyGate(Scheduler scheduler, Scheduler verifyScheduler, Runnable requestRun, LeaseHolds holds,
      RotationJournal journal, Map<String, String> env) {
    this.scheduler = scheduler;
    this.verifyScheduler = verifyScheduler;
    this.requestRun = requestRun;
    this.holds = holds;
    this.journal = journal;
    this.env = Map.copyOf(env);
  }

  /** True when a changed member of the unit has a verify block. */
  static boolean applies(List<TemplateState> changed) {
    return changed.stream().anyMatch(s -> s.spec.config().rotation().verify().isPresent());
  }

  /**
   * True when the unit's render should be staged and verified now: not while a verification of it runs, and not
   * before its retry time when it is the render that failed last (a new render is verified at once).
   */
  boolean ready(String unit, List<TemplateState> changed) {
    Attempts a = attempts.computeIfAbsent(unit, u -> new Attempts());
    if (a.inFlight) {
      return false;
    }
    String signature = signature(changed);
    if (signature.equals(a.signature)) {
      return a.retryAt == null || !scheduler.clock().instant().isBefore(a.retryAt);
    }
    a.signature = signature;
    a.failures = 0;
    a.retryAt = null;
    return true;
  }

  /** The unit's checks are about to run. */
  void started(String unit) {
    attempts.get(unit).inFlight = true;
  }

  /**
   * A staged unit was dropped before its decision (a newer render, or a reload replaced it): a run is requested, since
   * the runs that came while its checks ran skipped it.
   */
  void abandon(String unit) {
    Attempts a = attempts.get(unit);
    if (a != null) {
      a.inFlight = false;
      a.signature = null;
    }
    requestRun.run();
  }

  /**
   * Hands the unit's checks to the verify executor and returns at once (call it outside the runner's lock). When they
   * are done, the outcome waits in {@link #finished} and a run is requested; the first failure stops them.
   */
  void verify(Pending p) {
    try {
      verifyScheduler.schedule(Duration.ZERO, () -> {
        if (closed) {
          p.discard();
          return;
        }
        CompletableFuture<Verifiers.Outcome> checked;
        try {
          checked = check(p, 0, new ArrayList<>(), Duration.ZERO);
        } catch (RuntimeException e) {
          checked = CompletableFuture.completedFuture(unexpected(e));
        }
        checked.whenComplete((o, e) -> finish(p, e == null ? o : unexpected(e)));
      });
    } catch (RuntimeException e) { // the executor is shutting down
      finish(p, new Verifiers.Outcome(false, "", "the verify executor has stopped", Duration.ZERO));
    }
  }

  /** Member {@code i}'s checks, then the next member's: on the verify executor. */
  private CompletableFuture<Verifiers.Outcome> check(Pending p, int i, List<String> by, Duration took) {
    int at = i;
    while (at < p.members().size() && p.members().get(at).config().rotation().verify().isEmpty()) {
      at++;
    }
    if (at == p.members().size()) {
      return CompletableFuture.completedFuture(new Verifiers.Outcome(true, String.join(",", by), "", took));
    }
    Member m = p.members().get(at);
    VerifyConfig v = m.config().rotation().verify().orElseThrow();
    Verifier.Candidate c = new Verifier.Candidate(m.file(), m.destination(), p.stagedFiles(), m.checks(),
        v.timeout(), verifyScheduler.clock().instant());
    int next = at + 1;
    List<Verifier> verifiers = checks.computeIfAbsent(v, k -> Verifiers.of(k, env));
    return Verifiers.start(verifiers, c, verifyScheduler).thenCompose(o -> {
      by.add(o.verifiedBy());
      Duration sum = took.plus(o.duration());
      return o.ok() ? check(p, next, by, sum)
          : CompletableFuture.completedFuture(new Verifiers.Outcome(false, String.join(",", by), o.message(), sum));
    });
  }

  private static Verifiers.Outcome unexpected(Throwable e) {
    return new Verifiers.Outcome(false, "", "the checks failed unexpectedly: " + e, Duration.ZERO);
  }

  private void finish(Pending p, Verifiers.Outcome outcome) {
    if (closed) {
      p.discard();
      return;
    }
    Verified v = new Verified(p, outcome);
    done.add(v);
    if (closed && done.remove(v)) { // closed meanwhile: nobody will take it
      p.discard();
    }
    requestRun.run();
  }

  /** The units whose checks finished since the last call, for {@link #decide}. */
  List<Verified> finished() {
    List<Verified> out = new ArrayList<>();
    for (Verified v = done.poll(); v != null; v = done.poll()) {
      out.add(v);
    }
    return out;
  }

  /** The templates now use only {@code inUse}: the checks of other verify blocks are closed (after SIGHUP). */
  void retain(Collection<VerifyConfig> inUse) {
    checks.keySet().removeIf(k -> {
      if (inUse.contains(k)) {
        return false;
      }
      closeAll(checks.get(k));
      return true;
    });
  }

  /** The runner is closed: staged units still waiting are removed and every check is closed. */
  void close() {
    closed = true;
    finished().forEach(v -> v.pending().discard());
    checks.values().forEach(VerifyGate::closeAll);
    checks.clear();
  }

  private static void closeAll(List<Verifier> verifiers) {
    if (verifiers == null) {
      return;
    }
    for (Verifier v : verifiers) {
      try {
        v.close();
      } catch (RuntimeException e) {
        LOG.warn("could not release a verify check", "check", v.name(), "error", String.valueOf(e.getMessage()));
      }
    }
  }

  /** What the outcome of {@link #verify} means for the unit (see the class comment); records the events. */
  Decision decide(Pending p, Verifiers.Outcome outcome) {
    Attempts a = attempts.computeIfAbsent(p.unit(), u -> new Attempts());
    a.inFlight = false;
    Instant now = scheduler.clock().instant();
    String message = Redactor.redact(outcome.message());
    for (Member m : p.members()) {
      if (m.config().rotation().verify().isPresent()) {
        journal.record(new RotationEvent(now, "lease", m.config().destination(), "verify", oldIds(m.state()),
            newIds(m.state()), outcome.verifiedBy(), outcome.ok() ? RotationEvent.Result.SUCCEEDED
                : RotationEvent.Result.FAILED, outcome.duration(), message));
      }
    }
    if (outcome.ok()) {
      reset(a);
      p.members().forEach(m -> m.state().verifyFailures = 0);
      return new Decision(true, outcome.verifiedBy(), "");
    }
    a.failures++;
    Optional<Instant> deadline = deadline(p, now);
    boolean forced = deadline.isPresent() && !now.isBefore(deadline.get());
    VerifyConfig policy = p.members().stream().map(m -> m.config().rotation().verify()).flatMap(Optional::stream)
        .findFirst().orElseThrow();
    if (forced && policy.onFailure() == VerifyConfig.OnFailure.PUBLISH) {
      String note = "published unverified (on_failure = \"publish\"): " + expiring(deadline.get(), p, now);
      LOG.error("verification keeps failing; publishing the new render unverified", "unit", p.unit(),
          "failures", a.failures, "error", message);
      reset(a);
      return new Decision(true, "", note);
    }
    Duration wait = BACKOFF.next(a.failures - 1).orElseThrow();
    if (deadline.isPresent() && !forced && now.plus(wait).isAfter(deadline.get())) {
      wait = Duration.between(now, deadline.get()); // the decision is taken on time
    }
    scheduleRetry(a, now, wait);
    String status = "verification failed (" + a.failures + "×); retrying at " + a.retryAt + ": " + message;
    if (forced) {
      status = "verification failed (" + a.failures + "×); " + expiring(deadline.get(), p, now)
          + ", and the new one is not used (on_failure = \"keep\"); retrying at " + a.retryAt + ": " + message;
      boolean firstRender = p.members().stream().noneMatch(m -> Files.exists(m.destination()));
      LOG.error(firstRender
          ? "no credential has passed verification yet; the destination stays unwritten until one does"
          : "the previous credential is about to expire and its replacement still fails verification; keeping "
              + "the previous file", "unit", p.unit(), "failures", a.failures, "error", message);
      for (Member m : p.members()) {
        journal.record(new RotationEvent(now, "lease", m.config().destination(), "deadline", oldIds(m.state()),
            newIds(m.state()), "", RotationEvent.Result.FAILED, Duration.ZERO, status));
      }
    }
    for (Member m : p.members()) {
      m.state().state = TemplatePhase.VERIFY_FAILED;
      m.state().lastError = status;
      m.state().verifyFailures = a.failures;
    }
    return new Decision(false, outcome.verifiedBy(), status);
  }

  private void reset(Attempts a) {
    a.failures = 0;
    a.retryAt = null;
    if (a.retry != null) {
      a.retry.cancel();
      a.retry = null;
    }
  }

  private void scheduleRetry(Attempts a, Instant now, Duration wait) {
    if (a.retry != null) {
      a.retry.cancel();
    }
    a.retryAt = now.plus(wait);
    a.retry = scheduler.schedule(wait, requestRun);
  }

  /**
   * When the decision is due: the earliest expiry among the leases the unit's files use now and the new render
   * replaces, minus the margin; now when no member has a file yet; empty when no such expiry is known.
   */
  private Optional<Instant> deadline(Pending p, Instant now) {
    Instant earliest = null;
    Duration margin = Duration.ZERO;
    for (Member m : p.members()) {
      for (String id : replacedIds(m.state())) {
        Optional<Instant> x = holds.expiry(id);
        if (x.isPresent() && (earliest == null || x.get().isBefore(earliest))) {
          earliest = x.get();
        }
      }
      margin = max(margin, margin(m.config()));
    }
    if (earliest != null) {
      return Optional.of(earliest.minus(margin));
    }
    boolean anyFile = p.members().stream().anyMatch(m -> Files.exists(m.destination()));
    return anyFile ? Optional.empty() : Optional.of(now);
  }

  /** Time to verify once more and reload: {@code verify.timeout} + the command's timeout. */
  static Duration margin(TemplateConfig c) {
    Duration verify = c.rotation().verify().map(VerifyConfig::timeout).orElse(Duration.ZERO);
    return verify.plus(c.command().map(TemplateConfig.CommandConfig::timeout).orElse(Duration.ZERO));
  }

  private String expiring(Instant deadline, Pending p, Instant now) {
    boolean anyFile = p.members().stream().anyMatch(m -> Files.exists(m.destination()));
    if (!anyFile) {
      return "there is no previous file to keep";
    }
    Duration margin = p.members().stream().map(m -> margin(m.config())).reduce(Duration.ZERO, VerifyGate::max);
    return "the previous credential expires at " + deadline.plus(margin) + " (decision margin "
        + GoDurations.format(margin) + ")";
  }

  private static List<String> replacedIds(TemplateState s) {
    List<String> now = s.candidateLeases.values().stream().map(Lease::leaseId).toList();
    return s.publishedLeases.values().stream().filter(id -> !now.contains(id)).toList();
  }

  static String oldIds(TemplateState s) {
    return String.join(",", replacedIds(s).stream().map(Lease::displayId).toList());
  }

  static String newIds(TemplateState s) {
    return String.join(",", s.candidateLeases.values().stream().map(l -> Lease.displayId(l.leaseId()))
        .toList());
  }

  /** A SHA-256 of the unit's destinations and renders: what tells a new render from a retry, holding no secret. */
  private static String signature(List<TemplateState> changed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (TemplateState s : changed) {
        sha.update(s.destination.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(s.candidate.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
