package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Vault's {@code framework.CalculateTTL} (contract §14.1), exactly, with its warning texts. */
final class Ttl {

  /** The system default and max lease TTL: 768h. */
  static final Duration SYSTEM_DEFAULT = Duration.ofHours(768);

  /** The outcome: the TTL to grant and the warnings to attach. */
  record Result(Duration ttl, List<String> warnings) {}

  private Ttl() {}

  /**
   * @param increment what the client asked for (zero at issue time)
   * @param limits the backend's ttl, max ttl and period
   * @param explicitMaxTtl tokens only
   * @param startTime the original issue time (renewals) or now
   * @param mountDefault the mount's effective default lease TTL
   * @param mountMax the mount's effective max lease TTL
   * @throws DevException 400 {@code past the max TTL, cannot renew}
   */
  static Result calculate(Duration increment, TtlLimits limits, Duration explicitMaxTtl, Instant startTime,
      Instant now, Duration mountDefault, Duration mountMax) {
    Instant nowS = now.truncatedTo(ChronoUnit.SECONDS);
    Instant start = startTime == null ? nowS : startTime.truncatedTo(ChronoUnit.SECONDS);
    List<String> warnings = new ArrayList<>();
    Duration maxTtl = mountMax;
    if (positive(limits.maxTtl()) && limits.maxTtl().compareTo(maxTtl) < 0) {
      maxTtl = limits.maxTtl();
    }
    if (positive(explicitMaxTtl) && explicitMaxTtl.compareTo(maxTtl) < 0) {
      maxTtl = explicitMaxTtl;
    }
    if (!positive(maxTtl)) {
      throw DevException.badRequest("max TTL must be greater than zero");
    }
    Duration ttl;
    Instant maxValid = null;
    Duration period = limits.period();
    if (positive(period)) {
      if (period.compareTo(maxTtl) > 0) {
        warnings.add("period of \"" + GoDuration.human(period) + "\" exceeded the effective max_ttl of \""
            + GoDuration.human(maxTtl) + "\"; period value is capped accordingly");
        period = maxTtl;
      }
      ttl = period;
      if (positive(explicitMaxTtl)) {
        maxValid = start.plus(explicitMaxTtl);
      }
    } else {
      if (positive(increment)) {
        ttl = increment;
      } else if (positive(limits.ttl())) {
        ttl = limits.ttl();
      } else {
        ttl = mountDefault;
      }
      maxValid = start.plus(maxTtl);
    }
    if (maxValid != null) {
      Duration maxValidTtl = Duration.between(nowS, maxValid);
      if (!positive(maxValidTtl)) {
        throw DevException.badRequest("past the max TTL, cannot renew");
      }
      if (ttl.compareTo(maxValidTtl) > 0) {
        warnings.add("TTL of \"" + GoDuration.human(ttl) + "\" exceeded the effective max_ttl of \""
            + GoDuration.human(maxValidTtl) + "\"; TTL value is capped accordingly");
        ttl = maxValidTtl;
      }
    }
    return new Result(Duration.ofSeconds(ttl.getSeconds()), warnings);
  }

  static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
