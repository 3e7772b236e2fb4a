package io.vaultlet.support;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The production {@link Scheduler}: a small pool of named daemon threads and the system clock. */
public final class SystemScheduler implements Scheduler, AutoCloseable {

  private static final Log LOG = Log.named("scheduler");

  private final Clock clock;
  private final ScheduledExecutorService executor;

  public SystemScheduler(String name, int threads) {
    this(Clock.systemUTC(), name, threads);
  }

  public SystemScheduler(Clock clock, String name, int threads) {
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    ScheduledFuture<?> f = executor.schedule(() -> runGuarded(task), nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Background work never dies silently: every task body is guarded, logged and the scheduler carries on. */
  static void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.error("background task failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
