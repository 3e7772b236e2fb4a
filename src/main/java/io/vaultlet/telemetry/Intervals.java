package io.vaultlet.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * go-metrics' in-memory sink: counters and samples aggregated per 10-second interval, one minute kept. What the JSON
 * format of {@code /agent/v1/metrics} shows (the last finished interval, as {@code DisplayMetrics} does).
 */
final class Intervals {

  static final long INTERVAL_SECONDS = 10;
  static final int KEEP = 6;

  /** Count, sum, min, max and the sum of squares of one counter or sample within one interval. */
  static final class Aggregate {
    final String name;
    final Map<String, String> labels;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sumSq;

    Aggregate(String name, Map<String, String> labels) {
      this.name = name;
      this.labels = labels;
    }

    void add(double v) {
      count++;
      sum += v;
      sumSq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }

    double mean() {
      return count == 0 ? 0 : sum / count;
    }

    double stddev() {
      if (count < 2) {
        return 0;
      }
      double var = (sumSq - sum * sum / count) / (count - 1);
      return var <= 0 ? 0 : Math.sqrt(var);
    }
  }

  /** One interval's aggregates, keyed by name and labels. */
  static final class Interval {
    final Instant start;
    final Map<String, Aggregate> counters = new TreeMap<>();
    final Map<String, Aggregate> samples = new TreeMap<>();

    Interval(Instant start) {
      this.start = start;
    }
  }

  private final Clock clock;
  private final Deque<Interval> intervals = new ArrayDeque<>();

  Intervals(Clock clock) {
    this.clock = clock;
  }

  synchronized void add(String name, Map<String, String> labels, double value, boolean counter) {
    Interval i = current();
    Map<String, Aggregate> map = counter ? i.counters : i.samples;
    map.computeIfAbsent(name + labels, k -> new Aggregate(name, new TreeMap<>(labels))).add(value);
  }

  /** The interval {@code DisplayMetrics} shows: the last finished one when there is one, else the current. */
  synchronized Interval display() {
    current();
    if (intervals.size() == 1) {
      return intervals.peekLast();
    }
    Interval[] all = intervals.toArray(new Interval[0]);
    return all[all.length - 2];
  }

  private Interval current() {
    long now = clock.instant().getEpochSecond();
    Instant start = Instant.ofEpochSecond(now - Math.floorMod(now, INTERVAL_SECONDS));
    Interval last = intervals.peekLast();
    if (last == null || last.start.isBefore(start)) {
      last = new Interval(start);
      intervals.addLast(last);
      while (intervals.size() > KEEP) {
        intervals.removeFirst();
      }
    }
    return last;
  }
}
