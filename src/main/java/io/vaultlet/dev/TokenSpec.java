package io.vaultlet.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token an auth method's login asks the core to create ({@link DevResponse#login}); Vault's {@code logical.Auth}.
 *
 * <pre>{@code
 * return DevResponse.login(TokenSpec.create()
 *     .policies(role.tokenPolicies())
 *     .limits(new TtlLimits(role.tokenTtl(), role.tokenMaxTtl(), role.tokenPeriod()))
 *     .metadata("role_name", roleName)
 *     .displayName("approle")
 *     .alias(roleId, Map.of())
 *     .onRenew(token -> currentLimitsOf(roleName)));   // throws DevException if the role is gone
 * }</pre>
 *
 * <p>Login tokens are orphans with {@code path = <mount>login…}, {@code display_name = <mount-with-dashes>-<name>};
 * {@code default} is added to the policies unless {@link #noDefaultPolicy()}. The TTL goes through {@code CalculateTTL}
 * against the auth mount's limits (warning and shortened {@code lease_duration} when capped).
 */
public final class TokenSpec {

  /** Re-reads the role's limits when the token is renewed; throw {@link DevException} to refuse the renewal. */
  @FunctionalInterface
  public interface Renewer {
    TtlLimits limits(TokenView token);
  }

  private final List<String> policies = new ArrayList<>();
  private boolean noDefaultPolicy;
  private TtlLimits limits = TtlLimits.none();
  private Duration explicitMaxTtl = Duration.ZERO;
  private int numUses;
  private boolean renewable = true;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private String displayName = "";
  private String entityId = "";
  private String aliasName;
  private Map<String, String> aliasMetadata = Map.of();
  private Renewer renewer;

  private TokenSpec() {}

  public static TokenSpec create() {
    return new TokenSpec();
  }

  public TokenSpec policies(List<String> value) {
    policies.clear();
    policies.addAll(value);
    return this;
  }

  public TokenSpec noDefaultPolicy(boolean value) {
    this.noDefaultPolicy = value;
    return this;
  }

  /** The role's {@code token_ttl}, {@code token_max_ttl}, {@code token_period}. */
  public TokenSpec limits(TtlLimits value) {
    this.limits = value == null ? TtlLimits.none() : value;
    return this;
  }

  public TokenSpec explicitMaxTtl(Duration value) {
    this.explicitMaxTtl = value == null ? Duration.ZERO : value;
    return this;
  }

  public TokenSpec numUses(int value) {
    this.numUses = value;
    return this;
  }

  public TokenSpec renewable(boolean value) {
    this.renewable = value;
    return this;
  }

  public TokenSpec metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public TokenSpec metadata(Map<String, String> value) {
    metadata.putAll(value);
    return this;
  }

  /** The method's part of the display name; the core prefixes the mount path (dashes), as Vault does. */
  public TokenSpec displayName(String value) {
    this.displayName = value == null ? "" : value;
    return this;
  }

  /** Entity id reported as {@code auth.entity_id}; the core makes one up from the alias when this is empty. */
  public TokenSpec entityId(String value) {
    this.entityId = value == null ? "" : value;
    return this;
  }

  /** The identity alias (role id, service account uid, ARN…). Gives the token a stable entity id per alias. */
  public TokenSpec alias(String name, Map<String, String> aliasMeta) {
    this.aliasName = name;
    this.aliasMetadata = aliasMeta == null ? Map.of() : Map.copyOf(aliasMeta);
    return this;
  }

  public TokenSpec onRenew(Renewer value) {
    this.renewer = value;
    return this;
  }

  public List<String> policies() {
    return policies;
  }

  public boolean noDefaultPolicy() {
    return noDefaultPolicy;
  }

  public TtlLimits limits() {
    return limits;
  }

  public Duration explicitMaxTtl() {
    return explicitMaxTtl;
  }

  public int numUses() {
    return numUses;
  }

  public boolean renewable() {
    return renewable;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public String displayName() {
    return displayName;
  }

  public String entityId() {
    return entityId;
  }

  /** May be null. */
  public String aliasName() {
    return aliasName;
  }

  public Map<String, String> aliasMetadata() {
    return aliasMetadata;
  }

  /** May be null: renewals then reuse {@link #limits()}. */
  public Renewer renewer() {
    return renewer;
  }
}
