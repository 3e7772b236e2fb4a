package io.vaultlet.render;

import io.vaultlet.support.Log;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code env_template}s' environment, delivered to the listeners (the exec supervisor) once every env template and
 * every file template has rendered, and again whenever it changes. {@link #toDeliver} runs under the runner's monitor;
 * {@link #deliver} outside it.
 */
final class EnvironmentDelivery {

  private static final Log LOG = Log.named("render.runner");

  private final List<Consumer<Map<String, String>>> listeners = new CopyOnWriteArrayList<>();
  private Map<String, String> last;

  void add(Consumer<Map<String, String>> listener) {
    listeners.add(listener);
  }

  /**
   * The environment when it is complete and changed since last delivered, else null; marks the env templates
   * rendered (at {@code now} when their value changed). Caller holds the runner's monitor.
   */
  Map<String, String> toDeliver(TemplateSet templates, Instant now) {
    List<TemplateState> envStates = templates.envStates;
    if (envStates.isEmpty() || !envStates.stream().allMatch(s -> s.complete) || !templates.allRendered()) {
      return null;
    }
    Map<String, String> env = new TreeMap<>();
    envStates.forEach(s -> env.put(s.destination.substring("env:".length()), s.candidate));
    boolean changed = !env.equals(last);
    for (TemplateState s : envStates) {
      s.rendered = true;
      s.state = TemplatePhase.RENDERED;
      if (s.lastRender == null || changed) {
        s.lastRender = now;
      }
    }
    if (!changed) {
      return null;
    }
    last = env;
    return Map.copyOf(env);
  }

  /** Tells every listener; a failing one is logged and the others are still told. */
  void deliver(Map<String, String> env) {
    for (Consumer<Map<String, String>> l : listeners) {
      try {
        l.accept(env);
      } catch (RuntimeException e) {
        LOG.error("environment listener failed", e);
      }
    }
  }
}
