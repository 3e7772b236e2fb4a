package io.vaultlet.render;

import io.vaultlet.lease.Lease;
import io.vaultlet.lease.LeaseWatcher;
import io.vaultlet.template.Brain;
import io.vaultlet.template.Dependency;
import io.vaultlet.template.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One template's view of the {@link LeaseWatcher} for one run: the first recall of each dependency is kept, so the
 * file and its {@code verify} values (the {@code postgres} URL) are rendered from the same fetch even when a new value
 * lands in between; and the leases behind what was rendered are known ({@link #leases()}) for the rotation holds.
 */
final class SnapshotBrain implements Brain {

  private final LeaseWatcher watcher;
  private final Map<String, Optional<Object>> values = new LinkedHashMap<>();
  private final Map<String, Dependency> dependencies = new LinkedHashMap<>();

  SnapshotBrain(LeaseWatcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public Optional<Object> recall(Dependency d) {
    dependencies.putIfAbsent(d.key(), d);
    return values.computeIfAbsent(d.key(), k -> watcher.recall(d));
  }

  /**
   * Dependency key → the lease of each recalled secret that has one. The watcher's lease is used when it is the one
   * rendered (its expiry is current); otherwise the secret's own lease id and duration.
   */
  Map<String, Lease> leases() {
    Map<String, Lease> out = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      if (value.orElse(null) instanceof Secret s && !s.leaseId().isEmpty()) {
        Lease l = watcher.lease(dependencies.get(key)).filter(x -> x.leaseId().equals(s.leaseId()))
            .orElseGet(() -> new Lease(s.renewable() ? Lease.Kind.RENEWABLE : Lease.Kind.NON_RENEWABLE,
                s.leaseId(), java.time.Instant.EPOCH, Duration.ofSeconds(s.leaseDuration()), Optional.empty(),
                Optional.empty(), ""));
        out.put(key, l);
      }
    });
    return out;
  }
}
