package io.vaultlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "5m       | PT5M",
      "1h30m    | PT1H30M",
      "250ms    | PT0.25S",
      "1.5h     | PT1H30M",
      "90s      | PT1M30S",
      "1h0m0s   | PT1H",
      "2us      | PT0.000002S",
      "2µs      | PT0.000002S",
      "100ns    | PT0.0000001S",
      ".5s      | PT0.5S",
      "1.s      | PT1S",
      "0        | PT0S",
      "+3s      | PT3S",
      "-3s      | PT-3S",
      "1h1m1s1ms| PT1H1M1.001S"})
  void goDurationsFollowTimeParseDuration(String text, String expected) {
    assertThat(Durations.parseGo(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "300  | PT5M",
      "0    | PT0S",
      "7d   | PT168H",
      "1d   | PT24H",
      "5m   | PT5M",
      "1h30m| PT1H30M",
      "'   '| PT0S"})
  void agentLevelStringsAreSecondsDaysOrGoDurations(String text, String expected) {
    assertThat(Durations.parseSeconds(text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void agentLevelNumbersAreSeconds() {
    assertThat(Durations.ofSeconds(300L)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.ofSeconds(1.5d)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void goDurationsNeedAUnit() {
    assertThatThrownBy(() -> Durations.parseGo("30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing unit in duration \"30\"");
  }

  @Test
  void daysAreOnlyAnAgentLevelForm() {
    assertThatThrownBy(() -> Durations.parseGo("7d")).hasMessageContaining("unknown unit \"d\"");
    assertThatThrownBy(() -> Durations.parseSeconds("1.5d")).hasMessageContaining("days must be a whole number");
  }

  @ParameterizedTest
  @CsvSource({"''", "abc", "s", "1..2s", "5 m", "-", "1x", "."})
  void malformedDurationsAreRejectedWithTheInputQuoted(String text) {
    assertThatThrownBy(() -> Durations.parseGo(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text.trim() + "\"");
  }

  @Test
  void overflowIsAnErrorNotAWrapAround() {
    assertThatThrownBy(() -> Durations.parseGo("9999999999h")).hasMessageContaining("out of range");
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({"PT0S, 0s", "PT5M, 5m0s", "PT1H30M, 1h30m0s", "PT0.25S, 250ms", "PT1.5S, 1.5s", "PT168H, 168h0m0s",
      "PT0.000002S, 2\u00b5s", "PT-3S, -3s"})
  void formatsLikeGoAndRoundTrips(String iso, String text) {
    Duration d = Duration.parse(iso);
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parseGo(text)).isEqualTo(d);
  }
}
