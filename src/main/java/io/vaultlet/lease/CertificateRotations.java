package io.vaultlet.lease;

import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.template.Dependency;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * Records every certificate (re-)issue of the {@link LeaseWatcher} as a {@link RotationEvent}: kind
 * {@code certificate}, step {@code issue}, the old and new serial numbers as ids, the destinations as target, and how
 * the key was chosen (local keys) as message. A certificate reused from disk is no rotation and records nothing; a
 * failed issue records a {@code failed} event with the (redacted) error.
 */
final class CertificateRotations {

  private final RotationJournal journal;

  CertificateRotations(RotationJournal journal) {
    this.journal = journal;
  }

  /** After a fetch of {@code e} that began at {@code start}. Caller holds the entry lock. */
  void fetched(WatchedDependency e, DependencyFetcher.Fetched f, Instant start, Instant end) {
    if (f.lease().kind() != Lease.Kind.CERTIFICATE) {
      return;
    }
    String old = e.serial;
    e.serial = f.serial();
    if (f.requests() == 0 || f.serial().equals(old)) {
      return;
    }
    journal.record(new RotationEvent(end, "certificate", target(e), "issue", old, f.serial(), "",
        RotationEvent.Result.SUCCEEDED, Duration.between(start, end), f.detail()));
  }

  /** After a failed fetch of {@code e}; only certificate requests are recorded. Caller holds the entry lock. */
  void failed(WatchedDependency e, String message, Instant start, Instant end) {
    if (!Dependency.issuesCertificate(e.dependency)) {
      return;
    }
    journal.record(new RotationEvent(end, "certificate", target(e), "issue", e.serial, "", "",
        RotationEvent.Result.FAILED, Duration.between(start, end), message));
  }

  /** The destinations of the templates using it, sorted and comma-separated; the dependency key without any. */
  private static String target(WatchedDependency e) {
    TreeSet<String> dests = new TreeSet<>(e.destinations);
    return dests.isEmpty() ? e.dependency.key() : String.join(",", dests);
  }
}
