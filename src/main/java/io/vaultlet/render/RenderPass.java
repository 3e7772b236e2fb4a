package io.vaultlet.render;

import io.vaultlet.config.TemplateSettings;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A run's evaluation of every template against the {@link LeaseWatcher} (the {@code Brain}), n-pass as in
 * consul-template: what a template used but has no data for yet is watched, and the template waits — it is complete
 * (its {@link TemplateState#candidate} set) only once every dependency used in its latest execution has data, so nested
 * dependencies discovered later restart the wait and a destination is never written empty or partial. A template
 * error is logged and the previous file kept; with {@code exit_on_retry_failure} and {@code error_fatal} the exit
 * callback gets 1 (once). After publishing, {@link #forgetUnused} drops what no template uses any more. Called under
 * the runner's monitor.
 */
final class RenderPass {

  private static final Log LOG = Log.named("render.runner");

  private final LeaseWatcher leases;
  private final Map<String, String> runnerEnv;
  private final TemplateSettings settings;
  private final IntConsumer exit;
  private final AtomicBoolean exited = new AtomicBoolean();
  private final CertificateUnits certificateUnits = new CertificateUnits();

  RenderPass(LeaseWatcher leases, Map<String, String> runnerEnv, TemplateSettings settings, IntConsumer exit) {
    this.leases = leases;
    this.runnerEnv = runnerEnv;
    this.settings = settings;
    this.exit = exit;
  }

  /**
   * Executes every file template, handing each to {@code done} as soon as it has executed (or failed), then every
   * env template; the runner publishes a unit as soon as its last member is done.
   */
  void evaluate(TemplateSet templates, Consumer<TemplateState> done) {
    List<TemplateState> evaluated = new ArrayList<>();
    for (TemplateState s : templates.states) {
      if (evaluate(s)) {
        evaluated.add(s);
      }
      done.accept(s);
    }
    for (TemplateState s : templates.envStates) {
      if (evaluate(s)) {
        evaluated.add(s);
      }
    }
    // Every template's destinations are registered before anything is fetched: a certificate written by two
    // templates (certificate and key files) is first fetched knowing both, so a good pair on disk is reused.
    evaluated.forEach(s -> watch(s, false));
    evaluated.forEach(s -> watch(s, true));
    certificateUnits.check(templates.states);
  }

  private void watch(TemplateState s, boolean start) {
    String dest = s.spec == null ? "" : s.destination;
    Optional<Duration> renewBefore = s.spec == null ? Optional.empty() : s.spec.config().renewBefore();
    for (Dependency d : s.used) {
      if (start) {
        leases.watch(d, dest, renewBefore);
      } else {
        leases.register(d, dest, renewBefore);
      }
    }
  }

  /**
   * Executes one template; on completion its candidate output is set. False when it failed to execute. A rotation
   * template reads a snapshot of the watcher, so its {@code verify} values render from the same data as the file, and
   * the leases behind it are kept.
   */
  private boolean evaluate(TemplateState s) {
    s.complete = false;
    s.candidate = null;
    SnapshotBrain snapshot = s.rotates() ? new SnapshotBrain(leases) : null;
    Template.Result r;
    Map<String, String> checks = new LinkedHashMap<>();
    List<Dependency> used = new ArrayList<>();
    int missing;
    try {
      r = s.template.execute(snapshot == null ? leases : snapshot, runnerEnv);
      used.addAll(r.used());
      missing = r.missing().size();
      for (Map.Entry<String, Template> check : s.spec == null ? Map.<String, Template>of().entrySet()
          : s.spec.checks().entrySet()) {
        Template.Result c = check.getValue().execute(snapshot, runnerEnv);
        used.addAll(c.used());
        missing += c.missing().size();
        checks.put(check.getKey(), c.output());
      }
    } catch (RenderException e) {
      failed(s, e.getMessage());
      return false;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // one template's defect never stops the run for the others; the message names what happened, never "null"
      failed(s, "internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return false;
    }
    s.used = List.copyOf(new java.util.LinkedHashSet<>(used));
    s.missing = missing;
    if (missing > 0) {
      s.state = s.rendered ? s.state : TemplatePhase.WAITING;
      LOG.debug("template is waiting for data", "destination", s.destination, "missing", s.missing);
      return true;
    }
    s.complete = true;
    s.candidate = r.output();
    if (snapshot != null) {
      s.checks = Map.copyOf(checks);
      s.candidateLeases = snapshot.leases();
    }
    return true;
  }

  /**
   * A template error: the template shows it, the previous file is kept. The same error again (a source that still does
   * not parse, a value still missing) is logged at debug, so a broken template logs once per change, not every run.
   */
  private void failed(TemplateState s, String message) {
    String error = Redactor.redact(message);
    boolean repeated = s.state == TemplatePhase.ERROR && error.equals(s.lastError);
    s.failed(error);
    if (repeated) {
      LOG.debug("template still fails to render; the previous file is kept", "destination", s.destination, "error",
          error);
    } else {
      LOG.error("template failed to render; the previous file is kept", "destination", s.destination, "error", error);
    }
    if (settings.exitOnRetryFailure() && s.errorFatal && exited.compareAndSet(false, true)) {
      exit.accept(1);
    }
  }

  /** Stops watching what no template uses any more. */
  void forgetUnused(TemplateSet templates) {
    Set<String> used = new HashSet<>();
    templates.states.forEach(s -> s.used.forEach(d -> used.add(d.key())));
    templates.envStates.forEach(s -> s.used.forEach(d -> used.add(d.key())));
    for (Dependency d : leases.watched()) {
      if (!used.contains(d.key())) {
        leases.unwatch(d);
      }
    }
  }
}
