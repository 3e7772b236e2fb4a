package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.cloud.GcpCloud;
import io.vaultlet.dev.cloud.Jws;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code gcp} login, step by step as {@code vault-plugin-auth-gcp}'s {@code pathLogin} (same texts): the JWT's key
 * (Google's OAuth2 key, else for iam roles the service account's key), its signature, {@code exp} (within 60 minutes,
 * 60s of tolerance), {@code sub} and {@code aud} (every audience must end in {@code vault/<role>}); then the iam or gce
 * rules against the emulator's {@link GcpCloud}, where Vault asks the IAM and Compute APIs.
 */
final class GcpLogin {

  static final String GOOGLEAPIS = "https://www.googleapis.com";
  private static final long EXP_TOLERANCE_SECONDS = 60;
  private static final List<String> LOGIN_FIELDS = List.of("role", "jwt");
  /** What the IAM API's client reports for an unknown account (the text is unconfirmed against Google). */
  private static final String NOT_FOUND = "googleapi: Error 404: Unknown service account, notFound";

  private final GcpCloud cloud;
  private final Clock clock;

  GcpLogin(GcpCloud cloud, Clock clock) {
    this.cloud = cloud;
    this.clock = clock;
  }

  /** What a successful login is for: the role and the service account (and the instance, for gce tokens). */
  record Outcome(String roleName, GcpRole role, GcpCloud.ServiceAccount account, Map<String, Object> gce) {}

  Outcome login(Map<String, Object> data, java.util.function.Function<String, GcpRole> roles) {
    TreeSet<String> unknown = new TreeSet<>(data.keySet());
    unknown.removeAll(LOGIN_FIELDS);
    if (!unknown.isEmpty()) {
      throw DevException.of(422, "unknown fields: " + GoText.quoted(List.copyOf(unknown)));
    }
    String roleName = str(data.get("role"));
    if (roleName.isEmpty()) {
      throw DevException.badRequest("role is required");
    }
    GcpRole role = roles.apply(roleName);
    if (role == null) {
      throw DevException.badRequest("role " + GoText.quoted(roleName) + " not found");
    }
    if (!data.containsKey("jwt")) {
      throw DevException.badRequest("jwt argument is required");
    }
    Jws.Token jwt;
    try {
      jwt = Jws.parse(str(data.get("jwt")));
    } catch (Jws.Malformed e) {
      throw DevException.badRequest("unable to parse signed JWT: go-jose/go-jose: " + e.getMessage());
    }
    PublicKey key = signingKey(jwt, role);
    if (!jwt.verifiedBy(key)) {
      throw DevException.badRequest("go-jose/go-jose: error in cryptographic primitive");
    }
    checkBaseClaims(jwt, roleName);
    Map<String, Object> gce = computeEngine(jwt);
    if (role.type().equals("gce") && gce == null) {
      throw DevException.badRequest("expected JWT to have claims with GCE metadata");
    }
    return role.type().equals("iam") ? iam(roleName, role, jwt, gce) : gce(roleName, role, jwt, gce);
  }

  /** Google's OAuth2 key first; for iam roles, then the subject's service-account key ({@code getSigningKey}). */
  private PublicKey signingKey(Jws.Token jwt, GcpRole role) {
    String kid = jwt.kid();
    Optional<PublicKey> google = cloud.googleOAuth2Key(kid);
    if (google.isPresent()) {
      return google.get();
    }
    String sub = jwt.claim("sub");
    if (sub.isEmpty()) {
      throw DevException.badRequest("unable to get public key for signed JWT: expected 'sub' claim from JWT");
    }
    String prefix = "unable to get public key for signed JWT: unable to get public key " + GoText.quoted(kid)
        + " for JWT subject " + GoText.quoted(sub) + ": ";
    if (!role.type().equals("iam")) {
      throw DevException.badRequest(prefix + "no Google OAuth2 provider key found for GCE role");
    }
    return cloud.serviceAccountKey(sub, kid).orElseThrow(() -> DevException.badRequest(prefix + "service account "
        + GoText.quoted(kid) + " key " + GoText.quoted(sub) + " not found at GET " + GoText.quoted(GOOGLEAPIS
        + "/service_accounts/v1/metadata/x509/" + sub + "?alt=json")));
  }

