package io.vaultlet.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The token store's roles ({@code auth/token/roles/<name>}, LIST {@code auth/token/roles}), as OpenBao's
 * {@code tokenStoreRoleCreateUpdate}: a create starts from the defaults, an update changes only the fields it names;
 * the legacy {@code period}/{@code explicit_max_ttl} are kept for reads when {@code token_*} is absent. Tokens are
 * created against a role by {@link TokenCreator}.
 */
final class TokenRoles {

  private static final Pattern PATH_SUFFIX = Pattern.compile("\\w[\\w-.]+\\w");

  /** A stored role; {@code tokenType} is one of service, batch, default-service, default-batch. */
  record Role(String name, List<String> allowedPolicies, List<String> disallowedPolicies,
      List<String> allowedPoliciesGlob, List<String> disallowedPoliciesGlob, boolean orphan, boolean renewable,
      String pathSuffix, Duration period, Duration tokenPeriod, Duration explicitMaxTtl, Duration tokenExplicitMaxTtl,
      String tokenType, boolean tokenNoDefaultPolicy, int tokenNumUses, List<String> tokenBoundCidrs,
      List<String> allowedEntityAliases) {

    boolean restrictsPolicies() {
      return !allowedPolicies.isEmpty() || !disallowedPolicies.isEmpty() || !allowedPoliciesGlob.isEmpty()
          || !disallowedPoliciesGlob.isEmpty();
    }

    /** The period to apply: {@code token_period}, else the legacy {@code period}. */
    Duration effectivePeriod() {
      return tokenPeriod.isZero() ? period : tokenPeriod;
    }

    Duration effectiveExplicitMaxTtl() {
      return tokenExplicitMaxTtl.isZero() ? explicitMaxTtl : tokenExplicitMaxTtl;
    }

    /** The role read: Go marshals the map with its keys sorted. */
    Map<String, Object> describe() {
      Map<String, Object> d = new TreeMap<>();
      d.put("allowed_entity_aliases", allowedEntityAliases);
      d.put("allowed_policies", allowedPolicies);
      d.put("allowed_policies_glob", allowedPoliciesGlob);
      d.put("disallowed_policies", disallowedPolicies);
      d.put("disallowed_policies_glob", disallowedPoliciesGlob);
      d.put("explicit_max_ttl", explicitMaxTtl.getSeconds());
      d.put("name", name);
      d.put("orphan", orphan);
      d.put("path_suffix", pathSuffix);
      d.put("period", period.getSeconds());
      d.put("renewable", renewable);
      d.put("token_explicit_max_ttl", tokenExplicitMaxTtl.getSeconds());
      d.put("token_no_default_policy", tokenNoDefaultPolicy);
      d.put("token_period", tokenPeriod.getSeconds());
      d.put("token_type", tokenType);
      if (!tokenBoundCidrs.isEmpty()) {
        d.put("token_bound_cidrs", tokenBoundCidrs);
      }
      if (tokenNumUses > 0) {
        d.put("token_num_uses", tokenNumUses);
      }
      return d;
    }
  }

  private final Map<String, Role> roles = new ConcurrentSkipListMap<>();
  private final Core core;

  TokenRoles(Core core) {
    this.core = core;
  }

  Role get(String name) {
    return roles.get(name);
  }

