package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How close to their expiry leases were renewed, by the emulator clock ({@code GET /_dev/leases}): for a soak run
 * that must prove no lease ever ran out. Per successful renewal: the margin (the expiry it replaced minus now) and the
 * fraction of the granted period already elapsed ((now − issue or last renewal) ÷ (expiry − issue or last renewal)),
 * kept in per-mille bins. Also counted: renewals refused because the lease had expired, and leases the reaper
 * revoked (or tried to) because their time ran out. Read-only over HTTP; only a new server starts it again.
 */
final class RenewalTimes {

  private static final int BINS = 1000;

  private final long[] fractionBins = new long[BINS + 1];
  private long renewals;
  private long expiredAtRenewal;
  private long reaped;
  private Duration minMargin;
  private String minMarginLease;

  /** A renewal of a lease granted at {@code since} until {@code expiry}, done at {@code now} (before its expiry). */
  synchronized void renewed(String leaseId, Instant since, Instant expiry, Instant now) {
    renewals++;
    Duration margin = Duration.between(now, expiry);
    if (minMargin == null || margin.compareTo(minMargin) < 0) {
      minMargin = margin;
      minMarginLease = leaseId;
    }
    long granted = Duration.between(since, expiry).toMillis();
    long elapsed = Duration.between(since, now).toMillis();
    int bin = granted <= 0 ? BINS : (int) Math.max(0, Math.min(BINS, elapsed * BINS / granted));
    fractionBins[bin]++;
  }

  synchronized void refusedExpired() {
    expiredAtRenewal++;
  }

  synchronized void reaped(int leases) {
    reaped += leases;
  }

  /** The counters and the distribution; fractions to three decimals, null before the first renewal. */
  synchronized Map<String, Object> snapshot(int live) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("live", live);
    m.put("renewals", renewals);
    m.put("expired_at_renewal", expiredAtRenewal);
    m.put("reaped", reaped);
    m.put("min_margin_ms", minMargin == null ? null : minMargin.toMillis());
    m.put("min_margin_lease_id", minMarginLease);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("min", quantile(0));
    f.put("p50", quantile(0.50));
    f.put("p99", quantile(0.99));
    f.put("max", quantile(1));
    m.put("fraction_elapsed", f);
    return m;
  }

  /** The smallest bin value with at least {@code q} of the renewals at or below it. */
  private Double quantile(double q) {
    if (renewals == 0) {
      return null;
    }
    long want = Math.max(1, (long) Math.ceil(q * renewals));
    long seen = 0;
    for (int i = 0; i <= BINS; i++) {
      seen += fractionBins[i];
      if (seen >= want) {
        return i / (double) BINS;
      }
    }
    return 1.0;
  }
}
