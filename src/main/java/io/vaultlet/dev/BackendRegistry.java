package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Backend types by name ({@code kv}, {@code cubbyhole}, {@code database}, {@code approle}…), looked up when a mount is
 * enabled. {@link #standard()} holds the core types plus everything contributed by {@link BackendProvider}s; tests may
 * {@link #register} more (a hand-written stub engine) before passing the registry to {@link DevOptions}.
 */
public final class BackendRegistry {

  /** A registered type. */
  public record Entry(String type, MountKind kind, BackendFactory factory) {}

  private final Map<String, Entry> secret = new LinkedHashMap<>();
  private final Map<String, Entry> auth = new LinkedHashMap<>();
  private final List<BackendProvider> providers = new ArrayList<>();

  /** An empty registry (the core's own types are added by {@link #standard()}). */
  public BackendRegistry() {}

  /** kv, cubbyhole and every {@link BackendProvider} found by {@link ServiceLoader}. */
  public static BackendRegistry standard() {
    BackendRegistry r = new BackendRegistry();
    r.register("kv", MountKind.SECRET, KvBackend::create);
    r.register("generic", MountKind.SECRET, KvBackend::create);
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class, BackendRegistry.class.getClassLoader())) {
      r.add(p);
    }
    return r;
  }

  /** Adds a provider: registers its types now; its lifecycle hooks run with every server using this registry. */
  public synchronized BackendRegistry add(BackendProvider provider) {
    provider.register(this);
    providers.add(provider);
    return this;
  }

  /** The providers added, in order. */
  public synchronized List<BackendProvider> providers() {
    return List.copyOf(providers);
  }

  /** Adds or replaces a type. Returns this registry. */
  public synchronized BackendRegistry register(String type, MountKind kind, BackendFactory factory) {
    Entry e = new Entry(type, kind, factory);
    (kind == MountKind.AUTH ? auth : secret).put(type, e);
    return this;
  }

  public synchronized Optional<Entry> find(String type, MountKind kind) {
    return Optional.ofNullable((kind == MountKind.AUTH ? auth : secret).get(type));
  }

  public synchronized Set<String> types(MountKind kind) {
    return Set.copyOf((kind == MountKind.AUTH ? auth : secret).keySet());
  }
}
