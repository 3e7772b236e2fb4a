package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.TtlLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The token fields an auth role carries ({@code token_policies}, {@code token_ttl}, {@code token_max_ttl},
 * {@code token_period}; Vault's {@code tokenutil.TokenParams}), each also accepted under its deprecated name
 * ({@code policies}, {@code ttl}, {@code max_ttl}, {@code period}) when the new one is absent.
 */
record TokenFields(List<String> policies, Duration ttl, Duration maxTtl, Duration period) {

  /** Reads the fields from a role write. */
  static TokenFields of(DevRequest req) {
    return new TokenFields(req.strings(req.has("token_policies") ? "token_policies" : "policies"),
        req.duration(req.has("token_ttl") ? "token_ttl" : "ttl"),
        req.duration(req.has("token_max_ttl") ? "token_max_ttl" : "max_ttl"),
        req.duration(req.has("token_period") ? "token_period" : "period"));
  }

  /** Reads the fields back from a role as {@link #describeInto} wrote it. */
  @SuppressWarnings("unchecked")
  static TokenFields of(Map<String, Object> role) {
    return new TokenFields((List<String>) role.get("token_policies"), seconds(role, "token_ttl"),
        seconds(role, "token_max_ttl"), seconds(role, "token_period"));
  }

  /** Adds the fields as a role read shows them (durations in whole seconds). */
  void describeInto(Map<String, Object> out) {
    out.put("token_max_ttl", maxTtl.toSeconds());
    out.put("token_period", period.toSeconds());
    out.put("token_policies", policies);
    out.put("token_ttl", ttl.toSeconds());
  }

  TtlLimits limits() {
    return new TtlLimits(ttl, maxTtl, period);
  }

  private static Duration seconds(Map<String, Object> role, String key) {
    return Duration.ofSeconds(((Number) role.get(key)).longValue());
  }
}
