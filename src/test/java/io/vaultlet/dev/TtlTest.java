package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtlTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration H768 = Duration.ofHours(768);

  @Test
  void humanDurationsTrimZeroUnitsLikeVault() {
    assertThat(GoDuration.human(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(GoDuration.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(GoDuration.human(Duration.ofSeconds(100))).isEqualTo("1m40s");
    assertThat(GoDuration.human(Duration.ofHours(768))).isEqualTo("768h");
    assertThat(GoDuration.human(Duration.ofSeconds(3605))).isEqualTo("1h5s");
    assertThat(GoDuration.human(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDuration.goString(Duration.ofHours(1))).isEqualTo("1h0m0s");
  }

  @Test
  void parsesSecondsAndGoDurations() {
    assertThat(GoDuration.parse(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("2d")).isEqualTo(Duration.ofHours(48));
    assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> GoDuration.parse("soon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void daysOnlyAsAWholeNumberOfDaysAsInVault() {
    assertThat(GoDuration.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> GoDuration.parse("1d12h")).hasMessage("time: invalid duration \"1d12h\"");
    assertThatThrownBy(() -> GoDuration.parse("1.5d")).hasMessage("time: invalid duration \"1.5d\"");
  }

  @Test
  void issueUsesBackendTtlElseMountDefault() {
    assertThat(Ttl.calculate(Duration.ZERO, TtlLimits.of(Duration.ofHours(1), Duration.ZERO), Duration.ZERO, T0, T0,
        H768, H768).ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(Ttl.calculate(Duration.ZERO, TtlLimits.none(), Duration.ZERO, T0, T0, Duration.ofMinutes(20), H768)
        .ttl()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void renewalIsCappedAtMaxFromIssueWithTheWarning() {
    Ttl.Result r = Ttl.calculate(Duration.ofMinutes(30), TtlLimits.of(Duration.ofHours(1), Duration.ofHours(1)),
        Duration.ZERO, T0, T0.plusSeconds(2875), H768, H768);
    assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(725));
    assertThat(r.warnings()).containsExactly(
        "TTL of \"30m\" exceeded the effective max_ttl of \"12m5s\"; TTL value is capped accordingly");
  }

  @Test
  void pastTheMaxCannotRenew() {
    assertThatThrownBy(() -> Ttl.calculate(Duration.ZERO, TtlLimits.of(Duration.ofHours(1), Duration.ofHours(1)),
        Duration.ZERO, T0, T0.plusSeconds(3600), H768, H768)).hasMessage("past the max TTL, cannot renew");
  }

  @Test
  void periodIsCappedByTheMountMaxAndIgnoresIncrement() {
    Ttl.Result r = Ttl.calculate(Duration.ofHours(5), new TtlLimits(Duration.ZERO, Duration.ZERO,
        Duration.ofHours(2)), Duration.ZERO, T0, T0.plusSeconds(100), H768, Duration.ofHours(1));
    assertThat(r.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.warnings()).containsExactly(
        "period of \"2h\" exceeded the effective max_ttl of \"1h\"; period value is capped accordingly");
  }

  @Test
  void fractionalSecondsAreTruncatedLikeVault() {
    Ttl.Result r = Ttl.calculate(Duration.ZERO, TtlLimits.of(Duration.ofHours(1), Duration.ofHours(1)),
        Duration.ZERO, T0.plusMillis(900), T0.plusMillis(1500), H768, H768);
    assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(3599));
  }
}
