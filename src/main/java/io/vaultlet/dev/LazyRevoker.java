package io.vaultlet.dev;

import io.vaultlet.support.Log;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code sys/leases/revoke} with {@code sync=false} in the background: one daemon thread and a bounded queue,
 * owned by {@link Core} and stopped with it. When the queue is full the request thread revokes itself (back-pressure
 * instead of unbounded threads or dropped revocations). Every task catches and logs, so the worker never dies.
 */
final class LazyRevoker implements AutoCloseable {

  static final String THREAD_NAME = "dev-lazy-revoke";
  private static final Log LOG = Log.named("dev.expiration");
  private static final int QUEUE_CAPACITY = 1024;

  private final Leases leases;
  private final ThreadPoolExecutor executor;

  LazyRevoker(Leases leases) {
    this.leases = leases;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
          Thread t = new Thread(r, THREAD_NAME);
          t.setDaemon(true);
          return t;
        });
  }

  /** Revokes {@code leaseId} later; failures are recorded on the lease and logged, and the reaper retries. */
  void submit(String leaseId) {
    try {
      executor.execute(() -> revoke(leaseId));
    } catch (RejectedExecutionException e) {
      if (executor.isShutdown()) {
        LOG.debug("server closing; lazy revocation skipped", "lease_id", leaseId);
        return;
      }
      LOG.debug("lazy revocation queue full; revoking on the request thread", "lease_id", leaseId);
      revoke(leaseId);
    }
  }

  private void revoke(String leaseId) {
    try {
      leases.revokeQuietly(List.of(leaseId));
    } catch (RuntimeException e) {
      LOG.error("lazy revocation failed", e, "lease_id", leaseId);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
