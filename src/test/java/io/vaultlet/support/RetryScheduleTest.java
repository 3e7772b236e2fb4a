package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RetryScheduleTest {

  /** consul-template's {@code TestRetryFunc} cases (section {@code retry_func}), over the finalized defaults. */
  @TestFactory
  Stream<DynamicTest> retriesAsConsulTemplateDoes() {
    return UnitCaseCorpus.tests("retry_func", c -> {
      RetrySchedule s = withOverrides(c.path("config_overrides"));
      Optional<Duration> next = s.next(c.path("retry_index").asInt());
      if (c.path("expected_retry").asBoolean()) {
        assertThat(next).as("%s: %s", c.path("name").asText(), s)
            .contains(Duration.ofMillis(c.path("expected_sleep_ms").asLong()));
      } else {
        assertThat(next).as("%s: %s", c.path("name").asText(), s).isEmpty();
      }
    });
  }

  private static RetrySchedule withOverrides(JsonNode o) {
    RetrySchedule s = RetrySchedule.DEFAULT;
    if (o.has("enabled")) {
      s = s.withEnabled(o.get("enabled").asBoolean());
    }
    if (o.has("attempts")) {
      s = s.withAttempts(o.get("attempts").asInt());
    }
    if (o.has("backoff_ms")) {
      s = s.withBackoff(Duration.ofMillis(o.get("backoff_ms").asLong()));
    }
    if (o.has("max_backoff_ms")) {
      s = s.withMaxBackoff(Duration.ofMillis(o.get("max_backoff_ms").asLong()));
    }
    return s;
  }

  @Test
  void theDefaultsWaitAboutFourMinutesInAllBeforeGivingUp() {
    Duration total = Duration.ZERO;
    int retries = 0;
    for (Optional<Duration> d = RetrySchedule.DEFAULT.next(0); d.isPresent(); d = RetrySchedule.DEFAULT.next(retries)) {
      total = total.plus(d.get());
      retries++;
    }
    assertThat(retries).isEqualTo(12);
    assertThat(total).isEqualTo(Duration.ofMillis(250 + 500 + 1000 + 2000 + 4000 + 8000 + 16000 + 32000)
        .plus(Duration.ofMinutes(4)));
  }

  @Test
  void reachesACapOfExactlyTwoToTheKTimesTheBackoffAtRetryK() {
    RetrySchedule s = RetrySchedule.DEFAULT.withBackoff(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(800));

    assertThat(s.next(3)).contains(Duration.ofMillis(800));
    assertThat(s.next(4)).contains(Duration.ofMillis(800));
    assertThat(RetrySchedule.log2(8)).isEqualTo(3.0);
    assertThat(RetrySchedule.log2(1.0 / 1024)).isEqualTo(-10.0);
  }

  @Test
  void aZeroMaxBackoffMeansNoCapAndAHugeWaitSaturates() {
    RetrySchedule s = RetrySchedule.DEFAULT.withAttempts(0).withMaxBackoff(Duration.ZERO);

    assertThat(s.next(10)).contains(Duration.ofMillis(250L << 10));
    assertThat(s.next(40)).contains(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(s.next(100)).contains(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void aZeroBackoffWaitsTheCapOrNothing() {
    RetrySchedule s = RetrySchedule.DEFAULT.withBackoff(Duration.ZERO);

    assertThat(s.next(0)).contains(Duration.ofMinutes(1));
    assertThat(s.withMaxBackoff(Duration.ZERO).next(0)).contains(Duration.ZERO);
  }

  @Test
  void aCapBelowTheBackoffIsUsedFromTheFirstRetryOnlyWhenItIsAtMostHalf() {
    // int(Log2(0.5)) = -1, so retry 0 already waits the cap; int(Log2(0.8)) truncates to 0, so retry 0 waits backoff.
    RetrySchedule s = RetrySchedule.DEFAULT.withBackoff(Duration.ofSeconds(10));

    assertThat(s.withMaxBackoff(Duration.ofSeconds(5)).next(0)).contains(Duration.ofSeconds(5));
    assertThat(s.withMaxBackoff(Duration.ofSeconds(8)).next(0)).contains(Duration.ofSeconds(10));
    assertThat(s.withMaxBackoff(Duration.ofSeconds(8)).next(1)).contains(Duration.ofSeconds(8));
  }

  @Test
  void jitterTakesAWaitDownByUpToAQuarterAndNeverAbove() {
    assertThat(RetrySchedule.DEFAULT.next(0, () -> 0.0)).contains(Duration.ofMillis(250));
    assertThat(RetrySchedule.DEFAULT.next(0, () -> 0.5)).contains(Duration.ofMillis(218));
    assertThat(RetrySchedule.DEFAULT.next(0, () -> 0.9999)).contains(Duration.ofMillis(187));
    assertThat(RetrySchedule.DEFAULT.withAttempts(0).next(20, () -> 0.9999)).contains(Duration.ofMillis(45001));
    assertThat(RetrySchedule.DEFAULT.next(12, () -> 0.3)).isEmpty();
    assertThat(RetrySchedule.DEFAULT.withEnabled(false).next(0, () -> 0.3)).isEmpty();
  }
}
