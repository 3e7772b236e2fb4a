package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenewalTimingTest {

  @Test
  void graceIsBetweenTenAndTwentyPercentOfTheLease() {
    Duration lease = Duration.ofSeconds(100);

    assertThat(RenewalTiming.grace(lease, () -> 0.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RenewalTiming.grace(lease, () -> 0.999)).isLessThan(Duration.ofSeconds(20))
        .isGreaterThan(Duration.ofMillis(19_900));
    assertThat(RenewalTiming.grace(Duration.ZERO, () -> 0.5)).isZero();
  }

  @Test
  void renewsAtTwoThirdsOfTheRemainingLifePlusAThirdOfTheGrace() {
    assertThat(RenewalTiming.sleep(Duration.ofSeconds(300), Duration.ofSeconds(45)))
        .isEqualTo(Duration.ofSeconds(215));
  }

  @Test
  void aRenewableTokenIsReplacedOnceNoMoreThanFourGracesRemain() {
    Duration grace = Duration.ofSeconds(10);

    assertThat(RenewalTiming.replaceNow(Duration.ofSeconds(41), grace, true)).isFalse();
    assertThat(RenewalTiming.replaceNow(Duration.ofSeconds(39), grace, true)).isTrue();
    assertThat(RenewalTiming.replaceNow(Duration.ofSeconds(40), grace, false))
        .as("a non-renewable token waits for its planned re-login").isFalse();
    assertThat(RenewalTiming.replaceNow(Duration.ofSeconds(10), grace, false)).isTrue();
  }
}
