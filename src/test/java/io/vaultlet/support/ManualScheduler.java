package io.vaultlet.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link Scheduler} for tests: time moves only when the test calls {@link #advance(Duration)}. */
public final class ManualScheduler implements Scheduler {

  private final MutableClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));
  private long seq;

  public ManualScheduler() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public ManualScheduler(Instant start) {
    this.clock = new MutableClock(start);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    Task t = new Task(clock.instant().plus(d), seq++, task);
    queue.add(t);
    return () -> {
      synchronized (ManualScheduler.this) {
        queue.remove(t);
      }
    };
  }

  /** Moves time forward, running every task that falls due, in order, each at its own due time. */
  public void advance(Duration by) {
    Instant target = clock.instant().plus(by);
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(target)) {
          break;
        }
        queue.poll();
      }
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
      }
      SystemScheduler.runGuarded(next.body);
    }
    clock.set(target);
  }

  /** Runs what is due now without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Due times of the pending tasks, earliest first. */
  public synchronized List<Instant> pending() {
    List<Task> copy = new ArrayList<>(queue);
    copy.sort(queue.comparator());
    List<Instant> out = new ArrayList<>();
    for (Task t : copy) {
      out.add(t.due);
    }
    return out;
  }

  private record Task(Instant due, long seq, Runnable body) {}

  /** A clock the scheduler moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void set(Instant i) {
      now = i;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
