package io.vaultlet.rotation;

import io.vaultlet.lease.Lease;
import java.time.Duration;
import java.util.Map;

/**
 * A template published a new file: the leases its previous file used and the ones the new file uses. Built when the
 * file is published, reported once its reload command ran ({@link LeaseHolds#handedOver}).
 *
 * @param destination the template's destination
 * @param before dependency key → lease id of the previous file (empty on a first render)
 * @param after dependency key → lease of the new file
 * @param grace the template's {@code grace_period}; zero leaves replaced leases to expire
 */
public record Handover(String destination, Map<String, String> before, Map<String, Lease> after, Duration grace) {

  public Handover {
    before = Map.copyOf(before);
    after = Map.copyOf(after);
  }

  /** The ids of {@link #before} the new file no longer uses. */
  public java.util.Set<String> replaced() {
    java.util.Set<String> now = new java.util.HashSet<>();
    after.values().forEach(l -> now.add(l.leaseId()));
    java.util.Set<String> out = new java.util.LinkedHashSet<>(before.values());
    out.removeAll(now);
    return out;
  }
}
