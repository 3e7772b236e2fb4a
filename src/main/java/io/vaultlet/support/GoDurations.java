package io.vaultlet.support;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as Go prints them ({@code time.Duration.String()}): what Vault's logs and configuration show. */
public final class GoDurations {

  private GoDurations() {}

  /**
   * Go's {@code Duration.String()}: {@code 1h30m0s}, {@code 1h5m0.25s}, {@code 250ms}, {@code 1.5µs} (the micro sign,
   * U+00B5, as Go prints it), {@code -3m2s}, {@code 0s}. Parseable by both dialects.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      long n = d.toNanos();
      if (n < 1_000) {
        return sb.append(n).append("ns").toString();
      }
      if (n < 1_000_000) {
        return sb.append(decimal(n, 1_000)).append("\u00b5s").toString();
      }
      return sb.append(decimal(n, 1_000_000)).append("ms").toString();
    }
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    long nanosOfMinute = d.toSecondsPart() * 1_000_000_000L + d.toNanosPart();
    return sb.append(decimal(nanosOfMinute, 1_000_000_000L)).append('s').toString();
  }

  private static String decimal(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }
}