  /** {@code validateBaseJWTClaims}. */
  private void checkBaseClaims(Jws.Token jwt, String roleName) {
    Instant now = clock.instant();
    Long exp = jwt.time("exp");
    if (exp == null || exp == 0 || Instant.ofEpochSecond(exp).isBefore(now.minusSeconds(EXP_TOLERANCE_SECONDS))) {
      throw DevException.badRequest("JWT is expired or does not have proper 'exp' claim");
    }
    Duration expiresIn = Duration.between(now, Instant.ofEpochSecond(exp));
    if (expiresIn.compareTo(GcpRole.MAX_MAX_JWT_EXP.plusSeconds(EXP_TOLERANCE_SECONDS)) > 0) {
      throw DevException.badRequest("JWT must expire in 60 minutes, expires in " + io.vaultlet.support.GoDurations.format(expiresIn));
    }
    if (jwt.claim("sub").isEmpty()) {
      throw DevException.badRequest("expected JWT to have 'sub' claim with service account id or email");
    }
    String suffix = "vault/" + roleName;
    for (String aud : jwt.audiences()) {
      if (!aud.endsWith(suffix)) {
        throw DevException.badRequest("at least one of the JWT claim 'aud' must end in " + GoText.quoted(suffix));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> computeEngine(Jws.Token jwt) {
    if (jwt.claims().get("google") instanceof Map<?, ?> google
        && google.get("compute_engine") instanceof Map<?, ?> gce && !str(gce.get("instance_id")).isEmpty()) {
      return (Map<String, Object>) gce;
    }
    return null;
  }

  private Outcome iam(String roleName, GcpRole role, Jws.Token jwt, Map<String, Object> gce) {
    if (!role.allowGceInference() && gce != null) {
      throw DevException.badRequest("Got GCE token but IAM role " + GoText.quoted(roleName)
          + " does not allow GCE inference");
    }
    if (gce == null && Instant.ofEpochSecond(jwt.time("exp")).isAfter(clock.instant().plus(role.maxJwtExp()))) {
      throw DevException.badRequest("role requires that service account JWTs expire within "
          + role.maxJwtExp().toSeconds() + " seconds");
    }
    GcpCloud.ServiceAccount sa = account(jwt.claim("sub"));
    String refused = authorizeIam(sa, role);
    if (refused != null) {
      throw DevException.badRequest(refused);
    }
    return new Outcome(roleName, role, sa, gce);
  }

  /** {@code authorizeIAMServiceAccount}: null when allowed, else Vault's reason. */
  static String authorizeIam(GcpCloud.ServiceAccount sa, GcpRole role) {
    if (!role.boundProjects().isEmpty() && !role.boundProjects().contains(sa.projectId())) {
      return "service account " + GoText.quoted(sa.email()) + " not in bound projects "
          + GoText.plain(role.boundProjects());
    }
    List<String> bound = role.boundServiceAccounts();
    if (bound.size() == 1 && bound.get(0).equals("*") || bound.contains(sa.email()) || bound.contains(sa.uniqueId())) {
      return null;
    }
    return "service account " + sa.email() + " (id: " + sa.uniqueId() + ") is not authorized for role";
  }

  private Outcome gce(String roleName, GcpRole role, Jws.Token jwt, Map<String, Object> gce) {
    String project = str(gce.get("project_id"));
    String zone = str(gce.get("zone"));
    String name = str(gce.get("instance_name"));
    if (!role.boundProjects().isEmpty() && !role.boundProjects().contains(project)) {
      throw DevException.badRequest("instance " + GoText.quoted(str(gce.get("instance_id"))) + " (project "
          + GoText.quoted(project) + ") not in bound projects " + GoText.plain(role.boundProjects()));
    }
    GcpCloud.Instance instance = verifiedInstance(gce, project, zone, name);
    String refused = authorizeGce(instance, role, jwt.claim("sub"));
    if (refused != null) {
      throw DevException.badRequest(refused);
    }
    GcpCloud.ServiceAccount sa = cloud.serviceAccount(jwt.claim("sub")).orElseThrow(() -> DevException.badRequest(
        "Could not find service account " + GoText.quoted(jwt.claim("sub")) + " used for GCE metadata token: "
            + NOT_FOUND));
    return new Outcome(roleName, role, sa, gce);
  }

  /** {@code GetVerifiedInstance}: the instance exists, is running, and is not younger than the token says. */
  private GcpCloud.Instance verifiedInstance(Map<String, Object> gce, String project, String zone, String name) {
    String where = "error when attempting to find instance (project " + project + ", zone: " + zone + ", instance: "
        + name + ") :";
    GcpCloud.Instance i = cloud.instance(project, zone, name).orElseThrow(() -> DevException.badRequest(where
        + "unable to find instance associated with token: googleapi: Error 404: The resource 'projects/" + project
        + "/zones/" + zone + "/instances/" + name + "' was not found, notFound"));
    if (!List.of("PROVISIONING", "RUNNING", "STAGING").contains(i.status())) {
      throw DevException.badRequest(where + "authenticating instance " + i.name() + " found but has invalid status '"
          + i.status() + "'");
    }
    long claimed = gce.get("instance_creation_timestamp") instanceof Number n ? n.longValue() : 0;
    if (claimed - i.createdAt().getEpochSecond() < -1) {
      throw DevException.badRequest(where + "metadata instance_creation_timestamp " + i.createdAt().getEpochSecond()
          + " is before instance's creation time " + claimed);
    }
    return i;
  }

  /** {@code AuthorizeGCE}: labels, zone or region, instance groups, service account. Null when allowed. */
  String authorizeGce(GcpCloud.Instance i, GcpRole role, String serviceAccount) {
    for (Map.Entry<String, String> l : role.boundLabels().entrySet()) {
      if (!l.getValue().equals(i.labels().get(l.getKey()))) {
        return "instance missing bound label \"" + l.getKey() + ":" + l.getValue() + "\"";
      }
    }
    String region = i.zone().contains("-") ? i.zone().substring(0, i.zone().lastIndexOf('-')) : "";
    if (!role.boundZones().isEmpty()) {
      if (!role.boundZones().contains(i.zone())) {
        return "instance not in bound zones " + GoText.quoted(role.boundZones());
      }
    } else if (!role.boundRegions().isEmpty() && !role.boundRegions().contains(region)) {
      return "instance not in bound regions " + GoText.quoted(role.boundRegions());
    }
    if (!role.boundInstanceGroups().isEmpty()) {
      String refused = instanceGroups(i, role);
      if (refused != null) {
        return refused;
      }
    }
    if (!role.boundServiceAccounts().isEmpty()) {
      Optional<GcpCloud.ServiceAccount> sa = cloud.serviceAccount(serviceAccount);
      if (sa.isEmpty()) {
        return "could not find service account " + GoText.quoted(serviceAccount) + ": " + NOT_FOUND;
      }
      if (!role.boundServiceAccounts().contains(sa.get().email())
          && !role.boundServiceAccounts().contains(sa.get().uniqueId())) {
        return "service account " + GoText.quoted(sa.get().uniqueId()) + " (" + GoText.quoted(sa.get().email())
            + ") is not in bound service accounts " + GoText.quoted(role.boundServiceAccounts());
      }
    }
    return null;
  }

  private String instanceGroups(GcpCloud.Instance i, GcpRole role) {
    java.util.function.Predicate<String> inScope = role.boundZones().isEmpty()
        ? z -> role.boundRegions().stream().anyMatch(r -> z.startsWith(r + "-")) : role.boundZones()::contains;
    for (String group : role.boundInstanceGroups()) {
      if (!cloud.instanceGroupExists(i.projectId(), inScope, group)) {
        return "instance group " + GoText.quoted(group) + " does not exist in " + (role.boundZones().isEmpty()
            ? "regions " + GoText.quoted(role.boundRegions()) : "zones " + GoText.quoted(role.boundZones()))
            + " for project " + GoText.quoted(i.projectId());
      }
      if (i.instanceGroups().contains(group) && inScope.test(i.zone())) {
        return null;
      }
    }
    return "instance is not part of instance groups " + GoText.quoted(role.boundInstanceGroups());
  }

  /** The IAM API's answer for a service account, or Vault's 500 when it does not exist. */
  GcpCloud.ServiceAccount account(String emailOrId) {
    return cloud.serviceAccount(emailOrId).orElseThrow(() -> DevException.internal("could not find service account "
        + "'projects/-/serviceAccounts/" + emailOrId + "': " + NOT_FOUND));
  }

  /** The token metadata: Vault's default {@code iam_metadata} or {@code gce_metadata} fields, by role type. */
  static Map<String, String> metadata(Outcome o) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("project_id", o.account().projectId());
    m.put("role", o.roleName());
    m.put("service_account_email", o.account().email());
    m.put("service_account_id", o.account().uniqueId());
    if (o.role().type().equals("gce")) {
      m.put("instance_creation_timestamp", str(o.gce().get("instance_creation_timestamp")));
      m.put("instance_id", str(o.gce().get("instance_id")));
      m.put("instance_name", str(o.gce().get("instance_name")));
      m.put("project_id", str(o.gce().get("project_id")));
      m.put("project_number", str(o.gce().get("project_number")));
      m.put("zone", str(o.gce().get("zone")));
    }
    return m;
  }

  static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
