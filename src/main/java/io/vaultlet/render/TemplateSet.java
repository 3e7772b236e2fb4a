package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.template.RenderException;
import io.vaultlet.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates and env templates a {@link TemplateRunner} renders, with their publish units (a {@code publish_group},
 * or a template alone), in configuration order; and their replacement on SIGHUP ({@link #replace}). Guarded by the
 * runner's monitor.
 */
final class TemplateSet {

  private static final Log LOG = Log.named("render.runner");

  final List<TemplateState> states = new ArrayList<>();
  final List<TemplateState> envStates = new ArrayList<>();
  /** Publish unit → its members, in template order. */
  final Map<String, List<TemplateState>> groups = new LinkedHashMap<>();

  TemplateSet(List<TemplateRunner.Spec> specs, List<TemplateRunner.EnvSpec> envSpecs) {
    for (int i = 0; i < envSpecs.size(); i++) {
      envStates.add(envState(i, envSpecs.get(i)));
    }
    for (int i = 0; i < specs.size(); i++) {
      add(i, specs.get(i));
    }
  }

  private TemplateState add(int index, TemplateRunner.Spec sp) {
    TemplateState s =
        new TemplateState(index, sp, sp.template(), sp.config().destination(), sp.config().errorFatal());
    states.add(s);
    groups.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
    return s;
  }

  private static TemplateState envState(int index, TemplateRunner.EnvSpec e) {
    return new TemplateState(index, null, e.template(), "env:" + e.name(), e.errorFatal());
  }

  /** True once every file template has rendered at least once (its file holds a complete render). */
  boolean allRendered() {
    return states.stream().allMatch(s -> s.rendered);
  }

  /** True once every file template and every env template has rendered at least once. */
  boolean allRenderedWithEnv() {
    return allRendered() && envStates.stream().allMatch(s -> s.rendered);
  }

  /**
   * SIGHUP: replaces the templates and env templates. A template whose configuration is unchanged (the position in the
   * file aside) keeps what the runner knows about it — its source is re-read, so an edited source takes effect. A new
   * or changed template starts as never rendered: it renders (to its possibly new destination, with its new mode) as
   * soon as its data is there, using the data already watched — no new request for a dependency another template
   * uses. A removed template stops rendering; its file is left as it is, and its dependencies are dropped after the
   * next run when no other template uses them. An env template keeps what was known under the same name.
   */
  void replace(List<TemplateRunner.Spec> specs, List<TemplateRunner.EnvSpec> envSpecs) {
    replaceFileTemplates(specs);
    replaceEnvTemplates(envSpecs);
  }

  private void replaceFileTemplates(List<TemplateRunner.Spec> specs) {
    List<TemplateState> previous = new ArrayList<>(states);
    states.clear();
    groups.clear();
    List<TemplateState> running = List.copyOf(previous);
    for (int i = 0; i < specs.size(); i++) {
      TemplateRunner.Spec sp = specs.get(i);
      TemplateState kept = takeSame(previous, sp.config());
      TemplateState s = add(i, sp);
      keepLastGood(s, kept != null ? kept : sameDestination(running, s.destination));
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
  }

  private void replaceEnvTemplates(List<TemplateRunner.EnvSpec> envSpecs) {
    List<TemplateState> previousEnv = new ArrayList<>(envStates);
    envStates.clear();
    for (int i = 0; i < envSpecs.size(); i++) {
      TemplateState s = envState(i, envSpecs.get(i));
      previousEnv.stream().filter(p -> p.destination.equals(s.destination)).findFirst().ifPresent(s::carryOver);
      envStates.add(s);
    }
  }

  /**
   * A template whose new text does not parse keeps rendering with the template that ran before for the same
   * destination, when that one parses: the file goes on following its secrets. The parse error is logged once here;
   * the source poller swaps in the fixed source as soon as it parses, without another SIGHUP.
   */
  private static void keepLastGood(TemplateState s, TemplateState before) {
    String error;
    try {
      s.template.check();
      return;
    } catch (RenderException e) {
      error = e.getMessage();
    }
    if (before == null || before.template == s.template || !parses(before.template)) {
      return; // nothing good to fall back on: the template reports its error when it renders
    }
    s.template = before.template;
    LOG.error("reload: template does not parse; keeping the last good template until its source is fixed",
        "destination", s.destination, "error", Redactor.redact(error));
  }

  private static boolean parses(Template t) {
    try {
      t.check();
      return true;
    } catch (RenderException e) {
      return false;
    }
  }

  private static TemplateState sameDestination(List<TemplateState> states, String destination) {
    return states.stream().filter(p -> p.destination.equals(destination)).findFirst().orElse(null);
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
}
