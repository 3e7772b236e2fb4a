package io.vaultlet.dev;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's time formats as Vault prints them. */
public final class Times {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Times() {}

  /** RFC3339 with nanoseconds, trailing zeros trimmed, UTC ({@code 2025-06-26T19:42:02.398926Z}). */
  public static String rfc3339Nano(Instant t) {
    if (t == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (end > 0 && frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }

  /** Whole seconds from {@code from} to {@code to}, never negative. */
  static long secondsBetween(Instant from, Instant to) {
    long s = to.getEpochSecond() - from.getEpochSecond();
    if (to.getNano() < from.getNano()) {
      s--;
    }
    return Math.max(0, s);
  }
}
