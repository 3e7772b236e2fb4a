package io.vaultlet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.support.RetrySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseTimingTest {

  private static LeaseTiming timing(double random, Optional<Duration> renewBefore) {
    return new LeaseTiming(0.9, Duration.ofMinutes(5), renewBefore, () -> random);
  }

  @Test
  void graceIsTenToTwentyPercentOfTheLease() {
    assertThat(timing(0.0, Optional.empty()).grace(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(10));
    assertThat(timing(0.999, Optional.empty()).grace(Duration.ofSeconds(100)))
        .isBetween(Duration.ofMillis(19_900), Duration.ofSeconds(20));
  }

  @Test
  void renewsAtTwoThirdsOfTheRemainingLeasePlusAThirdOfGrace() {
    assertThat(LeaseTiming.renewDelay(Duration.ofMinutes(60), Duration.ofMinutes(9)))
        .isEqualTo(Duration.ofMinutes(43));
  }

  @Test
  void stopsRenewingWhenTheLeaseCannotOutlastItsGrace() {
    Duration grace = Duration.ofMinutes(9);
    assertThat(LeaseTiming.stopRenewing(Duration.ofMinutes(60), grace)).isFalse();
    assertThat(LeaseTiming.stopRenewing(Duration.ofMinutes(37), grace)).isFalse();
    assertThat(LeaseTiming.stopRenewing(Duration.ofMinutes(36), grace)).isTrue(); // r <= 4g
    assertThat(LeaseTiming.stopRenewing(Duration.ofMinutes(5), grace)).isTrue();
  }

  @Test
  void nonRenewableLeasesAreRefetchedBetweenEightyFiveAndNinetyFivePercent() {
    Duration lease = Duration.ofSeconds(100);
    assertThat(timing(0.0, Optional.empty()).nonRenewableDelay(lease)).isEqualTo(Duration.ofSeconds(85));
    assertThat(timing(0.5, Optional.empty()).nonRenewableDelay(lease)).isEqualTo(Duration.ofSeconds(90));
    assertThat(timing(0.999, Optional.empty()).nonRenewableDelay(lease))
        .isBetween(Duration.ofMillis(94_900), Duration.ofSeconds(95));
  }

  @Test
  void thresholdOutsideZeroAndOneFallsBackToTheThresholdWithoutJitter() {
    LeaseTiming t = new LeaseTiming(0.97, Duration.ofMinutes(5), Optional.empty(), () -> 0.99);
    assertThat(t.nonRenewableDelay(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(97));
  }

  @Test
  void certificatesRotateAtTheThresholdOfTheirLifetime() {
    Instant nb = Instant.parse("2026-01-01T00:00:00Z");
    Instant na = nb.plus(Duration.ofHours(10));
    assertThat(timing(0.5, Optional.empty()).certificateRotation(nb, na)).isEqualTo(nb.plus(Duration.ofHours(9)));
  }

  @Test
  void renewBeforeIsAnAbsoluteFloorWhenItComesFirst() {
    Instant nb = Instant.parse("2026-01-01T00:00:00Z");
    Instant na = nb.plus(Duration.ofDays(30));
    assertThat(timing(0.5, Optional.of(Duration.ofDays(7))).certificateRotation(nb, na))
        .isEqualTo(na.minus(Duration.ofDays(7)));
    // a floor later than the threshold does not delay the threshold
    assertThat(timing(0.5, Optional.of(Duration.ofHours(1))).certificateRotation(nb, na))
        .isEqualTo(nb.plus(Duration.ofDays(27)));
  }

  @Test
  void afterTheRetriesAreExhaustedFetchesContinueAtTheCap() {
    assertThat(LeaseWatcher.persistentRetry(RetrySchedule.DEFAULT)).isEqualTo(Duration.ofMinutes(1));
    assertThat(LeaseWatcher.persistentRetry(RetrySchedule.DEFAULT.withMaxBackoff(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(LeaseWatcher.persistentRetry(RetrySchedule.DEFAULT.withMaxBackoff(Duration.ZERO)))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void leaseIdsAreShortenedForDisplay() {
    Lease l = Lease.of(Lease.Kind.RENEWABLE, "database/creds/app/AbCdEfGhIjKlMnOpQrStUvWx", Instant.EPOCH,
        Duration.ofHours(1), "tok");
    assertThat(l.displayId()).isEqualTo("database/creds/app/…UvWx");
    assertThat(l.toString()).doesNotContain("AbCdEf").doesNotContain("tok");
  }
}
