package io.vaultlet.render;

import io.vaultlet.lease.Lease;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link TemplateRunner} knows about one template (or env template, when {@code spec} is null) between runs.
 * Guarded by the runner's monitor.
 */
final class TemplateState {

  final int index;
  final TemplateRunner.Spec spec;
  final String destination;
  final boolean errorFatal;
  Template template;
  List<Dependency> used = List.of();
  /** The last execution had every dependency's data; {@link #candidate} holds its output. */
  boolean complete;
  /** The destination holds a complete render (written, or found identical). */
  boolean rendered;
  String candidate;
  /** What was last published (null before the first publish of this process). */
  String written;
  Instant lastRender;
  TemplatePhase state = TemplatePhase.WAITING;
  String lastError;
  /** When the current run of failures began (the first failed run since the template last rendered), else null. */
  Instant failingSince;
  /** Failed renders and writes so far. */
  long renderErrors;
  int missing;
  long commandFailures;
  /** Rotation templates: the {@code verify} values (the postgres URL) rendered with {@link #candidate}. */
  Map<String, String> checks = Map.of();
  /** Rotation templates: dependency key → the lease behind {@link #candidate}. */
  Map<String, Lease> candidateLeases = Map.of();
  /** Rotation templates: dependency key → lease id of what the destination shows. */
  Map<String, String> publishedLeases = Map.of();
  /** Blue-green templates: the slot the destination links to ("" when none yet). */
  String slot = "";
  /** Failed verifications of the current candidate. */
  int verifyFailures;

  TemplateState(int index, TemplateRunner.Spec spec, Template template, String destination, boolean errorFatal) {
    this.index = index;
    this.spec = spec;
    this.template = template;
    this.destination = destination;
    this.errorFatal = errorFatal;
  }

  /** Takes over what was known about the same template before a reload (its template itself stays the new one). */
  void carryOver(TemplateState old) {
    used = old.used;
    rendered = old.rendered;
    written = old.written;
    lastRender = old.lastRender;
    state = old.state;
    lastError = old.lastError;
    failingSince = old.failingSince;
    renderErrors = old.renderErrors;
    missing = old.missing;
    commandFailures = old.commandFailures;
    publishedLeases = old.publishedLeases;
    slot = old.slot;
  }

  /** True for a template with {@code verify}, {@code grace_period} or {@code slots}. */
  boolean rotates() {
    return spec != null && spec.config().rotation().enabled();
  }

  /** A render or write failed: the template is in {@code error} until it renders again; counted. */
  void failed(String error) {
    lastError = error;
    state = TemplatePhase.ERROR;
    renderErrors++;
  }

  /**
   * Called at the end of every run (after its verifications were decided) with its time: a template that began
   * failing in this run — its render or write failed, or its new render failed {@code verify} — starts failing now;
   * one that rendered stops. So {@code render_error_budget} counts from the failed run itself.
   */
  void stamp(Instant runAt) {
    if (!failing()) {
      failingSince = null;
    } else if (failingSince == null) {
      failingSince = runAt;
    }
  }

  /**
   * A render or write error, or a new render that failed its checks (and is being checked again): the one definition
   * of "failing" ({@link TemplateStatus#failing()} carries it to the health checks).
   */
  boolean failing() {
    return state == TemplatePhase.ERROR || state == TemplatePhase.VERIFY_FAILED
        || (state == TemplatePhase.VERIFYING && verifyFailures > 0);
  }

  /** The publish unit: the {@code publish_group}, or the template alone. */
  String group() {
    return spec.config().publishGroup().map(g -> "group:" + g).orElse("template:" + index);
  }

  /** The status row, with the earliest expiry and next action among the dependencies it used. */
  TemplateStatus status(Map<String, LeaseStatus> leases) {
    Optional<Instant> expiry = Optional.empty();
    Optional<Instant> nextAt = Optional.empty();
    String next = "none";
    for (Dependency d : used) {
      LeaseStatus l = leases.get(d.key());
      if (l == null) {
        continue;
      }
      if (l.expiry().isPresent() && (expiry.isEmpty() || l.expiry().get().isBefore(expiry.get()))) {
        expiry = l.expiry();
      }
      if (l.nextActionAt().isPresent() && (nextAt.isEmpty() || l.nextActionAt().get().isBefore(nextAt.get()))) {
        nextAt = l.nextActionAt();
        next = l.nextAction();
      }
    }
    return new TemplateStatus(destination, spec == null ? "" : spec.config().publishGroup().orElse(""), state.label,
        Optional.ofNullable(lastRender), expiry, next, nextAt, missing, lastError == null ? "" : lastError,
        commandFailures, slot, Optional.ofNullable(failingSince), renderErrors, failing());
  }
}
