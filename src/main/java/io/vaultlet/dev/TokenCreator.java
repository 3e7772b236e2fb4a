package io.vaultlet.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code auth/token/create}, {@code create-orphan} and {@code create/<role>}: OpenBao's {@code handleCreateCommon}
 * with its policy rules ({@code resolveTokenPolicies}), the role's overrides (orphan, renewable, uses, path suffix,
 * allowed and disallowed policies) and {@code parseAndMergeTTLPeriod} (the lesser of the request's and the role's
 * explicit max TTL and period, with Vault's warnings).
 */
final class TokenCreator {

  private static final Set<String> CREATE_FIELDS = Set.of("id", "role_name", "policies", "meta", "no_parent",
      "no_default_policy", "renewable", "ttl", "lease", "explicit_max_ttl", "period", "type", "display_name",
      "num_uses", "entity_alias");

  private final Core core;

  TokenCreator(Core core) {
    this.core = core;
  }

  /**
   * @param parent the requesting token
   * @param privileged root, or {@code sudo} on the create path
   * @param orphanPath {@code create-orphan}
   * @param role the role of {@code create/<role>}, else null
   */
  DevResponse create(DevRequest req, TokenEntry parent, boolean privileged, boolean orphanPath,
      TokenRoles.Role role) {
    List<String> warnings = new ArrayList<>();
    String type = req.string("type", "");
    if (role != null && (role.tokenType().equals("service") || role.tokenType().equals("batch"))) {
      type = role.tokenType();
    } else if (role != null && role.tokenType().equals("default-batch") && type.isEmpty()) {
      type = "batch";
    }
    if (type.equals("batch")) {
      throw DevException.badRequest("the vaultlet emulator only issues service tokens");
    }
    if (!type.isEmpty() && !type.equals("service") && !type.equals("default")) {
      throw DevException.badRequest("invalid 'token_type' value");
    }
    boolean renewable = req.bool("renewable", true);
    long numUses = req.integer("num_uses", 0);
    if (numUses < 0) {
      throw DevException.badRequest("number of uses cannot be negative");
    }
    if (req.has("entity_alias") && role == null) {
      throw DevException.badRequest("'entity_alias' is only allowed in combination with token role");
    }
    TokenEntry e = new TokenEntry();
    e.path = "auth/token/" + req.path();
    if (role != null) {
      e.role = role.name();
      renewable = renewable && role.renewable();
      if (role.tokenNumUses() != 0 && (numUses == 0 || role.tokenNumUses() < numUses)) {
        numUses = role.tokenNumUses();
      }
      if (!role.pathSuffix().isEmpty()) {
        e.path = e.path + "/" + role.pathSuffix();
      }
    }
    String display = req.string("display_name", "");
    e.displayName = display.isEmpty() ? "token" : sanitizeDisplayName("token-" + display);
    String id = req.string("id");
    if (id != null && !id.isEmpty()) {
      if (!privileged) {
        throw DevException.badRequest("root or sudo privileges required to specify token id");
      }
      if (id.contains(".")) {
        throw DevException.badRequest("token IDs can not contain periods");
      }
    }
    e.policies = TokenPolicies.resolve(parent, req.strings("policies"), req.bool("no_default_policy", false),
        privileged, role);
    if (e.policies.contains("root") && !parent.policies.contains("root")) {
      throw DevException.badRequest("root tokens may not be created without parent token being root");
    }
    boolean orphan;
    if (role != null) {
      orphan = role.orphan();
    } else if (req.bool("no_parent", false)) {
      if (!privileged) {
        throw DevException.badRequest("root or sudo privileges required to create orphan token");
      }
      orphan = true;
    } else {
      orphan = orphanPath;
    }
    Duration explicitMax = req.duration("explicit_max_ttl");
    if (explicitMax.isNegative()) {
      throw DevException.badRequest("explicit_max_ttl must be positive");
    }
    Duration period = req.duration("period");
    if (period.isNegative()) {
      throw DevException.badRequest("period must be positive");
    }
    if (!period.isZero() && !privileged) {
      throw DevException.badRequest("root or sudo privileges required to create periodic token");
    }
    Duration ttl = req.duration(req.has("ttl") ? "ttl" : "lease");
    if (ttl.isNegative()) {
      throw DevException.badRequest("ttl must be positive");
    }
    if (role != null) {
      explicitMax = lesser(explicitMax, role.effectiveExplicitMaxTtl(), "Explicit max TTL", warnings);
      period = lesser(period, role.effectivePeriod(), "Period", warnings);
    }
    Instant now = req.now();
    e.id = id == null || id.isEmpty() ? Ids.serviceToken() : id;
    e.accessor = Ids.accessor();
    Map<String, Object> meta = req.map("meta");
    if (meta != null) {
      meta.forEach((k, v) -> e.meta.put(k, v == null ? "" : v.toString()));
    }
    e.orphan = orphan;
    e.parentId = orphan ? null : parent.id;
    e.entityId = orphan ? "" : parent.entityId;
    e.creationTime = now;
    e.explicitMaxTtl = explicitMax;
    e.period = period;
    e.numUses = (int) numUses;
    e.renewable = renewable;
    Duration granted = grantedTtl(e, ttl, parent, now, warnings);
    e.creationTtl = granted;
    e.grantedTtl = granted;
    if (id != null && !id.isEmpty()) {
      warnings.add("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure "
          + "SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.");
    }
    for (String p : e.policies) {
      if (!core.policies.exists(p)) {
        warnings.add("Policy \"" + p + "\" does not exist");
      }
    }
    String ignored = req.unrecognizedFieldsWarning(CREATE_FIELDS);
    if (ignored != null) {
      warnings.add(ignored);
    }
    core.tokens.add(e);
    DevResponse resp = DevResponse.of(null).withAuth(core.authBlock(e, e.creationTtl), e.accessor);
    warnings.forEach(resp::withWarning);
    return resp;
  }

  /** Vault's rule: a TTL unless the token is a non-periodic root token without one; explicit max bounds root. */
  private Duration grantedTtl(TokenEntry e, Duration ttl, TokenEntry parent, Instant now, List<String> warnings) {
    Duration granted = Duration.ZERO;
    if (!e.period.isZero() || !ttl.isZero() || !e.policies.contains("root")) {
      MountEntry mount = core.mounts.get("auth/token/");
      Ttl.Result r = Ttl.calculate(Duration.ZERO, new TtlLimits(ttl, Duration.ZERO, e.period), e.explicitMaxTtl, now,
          now, mount.effectiveDefault(), mount.effectiveMax());
      warnings.addAll(r.warnings());
      granted = r.ttl();
    }
    if (granted.isZero() && !e.explicitMaxTtl.isZero()) {
      granted = e.explicitMaxTtl;
    }
    if (granted.isZero()) {
      if (parent.expireTime != null) {
        throw DevException.badRequest("expiring root tokens cannot create non-expiring root tokens");
      }
      e.renewable = false;
      e.expireTime = null;
    } else {
      e.expireTime = now.plus(granted);
    }
    return granted;
  }

  /** The lesser of the request's and the role's value, with Vault's warning when both are set. */
  private static Duration lesser(Duration requested, Duration fromRole, String what, List<String> warnings) {
    if (fromRole.isZero()) {
      return requested;
    }
    if (requested.isZero()) {
      return fromRole;
    }
    Duration use = fromRole.compareTo(requested) < 0 ? fromRole : requested;
    warnings.add(what + " specified both during creation call and in role; using the lesser value of "
        + use.getSeconds() + " seconds");
    return use;
  }

  private static String sanitizeDisplayName(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9-]", "-");
    return s.endsWith("-") ? s.substring(0, s.length() - 1) : s;
  }
}
