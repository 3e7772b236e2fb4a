package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role of the emulator's {@code gcp} auth method, with Vault's field rules ({@code vault-plugin-auth-gcp}'s
 * {@code gcpRole}): {@code type} {@code iam} or {@code gce}, the shared bindings ({@code bound_service_accounts},
 * {@code bound_projects}), the iam-only {@code max_jwt_exp} and {@code allow_gce_inference}, the gce-only zones,
 * regions, instance groups and labels, and the token fields.
 */
record GcpRole(String roleId, String type, List<String> boundServiceAccounts, List<String> boundProjects,
    boolean addGroupAliases, Duration maxJwtExp, boolean allowGceInference, List<String> boundZones,
    List<String> boundRegions, List<String> boundInstanceGroups, Map<String, String> boundLabels,
    TokenFields token) {

  static final Duration DEFAULT_MAX_JWT_EXP = Duration.ofMinutes(15);
  static final Duration MAX_MAX_JWT_EXP = Duration.ofMinutes(60);
  private static final Set<String> IAM_ONLY = Set.of("max_jwt_exp", "allow_gce_inference");
  private static final Set<String> GCE_ONLY = Set.of("bound_zones", "bound_regions", "bound_instance_groups",
      "bound_labels", "bound_zone", "bound_region", "bound_instance_group");
  private static final Pattern LABEL = Pattern.compile("^([a-z]([\\w-]+)?):([\\w-]*)$");

  /** Parses a role write, with Vault's errors (400). */
  static GcpRole parse(DevRequest req) {
    String type = req.string("type", "");
    if (type.isEmpty()) {
      throw DevException.badRequest("role type cannot be empty");
    }
    if (!type.equals("iam") && !type.equals("gce")) {
      throw DevException.badRequest("role type '" + type + "' is invalid");
    }
    List<String> invalid = new ArrayList<>();
    for (String k : req.data().keySet()) {
      if ((type.equals("iam") ? GCE_ONLY : IAM_ONLY).contains(k)) {
        invalid.add(k);
      }
    }
    if (!invalid.isEmpty()) {
      throw DevException.badRequest("invalid args found for role of type " + type + ": " + String.join(",", invalid));
    }
    List<String> accounts = distinct(req.strings(req.has("bound_service_accounts") ? "bound_service_accounts"
        : "service_accounts"));
    if (req.has("bound_projects") && req.has("project_id")) {
      throw DevException.badRequest("only one of 'bound_projects' or 'project_id' can be given");
    }
    List<String> projects = distinct(req.has("project_id") ? List.of(req.string("project_id"))
        : req.strings("bound_projects"));
    Duration maxJwtExp = Duration.ZERO;
    boolean inference = false;
    List<String> zones = List.of();
    List<String> regions = List.of();
    List<String> groups = List.of();
    Map<String, String> labels = Map.of();
    if (type.equals("iam")) {
      if (accounts.isEmpty()) {
        throw DevException.badRequest("IAM role type must have at least one service account");
      }
      if (accounts.size() > 1 && accounts.contains("*")) {
        throw DevException.badRequest("cannot provide IAM service account wildcard '*' (for all service accounts) "
            + "with other service accounts");
      }
      maxJwtExp = req.has("max_jwt_exp") ? req.duration("max_jwt_exp") : DEFAULT_MAX_JWT_EXP;
      if (maxJwtExp.compareTo(MAX_MAX_JWT_EXP) > 0) {
        throw DevException.badRequest("max_jwt_exp cannot be more than 60 minutes");
      }
      inference = req.bool("allow_gce_inference", true);
    } else {
      zones = withSingular(req, "bound_zones", "bound_zone");
      regions = withSingular(req, "bound_regions", "bound_region");
      groups = withSingular(req, "bound_instance_groups", "bound_instance_group");
      labels = labels(req.strings("bound_labels"));
      if (!groups.isEmpty() && zones.isEmpty() && regions.isEmpty()) {
        throw DevException.badRequest("region or zone information must be specified if an instance group is given");
      }
    }
    TokenFields token = TokenFields.of(req);
    if (!token.maxTtl().isZero() && token.maxTtl().compareTo(token.ttl()) < 0) {
      throw DevException.badRequest("ttl should be shorter than max_ttl");
    }
    return new GcpRole(UUID.randomUUID().toString(), type, accounts, projects, req.bool("add_group_aliases", false),
        maxJwtExp, inference, zones, regions, groups, labels, token);
  }

  /** What a read answers (Vault's {@code pathRoleRead}). */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("add_group_aliases", addGroupAliases);
    if (!boundProjects.isEmpty()) {
      out.put("bound_projects", boundProjects);
    }
    if (!boundServiceAccounts.isEmpty()) {
      out.put("bound_service_accounts", boundServiceAccounts);
    }
    out.put("role_id", roleId);
    out.put("type", type);
    if (type.equals("iam")) {
      out.put("allow_gce_inference", allowGceInference);
      out.put("max_jwt_exp", maxJwtExp.toSeconds());
    } else {
      putIfAny(out, "bound_instance_groups", boundInstanceGroups);
      putIfAny(out, "bound_regions", boundRegions);
      putIfAny(out, "bound_zones", boundZones);
      if (!boundLabels.isEmpty()) {
        out.put("bound_labels", boundLabels);
      }
    }
    token.describeInto(out);
    return out;
  }

  private static void putIfAny(Map<String, Object> out, String key, List<String> values) {
    if (!values.isEmpty()) {
      out.put(key, values);
    }
  }

  private static List<String> withSingular(DevRequest req, String plural, String singular) {
    List<String> values = new ArrayList<>(req.strings(plural));
    if (req.has(singular)) {
      if (req.has(plural)) {
        throw DevException.badRequest("cannot specify both \"" + singular + "\" and \"" + plural + "\"");
      }
      values.add(req.string(singular).trim());
    }
    return distinct(values);
  }

  private static Map<String, String> labels(List<String> raw) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> invalid = new ArrayList<>();
    for (String l : raw) {
      Matcher m = LABEL.matcher(l);
      if (m.matches()) {
        out.put(m.group(1), m.group(3));
      } else {
        invalid.add(l);
      }
    }
    if (!invalid.isEmpty()) {
      throw DevException.badRequest("invalid labels given: " + GoText.quoted(invalid));
    }
    return out;
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