  /** {@code roles/} (LIST) and {@code roles/<name>} (read, create/update, delete). */
  DevResponse handle(DevRequest req, String name) {
    if (name.isEmpty()) {
      Routes.only(req, Operation.LIST);
      return DevResponse.keys(new ArrayList<>(roles.keySet()));
    }
    switch (req.operation()) {
      case READ: {
        Role r = roles.get(name);
        return r == null ? null : DevResponse.of(r.describe());
      }
      case DELETE:
        roles.remove(name);
        return DevResponse.noContent();
      case CREATE:
      case UPDATE:
        return write(req, name);
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private DevResponse write(DevRequest req, String name) {
    Role old = roles.get(name);
    boolean create = old == null;
    String suffix = req.has("path_suffix") ? req.string("path_suffix") : create ? "" : old.pathSuffix();
    if (!suffix.isEmpty() && !PATH_SUFFIX.matcher(suffix).find()) {
      throw DevException.badRequest("given role path suffix contains invalid characters; must match "
          + PATH_SUFFIX.pattern());
    }
    if (suffix.contains("..")) {
      throw DevException.badRequest("error registering path suffix: path cannot contain parent references");
    }
    String tokenType = create ? "default-service" : old.tokenType();
    if (req.data().containsKey("token_type")) {
      tokenType = tokenType(req.data().get("token_type"));
    }
    DevResponse resp = DevResponse.noContent();
    Duration period = create ? Duration.ZERO : old.period();
    Duration tokenPeriod = req.has("token_period") ? req.duration("token_period")
        : create ? Duration.ZERO : old.tokenPeriod();
    if (!req.has("token_period") && req.has("period")) {
      period = req.duration("period");
      tokenPeriod = period;
    } else if (req.has("token_period")) {
      period = Duration.ZERO;
      if (req.has("period")) {
        resp.withWarning("Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value");
      }
    }
    Duration explicit = create ? Duration.ZERO : old.explicitMaxTtl();
    Duration tokenExplicit = req.has("token_explicit_max_ttl") ? req.duration("token_explicit_max_ttl")
        : create ? Duration.ZERO : old.tokenExplicitMaxTtl();
    if (!req.has("token_explicit_max_ttl") && req.has("explicit_max_ttl")) {
      explicit = req.duration("explicit_max_ttl");
      tokenExplicit = explicit;
    } else if (req.has("token_explicit_max_ttl")) {
      explicit = Duration.ZERO;
      if (req.has("explicit_max_ttl")) {
        resp.withWarning("Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, ignoring "
            + "the deprecated value");
      }
    }
    Duration finalExplicit = tokenExplicit.isZero() ? explicit : tokenExplicit;
    Duration mountMax = core.mounts.get("auth/token/").effectiveMax();
    if (!finalExplicit.isZero() && finalExplicit.compareTo(mountMax) > 0) {
      resp.withWarning("Given explicit max TTL of " + finalExplicit.getSeconds() + " is greater than system/mount "
          + "allowed value of " + mountMax.getSeconds() + " seconds; until this is fixed attempting to create tokens "
          + "against this role will result in an error");
    }
    Role role = new Role(name,
        policies(req, "allowed_policies", create, old == null ? null : old.allowedPolicies(), true),
        policies(req, "disallowed_policies", create, old == null ? null : old.disallowedPolicies(), false),
        policies(req, "allowed_policies_glob", create, old == null ? null : old.allowedPoliciesGlob(), true),
        policies(req, "disallowed_policies_glob", create, old == null ? null : old.disallowedPoliciesGlob(), false),
        req.has("orphan") ? req.bool("orphan", false) : !create && old.orphan(),
        req.has("renewable") ? req.bool("renewable", true) : create || old.renewable(),
        suffix, period, tokenPeriod, explicit, tokenExplicit, tokenType,
        req.has("token_no_default_policy") ? req.bool("token_no_default_policy", false)
            : !create && old.tokenNoDefaultPolicy(),
        req.has("token_num_uses") ? (int) req.integer("token_num_uses", 0) : create ? 0 : old.tokenNumUses(),
        req.has("token_bound_cidrs") ? Cidr.validated(req.strings("token_bound_cidrs"))
            : create ? List.of() : old.tokenBoundCidrs(),
        req.has("allowed_entity_aliases") ? dedupe(req.strings("allowed_entity_aliases"), true)
            : create ? null : old.allowedEntityAliases());
    checkBatch(role);
    roles.put(name, role);
    return resp;
  }

  private static String tokenType(Object raw) {
    if (raw == null) {
      throw DevException.badRequest("Invalid 'token_type' value: null");
    }
    String t = raw.toString();
    switch (t) {
      case "service": case "batch": case "default-service": case "default-batch":
        return t;
      case "default":
        return "default-service";
      default:
        throw DevException.badRequest("invalid 'token_type' value \"" + t + "\"");
    }
  }

  private static void checkBatch(Role r) {
    if (!r.tokenType().equals("batch")) {
      return;
    }
    if (!r.orphan()) {
      throw DevException.badRequest("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens");
    }
    if (!r.effectivePeriod().isZero()) {
      throw DevException.badRequest("'token_type' cannot be 'batch' when role is set to generate periodic tokens");
    }
    if (r.renewable()) {
      throw DevException.badRequest("'token_type' cannot be 'batch' when role is set to generate renewable tokens");
    }
    if (!r.effectiveExplicitMaxTtl().isZero()) {
      throw DevException.badRequest("'token_type' cannot be 'batch' when role is set to generate tokens with an "
          + "explicit max TTL");
    }
  }

  /** Allowed lists are sanitized like policies (lower-cased); disallowed lists only de-duplicated, as OpenBao. */
  private static List<String> policies(DevRequest req, String field, boolean create, List<String> old,
      boolean sanitize) {
    if (req.has(field) || create) {
      return dedupe(req.strings(field), sanitize);
    }
    return old;
  }

  /** strutil.RemoveDuplicates(…, lowercase=true): trimmed, lower-cased, sorted, no blanks. */
  static List<String> dedupe(List<String> in, boolean sanitize) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String s : in) {
      String v = sanitize ? PolicyStore.sanitize(s) : s.trim().toLowerCase(java.util.Locale.ROOT);
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    List<String> sorted = new ArrayList<>(out);
    sorted.sort(null);
    return List.copyOf(sorted);
  }

  /** go-glob as {@code strutil.StrListContainsGlob} uses it: {@code *} matches any run of characters. */
  static boolean containsGlob(List<String> globs, String value) {
    for (String g : globs) {
      List<String> parts = new ArrayList<>();
      for (String part : g.split("\\*", -1)) {
        parts.add(Pattern.quote(part));
      }
      if (Pattern.compile("(?s)" + String.join(".*", parts)).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }
}
