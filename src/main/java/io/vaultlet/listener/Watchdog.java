package io.vaultlet.listener;

import io.vaultlet.support.Log;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the listeners' read and idle timeouts: a connection arms a {@link Deadline} before each blocking read phase,
 * and a deadline that passes runs its action (answer 408 if possible, then close the connection), which unblocks the
 * reading thread. One timer thread for every listener. Socket timeouts alone cannot do this: a unix-domain channel has
 * none, and a slow client that sends a byte now and then would never trip one.
 */
final class Watchdog implements AutoCloseable {

  private static final Log LOG = Log.named("listener");

  private final ScheduledThreadPoolExecutor timer;

  Watchdog() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vaultlet-listener-timeouts");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** A deadline for one connection; {@code onExpiry} runs on the timer thread when an armed deadline passes. */
  Deadline deadline(Runnable onExpiry) {
    return new Deadline(onExpiry);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One connection's current deadline: re-armed per phase, disarmed while the handler runs. */
  final class Deadline {
    private final Runnable onExpiry;
    private ScheduledFuture<?> pending;
    private volatile boolean expired;

    private Deadline(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    synchronized void arm(Duration d) {
      disarm();
      pending = timer.schedule(() -> {
        expired = true;
        try {
          onExpiry.run();
        } catch (RuntimeException e) {
          LOG.debug("closing a timed-out connection failed", "error", e.toString());
        }
      }, Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
    }

    synchronized void disarm() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    boolean expired() {
      return expired;
    }
  }
}
