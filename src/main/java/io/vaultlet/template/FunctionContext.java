package io.vaultlet.template;

import io.vaultlet.template.gotmpl.Taint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of one template execution: where data comes from (brain, environment, clock), the template's settings
 * that functions need (sandbox, destination), and what the execution used and found missing. A fresh context is made
 * for every execution, as consul-template re-parses with a fresh function map each time (so {@code scratch} never
 * survives a render).
 *
 * <p>The function map itself is shared by all executions (see {@link Functions#shared}); its data functions find the
 * context of the execution that calls them through {@link #current()}, which {@link Template} sets on the executing
 * thread for the duration of the execution.
 */
final class FunctionContext {

  private static final ThreadLocal<FunctionContext> CURRENT = new ThreadLocal<>();

  /** Renders a {@code define}d template by name with a dot: {@code executeTemplate}'s engine hook. */
  @FunctionalInterface
  interface TemplateInvoker {
    String execute(String name, Object dot) throws Exception;
  }

  /** Functions that read outside data: their results are secret whatever their arguments. */
  static final Set<String> SOURCE_FUNCTIONS = Set.of("secret", "secrets", "pkiCert", "file", "env", "mustEnv",
      "envOrDefault", "executeTemplate", "scratch", "plugin");

  final Brain brain;
  final Map<String, String> runnerEnv;
  final Function<String, String> processEnv;
  final Path sandboxPath;
  final String destination;
  final Clock clock;
  final Scratch scratch = new Scratch();
  /** Which values of this execution hold secret data: what error messages must not quote. */
  final Taint taint = new Taint(SecretValues::isTainted, SOURCE_FUNCTIONS);
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

  /** The context of the execution running on this thread; IllegalStateException outside of an execution. */
  static FunctionContext current() {
    FunctionContext ctx = CURRENT.get();
    if (ctx == null) {
      throw new IllegalStateException("no template is executing on this thread");
    }
    return ctx;
  }

  /** Makes {@code ctx} the current context of this thread; returns the previous one, for {@link #exit}. */
  static FunctionContext enter(FunctionContext ctx) {
    FunctionContext previous = CURRENT.get();
    CURRENT.set(ctx);
    return previous;
  }

  /**
   * Restores the context {@link #enter} returned. Sets null rather than removing the entry: the context is still
   * released, and the thread's next execution does not pay for re-creating the entry.
   */
  static void exit(FunctionContext previous) {
    CURRENT.set(previous);
  }

  /**
   * The n-pass contract: records {@code d} as used and returns its data, or records it as missing and returns empty.
   * Secret values recalled are registered with the process-wide {@link io.vaultlet.support.Redactor} (once per value
   * object, see {@link SecretValues#registerAll}).
   */
  Optional<Object> recall(Dependency d) {
    used.putIfAbsent(d.key(), d);
    Optional<Object> v = brain.recall(d);
    if (v.isEmpty()) {
      missing.putIfAbsent(d.key(), d);
      return v;
    }
    if (d.isVault()) {
      SecretValues.registerAll(v.get());
    }
    SecretValues.markTainted(v.get());
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
