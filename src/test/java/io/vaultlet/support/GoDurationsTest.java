package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's own {@code Duration.String} cases (time_test.go, durationTests): the emulator and the agent print as Go. */
class GoDurationsTest {

  @Test
  void printsEveryCaseOfGosOwnTable() {
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDurations.format(Duration.ofNanos(1))).isEqualTo("1ns");
    assertThat(GoDurations.format(Duration.ofNanos(1100))).isEqualTo("1.1\u00b5s");
    assertThat(GoDurations.format(Duration.ofNanos(2_200_000))).isEqualTo("2.2ms");
    assertThat(GoDurations.format(Duration.ofMillis(3300))).isEqualTo("3.3s");
    assertThat(GoDurations.format(Duration.ofMinutes(4).plusSeconds(5))).isEqualTo("4m5s");
    assertThat(GoDurations.format(Duration.ofMinutes(4).plusMillis(5001))).isEqualTo("4m5.001s");
    assertThat(GoDurations.format(Duration.ofHours(5).plusMinutes(6).plusMillis(7001))).isEqualTo("5h6m7.001s");
    assertThat(GoDurations.format(Duration.ofMinutes(8).plusNanos(1))).isEqualTo("8m0.000000001s");
    assertThat(GoDurations.format(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
    assertThat(GoDurations.format(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo("-2562047h47m16.854775808s");
  }

  @Test
  void theMicroSignIsGosU00B5() {
    assertThat(GoDurations.format(Duration.ofNanos(2000)).codePointAt(1)).isEqualTo(0xB5);
  }
}
