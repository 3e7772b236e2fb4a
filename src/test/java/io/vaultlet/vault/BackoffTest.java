package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffTest {

  static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }

  Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void waitsBetweenOneAndOneAndAHalfSecondsTimesTheRetryNumber() {
    assertThat(new Backoff(() -> 0.0, clock).before(1, 500, null)).contains(Duration.ofMillis(1000));
    assertThat(new Backoff(() -> 0.999, clock).before(1, 0, null)).contains(Duration.ofMillis(1499));
    assertThat(new Backoff(() -> 0.0, clock).before(2, 500, null)).contains(Duration.ofMillis(2000));
    assertThat(new Backoff(() -> 0.5, clock).before(3, 412, null)).contains(Duration.ofMillis(3750));
  }

  @Test
  void retryAfterCountsOnlyFor429And503() {
    Backoff b = new Backoff(() -> 0.0, clock);
    assertThat(b.before(1, 429, headers("Retry-After", "5"))).contains(Duration.ofSeconds(5));
    assertThat(b.before(1, 503, headers("retry-after", "5"))).contains(Duration.ofSeconds(5));
    assertThat(b.before(1, 500, headers("Retry-After", "5"))).contains(Duration.ofMillis(1000));
    assertThat(b.before(1, 429, headers("Retry-After", "soon"))).contains(Duration.ofMillis(1000));
  }

  @Test
  void aRetryAfterBeyondTheLimitMeansDoNotWait() {
    assertThat(new Backoff(() -> 0.0, clock).before(1, 429, headers("Retry-After", "61"))).isEmpty();
  }
}
