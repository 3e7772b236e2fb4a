package io.vaultlet.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's metrics, named like go-metrics names them for Vault Agent: {@code <prefix>.agent.auth.success}; gauges
 * get the host name after the prefix unless {@code disable_hostname} ({@code vault.myhost.agent.authenticated}), as
 * go-metrics does. Counters and summaries are pushed as things happen; gauges are pulled from {@link Collector}s when
 * the metrics are read, so they are never stale. Rendered as Prometheus text ({@link PrometheusText}, when
 * {@code prometheus_retention_time} is not zero) and as go-metrics' in-memory JSON summary ({@link InmemJson}).
 * Thread-safe.
 */
public final class Metrics {

  /** A metric's identity: its dotted name (without prefix) and sorted labels. */
  record Key(String name, Map<String, String> labels) {
    Key {
      labels = Map.copyOf(new TreeMap<>(labels));
    }
  }

  /**
   * A monotonic count or a sum of observations, with when it last moved (for the retention time); a summary also keeps
   * its recent observations for the quantiles.
   */
  static final class Series {
    double count;
    double sum;
    volatile Instant updated;
    final java.util.ArrayDeque<Observation> recent = new java.util.ArrayDeque<>();
  }

  /** One observation of a summary, and when it was made. */
  record Observation(Instant at, double value) {}

  /** The quantiles a summary reports, as go-metrics' Prometheus sink asks its summaries for. */
  static final double[] QUANTILES = {0.5, 0.9, 0.99};
  /** Observations kept per summary for the quantiles (the oldest go first). */
  static final int MAX_OBSERVATIONS = 1024;
  /** The quantile window without a retention time (the Prometheus client's default {@code MaxAge}). */
  static final Duration DEFAULT_QUANTILE_WINDOW = Duration.ofMinutes(10);

  /** Produces gauges (and counters kept elsewhere) each time the metrics are read. */
  @FunctionalInterface
  public interface Collector {
    void collect(Sink sink);
  }

  /** What a collector writes to. */
  public interface Sink {
    void gauge(String name, double value, Map<String, String> labels);

    void counter(String name, double value, Map<String, String> labels);
  }

  /** A sample a collector produced: a gauge, or a counter maintained outside this registry. */
  record Sample(String name, boolean counter, double value, Map<String, String> labels) {}

  private final String prefix;
  private final Optional<String> hostname;
  private final Duration retention;
  private final Clock clock;
  private final Map<Key, Series> counters = new ConcurrentHashMap<>();
  private final Map<Key, Series> summaries = new ConcurrentHashMap<>();
  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Intervals intervals;

  /**
   * @param prefix {@code metrics_prefix}, {@code vault} by default
   * @param hostname inserted into gauge names; empty with {@code disable_hostname}
   * @param retention {@code prometheus_retention_time}; zero disables the Prometheus format
   */
  public Metrics(String prefix, Optional<String> hostname, Duration retention, Clock clock) {
    this.prefix = prefix;
    this.hostname = hostname;
    this.retention = retention;
    this.clock = clock;
    this.intervals = new Intervals(clock);
  }

  public void incr(String name) {
    incr(name, Map.of());
  }

  public void incr(String name, Map<String, String> labels) {
    Series s = counters.computeIfAbsent(new Key(name, labels), k -> new Series());
    synchronized (s) {
      s.count++;
      s.sum++;
    }
    s.updated = clock.instant();
    intervals.add(fullName(name, false), labels, 1, true);
  }

  /**
   * One observation of a summary (a go-metrics timer: a duration in milliseconds). Prometheus gets its quantiles over
   * the last {@code prometheus_retention_time} (go-metrics' summary {@code MaxAge}), with its running sum and count.
   */
  public void observe(String name, double value, Map<String, String> labels) {
    Series s = summaries.computeIfAbsent(new Key(name, labels), k -> new Series());
    Instant now = clock.instant();
    synchronized (s) {
      s.count++;
      s.sum += value;
      s.recent.addLast(new Observation(now, value));
      while (s.recent.size() > MAX_OBSERVATIONS) {
        s.recent.removeFirst();
      }
    }
    s.updated = now;
    intervals.add(fullName(name, false), labels, value, false);
  }

  public void addCollector(Collector c) {
    collectors.add(c);
  }

  public boolean prometheusEnabled() {
    return !retention.isZero();
  }

  /** The counter's current value (tests, the status). */
  public double count(String name, Map<String, String> labels) {
    Series s = counters.get(new Key(name, labels));
    return s == null ? 0 : s.count;
  }

  /** go-metrics' key: {@code prefix[.hostname].name}. */
  String fullName(String name, boolean gauge) {
    StringBuilder sb = new StringBuilder(prefix);
    if (gauge && hostname.isPresent()) {
      sb.append('.').append(hostname.get());
    }
    return sb.append('.').append(name).toString();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String prometheus() {
    Instant now = clock.instant();
    PrometheusText text = new PrometheusText();
    counters.forEach((k, s) -> {
      if (fresh(s, now)) {
        text.add(fullName(k.name(), false), "counter", k.labels(), "", s.count);
      }
    });
    summaries.forEach((k, s) -> {
      if (fresh(s, now)) {
        synchronized (s) {
          text.addSummary(fullName(k.name(), false), k.labels(), quantiles(s, now), s.sum, s.count);
        }
      }
    });
    for (Sample s : collect()) {
      text.add(fullName(s.name(), !s.counter()), s.counter() ? "counter" : "gauge", s.labels(), "", s.value());
    }
    return text.render();
  }

  /** go-metrics' {@code InmemSink.DisplayMetrics} JSON: the last finished 10-second interval, and current gauges. */
  public String json() {
    List<Sample> gauges = new ArrayList<>();
    for (Sample s : collect()) {
      if (!s.counter()) {
        gauges.add(new Sample(fullName(s.name(), true), false, s.value(), s.labels()));
      }
    }
    return InmemJson.render(intervals.display(), gauges);
  }

  /** The quantiles of the observations inside the window (NaN without any, as the Prometheus client reports). */
  private Map<Double, Double> quantiles(Series s, Instant now) {
    Duration window = retention.isNegative() || retention.isZero() ? DEFAULT_QUANTILE_WINDOW : retention;
    Instant oldest = now.minus(window);
    while (!s.recent.isEmpty() && s.recent.peekFirst().at().isBefore(oldest)) {
      s.recent.removeFirst();
    }
    double[] sorted = s.recent.stream().mapToDouble(Observation::value).sorted().toArray();
    Map<Double, Double> out = new TreeMap<>();
    for (double q : QUANTILES) {
      int rank = (int) Math.ceil(q * sorted.length) - 1;
      out.put(q, sorted.length == 0 ? Double.NaN : sorted[Math.max(0, Math.min(sorted.length - 1, rank))]);
    }
    return out;
  }

  private boolean fresh(Series s, Instant now) {
    return s.updated == null || retention.isNegative() || !s.updated.plus(retention).isBefore(now);
  }

  private List<Sample> collect() {
    List<Sample> out = new ArrayList<>();
    Sink sink = new Sink() {
      @Override
      public void gauge(String name, double value, Map<String, String> labels) {
        out.add(new Sample(name, false, value, labels));
      }

      @Override
      public void counter(String name, double value, Map<String, String> labels) {
        out.add(new Sample(name, true, value, labels));
      }
    };
    for (Collector c : collectors) {
      try {
        c.collect(sink);
      } catch (RuntimeException e) {
        io.vaultlet.support.Log.named("telemetry").warn("a metrics collector failed", "error", e.toString());
      }
    }
    return out;
  }
}
