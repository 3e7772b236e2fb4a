package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenBao's {@code resolveTokenPolicies}: which policies a new token gets. A role that allows or disallows policies
 * decides on its own (the request's policies, else the role's allowed ones, else the parent's; {@code default} added
 * unless disallowed); otherwise the token inherits its parent's policies, or asks for a subset of them unless the
 * creator has root or sudo. Names are sanitized (trimmed, lower-cased) as {@code policyutil.SanitizePolicies} does.
 */
final class TokenPolicies {

  private TokenPolicies() {}

  static List<String> resolve(TokenEntry parent, List<String> requestedRaw, boolean noDefault, boolean privileged,
      TokenRoles.Role role) {
    List<String> requested = sanitize(requestedRaw, false);
    List<String> policies;
    boolean addDefault = false;
    if (role != null && role.restrictsPolicies()) {
      policies = byRole(parent, requested, noDefault, role);
    } else if (requested.isEmpty()) {
      policies = sanitize(parent.policies, false);
    } else if (!privileged) {
      List<String> parentPolicies = sanitize(parent.policies, false);
      for (String p : requested) {
        if (!p.equals("default") && !parentPolicies.contains(p)) {
          throw DevException.badRequest("child policies must be subset of parent");
        }
      }
      policies = requested;
      addDefault = !noDefault && parent.policies.contains("default");
    } else {
      policies = requested;
      addDefault = !noDefault;
    }
    List<String> out = sanitize(policies, addDefault);
    if (noDefault || (role != null && role.tokenNoDefaultPolicy())) {
      out.remove("default");
    }
    if (out.contains("response-wrapping")) {
      throw DevException.badRequest("cannot assign policy \"response-wrapping\"");
    }
    return List.copyOf(out);
  }

  private static List<String> byRole(TokenEntry parent, List<String> requested, boolean noDefault,
      TokenRoles.Role role) {
    boolean localDefault = !noDefault && !role.tokenNoDefaultPolicy()
        && !role.disallowedPolicies().contains("default")
        && !TokenRoles.containsGlob(role.disallowedPoliciesGlob(), "default");
    List<String> result = requested.isEmpty() ? List.of() : sanitize(requested, localDefault);
    if (!role.allowedPolicies().isEmpty() || !role.allowedPoliciesGlob().isEmpty()) {
      List<String> allowed = sanitize(role.allowedPolicies(), localDefault);
      if (result.isEmpty()) {
        result = allowed;
      } else {
        List<String> globs = sanitize(role.allowedPoliciesGlob(), false);
        for (String p : result) {
          if (!allowed.contains(p) && !TokenRoles.containsGlob(globs, p)) {
            throw DevException.badRequest("token policies (" + goQuoted(result) + ") must be subset of the role's "
                + "allowed policies (" + goQuoted(allowed) + ") or glob policies (" + goQuoted(globs) + ")");
          }
        }
      }
    } else if (result.isEmpty()) {
      result = sanitize(parent.policies, localDefault);
    }
    for (String p : result) {
      if (role.disallowedPolicies().contains(p) || TokenRoles.containsGlob(role.disallowedPoliciesGlob(), p)) {
        throw DevException.badRequest("token policy \"" + p + "\" is disallowed by this role");
      }
    }
    return result;
  }

  /** {@code policyutil.SanitizePolicies}: trimmed, lower-cased, no blanks, {@code root} alone, sorted, unique. */
  static List<String> sanitize(List<String> in, boolean addDefault) {
    List<String> out = new ArrayList<>();
    boolean hasDefault = false;
    for (String raw : in) {
      String p = PolicyStore.sanitize(raw);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("root")) {
        return new ArrayList<>(List.of("root"));
      }
      hasDefault |= p.equals("default");
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    if (addDefault && !hasDefault) {
      out.add("default");
    }
    out.sort(null);
    return out;
  }

  /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
  private static String goQuoted(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add("\"" + v + "\""));
    return "[" + String.join(" ", quoted) + "]";
  }
}
