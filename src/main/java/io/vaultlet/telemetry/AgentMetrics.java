package io.vaultlet.telemetry;

import io.vaultlet.auth.AuthEvent;
import io.vaultlet.config.TelemetryConfig;
import io.vaultlet.lease.LeaseStatus;
import io.vaultlet.render.RuntimeStatus;
import io.vaultlet.render.TemplateStatus;
import io.vaultlet.events.RotationEvent;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The agent's metric names and where they come from. Vault Agent's: {@code agent.auth.success},
 * {@code agent.auth.failure}, {@code agent.authenticated}, {@code agent.proxy.*}, {@code agent.cache.hit|miss}.
 * vaultlet's: {@code agent.cache.store|evict|total|leases}, per template ({@code destination} label) and per lease
 * ({@code path} label: the dependency, never a lease id or a value), rotations, and a few JVM gauges.
 */
public final class AgentMetrics {

  private AgentMetrics() {}

  /** The registry for {@code telemetry} (absent: Prometheus off, prefix {@code vault}, host name in gauge names). */
  public static Metrics create(Optional<TelemetryConfig> telemetry, Clock clock) {
    String prefix = telemetry.flatMap(TelemetryConfig::metricsPrefix).orElse("vault");
    boolean hostname = telemetry.map(t -> !t.disableHostname()).orElse(true);
    Duration retention = telemetry.map(TelemetryConfig::prometheusRetentionTime).orElse(Duration.ZERO);
    return new Metrics(prefix, hostname ? Optional.of(hostname()) : Optional.empty(), retention, clock);
  }

  private static String hostname() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      int dot = h.indexOf('.');
      return dot > 0 ? h.substring(0, dot) : h;
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  /** Auto-auth events → {@code agent.auth.success|failure} and the {@code agent.authenticated} gauge. */
  public static io.vaultlet.auth.AuthEventListener auth(Metrics m) {
    AtomicInteger authenticated = new AtomicInteger();
    m.addCollector(s -> s.gauge("agent.authenticated", authenticated.get(), Map.of()));
    return e -> {
      switch (e.type()) {
        case LOGIN, REAUTH, RENEW -> {
          m.incr("agent.auth.success");
          authenticated.set(1);
        }
        case LOGIN_FAILURE, RENEW_FAILURE -> {
          m.incr("agent.auth.failure");
          authenticated.set(0);
        }
        case EXIT -> authenticated.set(0);
        default -> { }
      }
    };
  }

  /** Gauges from the status snapshot: per template and per lease. */
  public static void status(Metrics m, Supplier<RuntimeStatus> status, Clock clock) {
    m.addCollector(sink -> {
      RuntimeStatus s = status.get();
      Instant now = clock.instant();
      for (TemplateStatus t : s.templates()) {
        Map<String, String> l = Map.of("destination", t.destination());
        sink.gauge("agent.template.rendered", t.lastRender().isPresent() ? 1 : 0, l);
        sink.gauge("agent.template.error", t.state().equals("error") ? 1 : 0, l);
        t.lastRender().ifPresent(x -> sink.gauge("agent.template.last_render_timestamp", x.getEpochSecond(), l));
        t.leaseExpiry().ifPresent(x -> sink.gauge("agent.template.expiry_seconds", seconds(now, x), l));
        sink.counter("agent.template.command_failures", t.commandFailures(), l);
        sink.counter("agent.template.render_errors", t.renderErrors(), l);
      }
      for (LeaseStatus ls : s.leases()) {
        Map<String, String> l = Map.of("path", path(ls.dependency()));
        ls.expiry().ifPresent(x -> sink.gauge("agent.lease.expiry_seconds", seconds(now, x), l));
        sink.gauge("agent.lease.failures", ls.failures(), l);
      }
    });
  }

  /** Every rendered file, counted per destination. */
  public static void published(Metrics m, java.util.List<String> destinations) {
    destinations.forEach(d -> m.incr("agent.template.renders", Map.of("destination", d)));
  }

  /**
   * A template's command ran: {@code agent.template.command_duration} (a go-metrics timer: milliseconds, a summary in
   * Prometheus), labelled by the template's destination.
   */
  public static void command(Metrics m, String destination, io.vaultlet.render.CommandRunner.Outcome outcome) {
    m.observe("agent.template.command_duration", outcome.duration().toNanos() / 1_000_000.0,
        Map.of("destination", destination));
  }

  /** Rotation events → {@code agent.rotation.events} and {@code agent.rotation.verify_failures}. */
  public static void rotation(Metrics m, RotationEvent e) {
    m.incr("agent.rotation.events", Map.of("kind", e.kind(), "target", e.target(), "step", e.step(),
        "result", e.result().label()));
    if (e.step().equals("verify") && e.result() == RotationEvent.Result.FAILED) {
      m.incr("agent.rotation.verify_failures", Map.of("target", e.target()));
    }
  }

  /** JVM gauges in place of go-metrics' {@code runtime.*}: heap in use, committed memory, threads. */
  public static void runtime(Metrics m) {
    m.addCollector(s -> {
      Runtime rt = Runtime.getRuntime();
      s.gauge("runtime.alloc_bytes", rt.totalMemory() - rt.freeMemory(), Map.of());
      s.gauge("runtime.sys_bytes", rt.totalMemory(), Map.of());
      s.gauge("runtime.num_threads", Thread.activeCount(), Map.of());
    });
  }

  private static double seconds(Instant now, Instant at) {
    return Duration.between(now, at).toMillis() / 1000.0;
  }

  /** {@code vault.read(database/creds/app)} → {@code database/creds/app}; a proxied entry keeps its label. */
  static String path(String dependency) {
    int open = dependency.indexOf('(');
    if (open > 0 && dependency.endsWith(")")) {
      String inner = dependency.substring(open + 1, dependency.length() - 1);
      int arrow = inner.indexOf(" -> ");
      return arrow > 0 ? inner.substring(0, arrow) : inner;
    }
    return dependency;
  }
}
