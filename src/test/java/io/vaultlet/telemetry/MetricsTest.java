package io.vaultlet.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.listener.PrometheusFormat;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.support.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry's summaries (go-metrics timers) as go-metrics' Prometheus sink exports them — quantiles 0.5, 0.9, 0.99
 * over the retention window with the {@code quantile} label last, then {@code _sum} and {@code _count} — and the
 * rotation counters fed by the {@link RotationJournal}.
 */
class MetricsTest {

  private final ManualScheduler clock = new ManualScheduler();
  private final Metrics metrics = new Metrics("vault", java.util.Optional.empty(), Duration.ofMinutes(1),
      clock.clock());

  @Test
  void aTimerIsASummaryWithQuantilesOverTheRetentionWindow() {
    Map<String, String> l = Map.of("destination", "/etc/app/db.env");
    for (int ms = 1; ms <= 100; ms++) {
      metrics.observe("agent.template.command_duration", ms, l);
    }
    String text = metrics.prometheus();
    PrometheusFormat.validate(text);
    assertThat(text).contains("# TYPE vault_agent_template_command_duration summary\n"
        + "vault_agent_template_command_duration{destination=\"/etc/app/db.env\",quantile=\"0.5\"} 50\n"
        + "vault_agent_template_command_duration{destination=\"/etc/app/db.env\",quantile=\"0.9\"} 90\n"
        + "vault_agent_template_command_duration{destination=\"/etc/app/db.env\",quantile=\"0.99\"} 99\n"
        + "vault_agent_template_command_duration_sum{destination=\"/etc/app/db.env\"} 5050\n"
        + "vault_agent_template_command_duration_count{destination=\"/etc/app/db.env\"} 100\n");

    // 50 s later one more observation: all still in the window; 20 s more: only the last one is
    clock.advance(Duration.ofSeconds(50));
    metrics.observe("agent.template.command_duration", 1000, l);
    clock.advance(Duration.ofSeconds(20));
    String later = metrics.prometheus();
    PrometheusFormat.validate(later);
    assertThat(PrometheusFormat.value(later, "vault_agent_template_command_duration",
        "destination=\"/etc/app/db.env\",quantile=\"0.5\"")).isEqualTo(1000);
    assertThat(PrometheusFormat.value(later, "vault_agent_template_command_duration_count",
        "destination=\"/etc/app/db.env\"")).as("the count is cumulative").isEqualTo(101);
    assertThat(PrometheusFormat.value(later, "vault_agent_template_command_duration_sum",
        "destination=\"/etc/app/db.env\"")).isEqualTo(6050);
  }

  @Test
  void quantilesOfASeriesKeptForeverLookAtTheLastTenMinutesAndAreNaNWithoutObservations() {
    Metrics forever = new Metrics("vault", java.util.Optional.empty(), Duration.ofSeconds(-1), clock.clock());
    forever.observe("agent.template.command_duration", 5, Map.of());
    clock.advance(Duration.ofMinutes(10));
    assertThat(forever.prometheus()).contains("vault_agent_template_command_duration{quantile=\"0.5\"} 5\n");
    clock.advance(Duration.ofSeconds(1));
    String text = forever.prometheus();
    PrometheusFormat.validate(text);
    assertThat(text).contains("vault_agent_template_command_duration{quantile=\"0.5\"} NaN\n")
        .contains("vault_agent_template_command_duration_count 1\n");
  }

  @Test
  void aSummaryNotUpdatedForTheRetentionTimeIsDropped() {
    metrics.observe("agent.template.command_duration", 5, Map.of());
    clock.advance(Duration.ofMinutes(1));
    assertThat(metrics.prometheus()).contains("vault_agent_template_command_duration_count 1\n");
    clock.advance(Duration.ofSeconds(1));
    assertThat(metrics.prometheus()).doesNotContain("command_duration");
  }

  @Test
  void rotationEventsAndVerifyFailuresComeFromTheJournal() {
    RotationJournal journal = new RotationJournal();
    journal.addListener(e -> AgentMetrics.rotation(metrics, e));
    journal.record(new RotationEvent(clock.now(), "lease", "/etc/app/db.env", "verify", "database/creds/app/…abcdef",
        "database/creds/app/…123456", "postgres", RotationEvent.Result.FAILED, Duration.ofMillis(12),
        "password authentication failed"));
    journal.record(new RotationEvent(clock.now(), "certificate", "/etc/tls/cert.pem", "issue", "", "1a:2b", "",
        RotationEvent.Result.SUCCEEDED, Duration.ofMillis(40), ""));
    String text = metrics.prometheus();
    PrometheusFormat.validate(text);
    assertThat(PrometheusFormat.value(text, "vault_agent_rotation_verify_failures", "target=\"/etc/app/db.env\""))
        .isEqualTo(1);
    assertThat(PrometheusFormat.value(text, "vault_agent_rotation_events",
        "kind=\"lease\",result=\"failed\",step=\"verify\",target=\"/etc/app/db.env\"")).isEqualTo(1);
    assertThat(PrometheusFormat.value(text, "vault_agent_rotation_events",
        "kind=\"certificate\",result=\"succeeded\",step=\"issue\",target=\"/etc/tls/cert.pem\"")).isEqualTo(1);
    assertThat(text).as("never a credential id").doesNotContain("abcdef").doesNotContain("123456");
    assertThat(List.of(text.split("\n"))).filteredOn(s -> s.startsWith("# TYPE vault_agent_rotation"))
        .containsExactly("# TYPE vault_agent_rotation_events counter",
            "# TYPE vault_agent_rotation_verify_failures counter");
  }
}
