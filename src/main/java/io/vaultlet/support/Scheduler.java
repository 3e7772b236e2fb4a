package io.vaultlet.support;

import java.time.Clock;
import java.time.Duration;

/**
 * One-shot scheduling with an injected clock. Production uses {@link SystemScheduler}; tests use a manual scheduler that
 * runs tasks when the test advances time, so no timing rule is ever tested by sleeping.
 */
public interface Scheduler {

  /** The clock every expiry and renewal decision reads. */
  Clock clock();

  /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible). */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be cancelled; cancelling a task that already ran does nothing. */
  interface Cancellable {
    void cancel();
  }
}
