package io.vaultlet.auth;

import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Auto-auth's single pending step (a login or a renewal), one-shot and re-armed after each run. Every step runs under
 * the manager's one lock; arming a step cancels the pending one, and a stale step (older generation) or a step after
 * {@link #close()} does nothing. A step that throws (a bug, not a Vault failure) is logged and handed to the recovery
 * action, so auto-auth never dies silently.
 */
final class StepTimer {

  private static final Log LOG = Log.named("auth.handler");

  private final Scheduler scheduler;
  private final ReentrantLock lock;
  private Runnable recovery = () -> {};
  private long generation;
  private boolean closed;
  private Scheduler.Cancellable timer;

  StepTimer(Scheduler scheduler, ReentrantLock lock) {
    this.scheduler = scheduler;
    this.lock = lock;
  }

  /** What to do after a step failed unexpectedly (runs under the lock, only while that step is still current). */
  void onUnexpectedFailure(Runnable recovery) {
    this.recovery = recovery;
  }

  /** Replaces the pending step with {@code step}, run after {@code delay}. Call under the lock. */
  void arm(Duration delay, Runnable step) {
    cancel();
    long gen = ++generation;
    timer = scheduler.schedule(delay, () -> run(gen, step));
  }

  /** Drops the pending step, if any. Call under the lock. */
  void cancel() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** No step runs after this. Call under the lock. */
  void close() {
    closed = true;
    generation++;
    cancel();
  }

  boolean closed() {
    return closed;
  }

  private void run(long gen, Runnable step) {
    lock.lock();
    try {
      if (closed || gen != generation) {
        return;
      }
      step.run();
    } catch (RuntimeException e) {
      LOG.error("auto-auth step failed unexpectedly", e);
      if (!closed && gen == generation) {
        recovery.run();
      }
    } finally {
      lock.unlock();
    }
  }
}
