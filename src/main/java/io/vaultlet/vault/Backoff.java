package io.vaultlet.vault;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Vault's retry wait ({@code api.DefaultConfig}: go-retryablehttp's rate-limit-aware linear jitter backoff):
 * before retry {@code n} wait {@code n × U[1s, 1.5s)}; for 429 and 503 a {@code Retry-After} header (seconds or an HTTP date) wins,
 * but never less than the 1s minimum, so no retry loop is ever tight.
 */
final class Backoff {

  static final Duration MIN_WAIT = Duration.ofMillis(1000);
  static final Duration MAX_WAIT = Duration.ofMillis(1500);
  /** A longer {@code Retry-After} is not slept inside the client: the error goes back to the caller's own schedule. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final DoubleSupplier random;
  private final Clock clock;

  Backoff(DoubleSupplier random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /**
   * The wait before retry {@code retry} (1-based) after {@code status} (0 = connection failure), or empty when the
   * server asked for longer than {@link #MAX_RETRY_AFTER}.
   */
  Optional<Duration> before(int retry, int status, HttpHeaders headers) {
    if ((status == 429 || status == 503) && headers != null) {
      Optional<Duration> asked = retryAfter(headers, clock);
      if (asked.isPresent()) {
        Duration d = asked.get();
        if (d.compareTo(MAX_RETRY_AFTER) > 0) {
          return Optional.empty();
        }
        return Optional.of(d.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : d);
      }
    }
    long span = MAX_WAIT.toMillis() - MIN_WAIT.toMillis();
    long jittered = MIN_WAIT.toMillis() + (long) (random.getAsDouble() * span);
    return Optional.of(Duration.ofMillis(jittered * Math.max(1, retry)));
  }

  /** {@code Retry-After} as delta-seconds or an IMF-fixdate; absent or unparsable headers give empty. */
  static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
    Optional<String> v = headers.firstValue("Retry-After");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get().trim();
    try {
      long secs = Long.parseLong(s);
      return secs < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(secs));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
