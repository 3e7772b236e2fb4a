package io.vaultlet.dev.pki;

import java.time.Duration;

/** Go's {@code time.Duration.String()} for whole seconds: {@code 72h0m0s}, {@code 1m40s}, {@code 30s}. */
final class GoDurations {

  private GoDurations() {}

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    String sign = s < 0 ? "-" : "";
    s = Math.abs(s);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return sign + h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return sign + m + "m" + sec + "s";
    }
    return sign + sec + "s";
  }
}
