package io.vaultlet.template;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The state of one template execution: where data comes from (brain, environment, clock), the template's settings
 * that functions need (sandbox, destination), and what the execution used and found missing. A fresh context is made
 * for every execution, as consul-template re-parses with a fresh function map each time (so {@code scratch} never
 * survives a render).
 */
final class FunctionContext {

  /** Renders a {@code define}d template by name with a dot: {@code executeTemplate}'s engine hook. */
  @FunctionalInterface
  interface TemplateInvoker {
    String execute(String name, Object dot) throws Exception;
  }

  final Brain brain;
  final Map<String, String> runnerEnv;
  final Function<String, String> processEnv;
  final Path sandboxPath;
  final String destination;
  final Clock clock;
  final Scratch scratch = new Scratch();
  private final Map<String, Dependency> used = new LinkedHashMap<>();
  private final Map<String, Dependency> missing = new LinkedHashMap<>();
  TemplateInvoker templateInvoker;

  FunctionContext(Brain brain, Map<String, String> runnerEnv, Function<String, String> processEnv, Path sandboxPath,
      String destination, Clock clock) {
    this.brain = brain;
    this.runnerEnv = runnerEnv;
    this.processEnv = processEnv;
    this.sandboxPath = sandboxPath;
    this.destination = destination;
    this.clock = clock;
  }

  /**
   * The n-pass contract: records {@code d} as used and returns its data, or records it as missing and returns empty.
   * Secret values recalled are registered with the process-wide {@link io.vaultlet.support.Redactor}.
   */
  Optional<Object> recall(Dependency d) {
    used.putIfAbsent(d.key(), d);
    Optional<Object> v = brain.recall(d);
    if (v.isEmpty()) {
      missing.putIfAbsent(d.key(), d);
    } else if (d.isVault()) {
      SecretValues.registerAll(v.get());
    }
    return v;
  }

  List<Dependency> used() {
    return List.copyOf(used.values());
  }

  List<Dependency> missing() {
    return List.copyOf(missing.values());
  }

  Collection<Dependency> usedView() {
    return used.values();
  }

  Brain brain() {
    return brain;
  }
}
