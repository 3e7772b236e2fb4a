package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written secrets engine for lease tests: {@code GET stub/creds/<name>} issues a credential with a lease whose
 * TTLs come from the query ({@code ttl}, {@code max_ttl}, {@code renewable}); revocations and renewals are recorded.
 * {@code POST stub/secret-id} answers like AppRole's secret-id generation (wrapped accessor included).
 */
final class StubEngine implements Backend {

  final List<String> revoked = new CopyOnWriteArrayList<>();
  final List<Instant> renewedTo = new CopyOnWriteArrayList<>();
  volatile boolean failRevocation;
  /** When set, revocations wait until it opens (to hold background revocations in flight). */
  volatile CountDownLatch revocationGate;

  @Override
  public DevResponse handle(DevRequest req) {
    if (req.path().equals("secret-id") && req.operation().isWrite()) {
      return DevResponse.of(Map.of("secret_id", "sid-" + Ids.base62(8), "secret_id_accessor", "acc-1"))
          .withWrappedAccessor("acc-1");
    }
    if (!req.path().startsWith("creds/") || req.operation() != Operation.READ) {
      throw DevException.unsupportedPath();
    }
    String user = "user-" + req.path().substring("creds/".length()) + "-" + Ids.base62(6);
    Duration ttl = req.duration("ttl");
    Duration max = req.duration("max_ttl");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", user);
    data.put("password", "pw-" + Ids.base62(12));
    return DevResponse.of(data).withLease(LeaseSpec.of(ttl, max)
        .renewable(req.bool("renewable", true))
        .internal("username", user)
        .onRevoke(lease -> {
          awaitGate();
          if (failRevocation) {
            throw new IllegalStateException("database unreachable");
          }
          revoked.add((String) lease.internal().get("username"));
        })
        .onRenew(new LeaseSpec.Renewer() {
          @Override
          public TtlLimits limits(LeaseView lease) {
            return TtlLimits.of(ttl, max);
          }

          @Override
          public void renewed(LeaseView lease, Instant newExpiry) {
            renewedTo.add(newExpiry);
          }
        }));
  }

  private void awaitGate() {
    CountDownLatch gate = revocationGate;
    if (gate == null) {
      return;
    }
    try {
      gate.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
