package io.vaultlet.render;

import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.support.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code wait { min max }} per template or publish group: a pending output is published once it has been the same for
 * {@code min}, and at most {@code max} after the first change (consul-template.md §3.4). Only a <em>different</em>
 * pending output restarts the timer, so runs caused by unrelated data do not delay a file. Guarded by the runner.
 */
final class Quiescence {

  private final Scheduler scheduler;
  private final Runnable requestRun;
  private final Map<String, Timer> timers = new HashMap<>();

  Quiescence(Scheduler scheduler, Runnable requestRun) {
    this.scheduler = scheduler;
    this.requestRun = requestRun;
  }

  /**
   * True when {@code key}'s pending output ({@code signature}) may be published now; otherwise arms or restarts the
   * timer, whose firing requests a run.
   */
  boolean ready(String key, String signature, WaitConfig wait) {
    Timer t = timers.computeIfAbsent(key, k -> new Timer());
    if (t.fired) {
      t.reset();
      return true;
    }
    if (signature.equals(t.signature)) {
      return false;
    }
    t.signature = signature;
    Instant now = scheduler.clock().instant();
    if (t.deadline == null) {
      t.deadline = now.plus(wait.max());
    }
    Duration untilDeadline = Duration.between(now, t.deadline);
    Duration delay = wait.min().compareTo(untilDeadline) < 0 ? wait.min() : untilDeadline;
    t.cancel();
    t.pending = scheduler.schedule(delay, () -> {
      synchronized (t) {
        t.fired = true;
      }
      requestRun.run();
    });
    return false;
  }

  void cancelAll() {
    timers.values().forEach(Timer::cancel);
  }

  /** Forgets every timer (a reload renumbers the publish units); pending outputs re-arm on the next run. */
  void clear() {
    cancelAll();
    timers.clear();
  }

  private static final class Timer {
    Instant deadline;
    String signature;
    volatile boolean fired;
    Scheduler.Cancellable pending;

    void cancel() {
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    }

    void reset() {
      cancel();
      deadline = null;
      signature = null;
      fired = false;
    }
  }
}
