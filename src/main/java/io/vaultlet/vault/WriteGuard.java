package io.vaultlet.vault;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a blocked write at the exchange's deadline by closing the connection: a socket's read timeout does not bound
 * writes, and a server that stops reading would otherwise hold the caller for ever. One daemon thread, started on
 * the first large request and gone after a minute without one, so the usual small requests never start it.
 */
final class WriteGuard {

  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
        Thread th = new Thread(r, "vaultlet-write-guard");
        th.setDaemon(true);
        return th;
      });
      t.setRemoveOnCancelPolicy(true);
      t.setKeepAliveTime(60, TimeUnit.SECONDS);
      t.allowCoreThreadTimeOut(true);
      return t;
    }
  }

  /** A pending close; {@link #cancel} once the write is done. */
  static final class Watch {
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile ScheduledFuture<?> future;

    /** Whether the deadline passed and the connection was closed. */
    boolean fired() {
      return fired.get();
    }

    void cancel() {
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  private WriteGuard() {}

  /** Closes {@code connection} at {@code deadline} ({@link System#nanoTime()}) unless the watch is cancelled first. */
  static Watch watch(Http1Connection connection, long deadline) {
    Watch w = new Watch();
    w.future = Holder.TIMER.schedule(() -> {
      w.fired.set(true);
      connection.close();
    }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    return w;
  }
}
