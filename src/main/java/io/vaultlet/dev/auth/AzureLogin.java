package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.cloud.AzureCloud;
import io.vaultlet.dev.cloud.Jws;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code azure} login, as {@code vault-plugin-auth-azure}'s {@code pathLogin} with the same texts: the fields'
 * syntax; the access token through OpenID Connect (issuer, audience = the configured resource, expiry, RS256 signature
 * by the tenant's key); the role's principal and group bindings; then the resource: the token's {@code xms_mirid} /
 * {@code xms_az_rid} must name the VM (or scale set) and resource group, the token's {@code oid} must be one of its
 * managed identities, and the subscription, resource group and location must be bound. Where Vault asks Entra ID and
 * Azure Resource Manager, the emulator reads its {@link AzureCloud}.
 */
final class AzureLogin {

  private static final Pattern GUID = Pattern.compile("^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$");
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z]$|^[a-zA-Z][a-zA-Z0-9.\\-_]*[a-zA-Z0-9_]$");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("^[\\-_.()\\p{L}\\p{N}]*[\\-_()\\p{L}\\p{N}]$");
  private static final Duration NBF_LEEWAY = Duration.ofMinutes(5);
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final AzureCloud cloud;
  private final Clock clock;

  AzureLogin(AzureCloud cloud, Clock clock) {
    this.cloud = cloud;
    this.clock = clock;
  }

  /** The login's resource fields. */
  record Fields(String subscriptionId, String resourceGroup, String vmName, String vmssName, String resourceId) {}

  /** Who logged in: the token's object id and app id. */
  record Outcome(String objectId, String appId) {}

  /** Checks the fields' syntax ({@code validateAzureField}); 400 with Vault's text. */
  static void checkSyntax(Fields f) {
    if (!f.subscriptionId().isEmpty() && !GUID.matcher(f.subscriptionId()).matches()) {
      throw DevException.badRequest("invalid subscription id " + GoText.quoted(f.subscriptionId()));
    }
    if (!f.resourceGroup().isEmpty() && !RESOURCE_GROUP.matcher(f.resourceGroup()).matches()) {
      throw DevException.badRequest("invalid resource group name " + GoText.quoted(f.resourceGroup()));
    }
    if (!f.vmssName().isEmpty() && !NAME.matcher(f.vmssName()).matches()) {
      throw DevException.badRequest("invalid vmss_name " + GoText.quoted(f.vmssName()));
    }
    if (!f.vmName().isEmpty() && !NAME.matcher(f.vmName()).matches()) {
      throw DevException.badRequest("invalid vm name " + GoText.quoted(f.vmName()));
    }
  }

  Outcome login(String jwt, AzureRole role, Fields f, String tenantId, String resource) {
    if (tenantId.isEmpty()) {
      throw DevException.internal("tenant_id is required");
    }
    if (resource.isEmpty()) {
      throw DevException.internal("resource is required");
    }
    if (!tenantId.equals(cloud.tenantId())) {
      throw DevException.internal("400 Bad Request: {\"error\":\"invalid_tenant\",\"error_description\":"
          + "\"AADSTS90002: Tenant '" + tenantId + "' not found. Check to make sure you have the correct tenant ID "
          + "and are signing into the correct cloud.\",\"error_codes\":[90002]}");
    }
    Jws.Token token = verify(jwt, resource);
    String oid = str(token.claims().get("oid"));
    String appId = str(token.claims().get("appid"));
    verifyRole(token, role, oid);
    verifyResource(token, role, f, oid, appId);
    return new Outcome(oid, appId);
  }

  /** go-oidc's {@code IDTokenVerifier.Verify}: issuer, audience, expiry, not-before, algorithm, signature. */
  private Jws.Token verify(String jwt, String resource) {
    Jws.Token t;
    try {
      t = Jws.parse(jwt);
    } catch (Jws.Malformed e) {
      throw DevException.internal("oidc: malformed jwt: " + e.getMessage());
    }
    String iss = str(t.claims().get("iss"));
    if (!iss.equals(cloud.issuer())) {
      throw DevException.internal("oidc: id token issued by a different provider, expected "
          + GoText.quoted(cloud.issuer()) + " got " + GoText.quoted(iss));
    }
    if (!t.audiences().contains(resource)) {
      throw DevException.internal("oidc: expected audience " + GoText.quoted(resource) + " got "
          + GoText.quoted(t.audiences()));
    }
    Instant now = clock.instant();
    Long exp = t.time("exp");
    if (exp == null || Instant.ofEpochSecond(exp).isBefore(now)) {
      throw DevException.internal("oidc: token is expired (Token Expiry: "
          + GO_TIME.format(Instant.ofEpochSecond(exp == null ? 0 : exp)) + ")");
    }
    Long nbf = t.time("nbf");
    if (nbf != null && now.plus(NBF_LEEWAY).isBefore(Instant.ofEpochSecond(nbf))) {
      throw DevException.internal("oidc: current time " + GO_TIME.format(now) + " before the nbf (not before) time: "
          + GO_TIME.format(Instant.ofEpochSecond(nbf)));
    }
    if (!"RS256".equals(t.alg())) {
      throw DevException.internal("oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got "
          + GoText.quoted(t.alg()));
    }
    Optional<PublicKey> key = cloud.signingKey(t.kid());
    if (key.isEmpty() || !t.verifiedBy(key.get())) {
      throw DevException.internal("failed to verify signature: failed to verify id token signature");
    }
    return t;
  }

  /** {@code additionalClaims.verifyRole}. */
  private void verifyRole(Jws.Token t, AzureRole role, String oid) {
    Long nbf = t.time("nbf");
    if (nbf != null && Instant.ofEpochSecond(nbf).isAfter(clock.instant())) {
      throw DevException.internal("token is not yet valid (Token Not Before: " + GO_TIME.format(
          Instant.ofEpochSecond(nbf)) + ")");
    }
    List<String> sps = role.boundServicePrincipalIds();
    List<String> groups = role.boundGroupIds();
    boolean spWildcard = sps.size() == 1 && sps.get(0).equals("*");
    boolean groupWildcard = groups.size() == 1 && groups.get(0).equals("*");
    if (spWildcard && groupWildcard || sps.isEmpty() && groups.isEmpty()) {
      throw DevException.internal("expected specific bound_group_ids or bound_service_principal_ids; both cannot be "
          + "empty or '*'");
    }
    if (!spWildcard && !sps.isEmpty() && !sps.contains(oid)) {
      throw DevException.internal("service principal not authorized: " + oid);
    }
    if (!groupWildcard && !groups.isEmpty()) {
      List<String> tokenGroups = new ArrayList<>();
      if (t.claims().get("groups") instanceof List<?> l) {
        l.forEach(g -> tokenGroups.add(String.valueOf(g)));
      }
      if (tokenGroups.stream().noneMatch(groups::contains)) {
        throw DevException.internal("groups not authorized: " + GoText.plain(tokenGroups));
      }
    }
  }

  /** {@code verifyResource}. */
  private void verifyResource(Jws.Token t, AzureRole role, Fields f, String oid, String appId) {
    if (role.boundResourceGroups().isEmpty() && role.boundSubscriptionIds().isEmpty()
        && role.boundLocations().isEmpty() && role.boundScaleSets().isEmpty()) {
      return;
    }
    if (f.subscriptionId().isEmpty() || f.resourceGroup().isEmpty()) {
      throw DevException.internal("subscription_id and resource_group_name are required");
    }
    String mirid = str(t.claims().get("xms_mirid"));
    String azrid = str(t.claims().get("xms_az_rid"));
    String location = null;
    Set<String> principals = new HashSet<>();
    if (!f.vmssName().isEmpty()) {
      verifyVmss(mirid, azrid, f.vmssName());
      AzureCloud.Host set = cloud.scaleSet(f.subscriptionId(), f.resourceGroup(), f.vmssName()).orElseThrow(() ->
          DevException.internal("unable to retrieve virtual machine scale set metadata: " + armNotFound(f,
              "virtualMachineScaleSets/" + f.vmssName())));
      if (!role.boundScaleSets().isEmpty() && !role.boundScaleSets().contains(f.vmssName())) {
        throw DevException.internal("scale set not authorized");
      }
      location = set.location();
      AzureCloud.identities(set).forEach(i -> principals.add(i.principalId()));
    } else if (!f.vmName().isEmpty()) {
      String err = xmsClaims(mirid, azrid, "/virtualMachines/%s", "vm_name", f.vmName());
      if (err != null) {
        throw DevException.internal(err);
      }
      AzureCloud.Vm vm = cloud.virtualMachine(f.subscriptionId(), f.resourceGroup(), f.vmName()).orElseThrow(() ->
          DevException.internal("unable to retrieve virtual machine metadata: " + armNotFound(f,
              "virtualMachines/" + f.vmName())));
      location = vm.host().location();
      if (!role.boundScaleSets().isEmpty()) {
        throw DevException.internal("bound scale set defined but this vm isn't in a scale set");
      }
      AzureCloud.identities(vm.host()).forEach(i -> principals.add(i.principalId()));
    } else if (!f.resourceId().isEmpty()) {
      if (!role.boundScaleSets().isEmpty()) {
        throw DevException.internal("scale set requires the vmss_name field to be set");
      }
      AzureCloud.Vm vm = cloud.vms().stream().filter(v -> v.resourceId().equalsIgnoreCase(f.resourceId()))
          .findFirst().orElseThrow(() -> DevException.internal("unable to retrieve user assigned identity metadata: "
              + "RESPONSE 404: 404 Not Found\nERROR CODE: ResourceNotFound"));
      location = vm.host().location();
      AzureCloud.identities(vm.host()).forEach(i -> principals.add(i.principalId()));
    } else if (appId.isEmpty()) {
      throw DevException.internal("one of vm_name, vmss_name, resource_id, or an appid JWT claim must be provided");
    }
    verifyResourceGroup(mirid, azrid, f);
    boolean wifMatch = false;
    if (!principals.contains(oid)) {
      if (appId.isEmpty()) {
        throw DevException.internal("token object id does not match expected identities, and no app id was found");
      }
      List<String> groups = new ArrayList<>(List.of(f.resourceGroup()));
      groups.addAll(role.boundResourceGroups());
      if (!cloud.userAssignedClientIds(f.subscriptionId(), groups).contains(appId)) {
        throw DevException.internal("neither token object id nor token app id match expected identities");
      }
      wifMatch = true;
    }
    if (!role.boundSubscriptionIds().isEmpty() && !role.boundSubscriptionIds().contains(f.subscriptionId())) {
      throw DevException.internal("subscription not authorized");
    }
    if (!wifMatch && !role.boundResourceGroups().isEmpty()
        && !role.boundResourceGroups().contains(f.resourceGroup())) {
      throw DevException.internal("resource group not authorized");
    }
    if (!role.boundLocations().isEmpty()) {
      if (location == null) {
        throw DevException.internal("location is empty");
      }
      if (!role.boundLocations().contains(location)) {
        throw DevException.internal("location not authorized");
      }
    }
  }

  private static void verifyVmss(String mirid, String azrid, String vmss) {
    String flexible = xmsClaims(mirid, azrid, "/virtualMachines/%s_", "vmss_name", vmss);
    if (flexible == null) {
      return;
    }
    String uniform = xmsClaims(mirid, azrid, "/virtualMachineScaleSets/%s", "vmss_name", vmss);
    if (uniform != null) {
      throw DevException.internal("failed to verify flexible vmss claim: " + flexible
          + "\nfailed to verify uniform vmss claim: " + uniform);
    }
  }

  private static void verifyResourceGroup(String mirid, String azrid, Fields f) {
    if (f.vmssName().isEmpty() && f.vmName().isEmpty()) {
      if (!containsIgnoreCase(f.resourceId(), "/resourcegroups/" + f.resourceGroup())) {
        throw DevException.internal("provided resource_id does not match resource_group_name");
      }
      return;
    }
    String err = xmsClaims(mirid, azrid, "/resourcegroups/%s", "resource_group_name", f.resourceGroup());
    if (err != null) {
      throw DevException.internal(err);
    }
  }

  /** {@code verifyXMSClaims}: null when the pattern is in one of the claims, else the joined reasons. */
  private static String xmsClaims(String mirid, String azrid, String pattern, String key, String value) {
    if (mirid.isEmpty() && azrid.isEmpty()) {
      return "xms_az_rid and xms_mirid claims are missing from token";
    }
    String needle = String.format(pattern, value);
    List<String> errs = new ArrayList<>();
    if (!azrid.isEmpty()) {
      if (containsIgnoreCase(azrid, needle)) {
        return null;
      }
      errs.add("xms_az_rid token claim does not match " + key + " " + value);
    }
    if (containsIgnoreCase(mirid, needle)) {
      return null;
    }
    errs.add("xms_mirid token claim does not match " + key + " " + value);
    return String.join("\n", errs);
  }

  private static boolean containsIgnoreCase(String a, String b) {
    return !a.isEmpty() && !b.isEmpty() && a.toLowerCase(Locale.ROOT).contains(b.toLowerCase(Locale.ROOT));
  }

  private static String armNotFound(Fields f, String resource) {
    return "GET https://management.azure.com/subscriptions/" + f.subscriptionId() + "/resourceGroups/"
        + f.resourceGroup() + "/providers/Microsoft.Compute/" + resource + "\nRESPONSE 404: 404 Not Found\n"
        + "ERROR CODE: ResourceNotFound";
  }

  static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  static Map<String, String> metadata(String role, Fields f, String appId) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("resource_group_name", f.resourceGroup());
    m.put("role", role);
    m.put("subscription_id", f.subscriptionId());
    if (!f.vmName().isEmpty()) {
      m.put("vm_name", f.vmName());
    }
    if (!f.vmssName().isEmpty()) {
      m.put("vmss_name", f.vmssName());
    }
    if (!f.resourceId().isEmpty()) {
      m.put("resource_id", f.resourceId());
    }
    if (!appId.isEmpty()) {
      m.put("app_id", appId);
    }
    return m;
  }
}
