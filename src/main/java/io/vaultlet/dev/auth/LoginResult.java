package io.vaultlet.dev.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an auth method decided about a login: who (display name, alias), what (policies, metadata) and for how long.
 * The token store turns it into a token and Vault's {@code auth} block. Zero durations mean "mount default".
 *
 * @param displayName the method's display name for the token (the mount prefix is added by the token store)
 * @param policies the token policies (without {@code default}, which the token store adds unless told not to)
 * @param metadata the token metadata, also {@code auth.metadata} in the response
 * @param ttl the role's token TTL
 * @param maxTtl the role's token max TTL
 * @param period the role's token period (zero: not periodic)
 * @param numUses the number of uses (zero: unlimited)
 * @param aliasName the identity alias name (used to derive a stable entity id)
 */
record LoginResult(
    String displayName,
    List<String> policies,
    Map<String, String> metadata,
    Duration ttl,
    Duration maxTtl,
    Duration period,
    int numUses,
    String aliasName) {

  public LoginResult {
    policies = List.copyOf(policies);
    metadata = Map.copyOf(metadata);
  }
}
