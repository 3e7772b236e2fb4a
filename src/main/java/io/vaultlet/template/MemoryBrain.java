package io.vaultlet.template;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe in-memory {@link Brain}, keyed by {@link Dependency#key()}. */
public final class MemoryBrain implements Brain {

  private final Map<String, Object> values = new ConcurrentHashMap<>();

  @Override
  public Optional<Object> recall(Dependency dependency) {
    return Optional.ofNullable(values.get(dependency.key()));
  }

  /** Stores the value fetched for {@code dependency}; null means "fetched, nothing there" ({@link Brain#NIL}). */
  public void remember(Dependency dependency, Object value) {
    values.put(dependency.key(), value == null ? NIL : value);
  }

  /** Forgets a dependency no template uses any more. */
  public void forget(Dependency dependency) {
    values.remove(dependency.key());
  }

  /** True when the brain has data for {@code dependency}. */
  public boolean has(Dependency dependency) {
    return values.containsKey(dependency.key());
  }

  public int size() {
    return values.size();
  }
}
