package io.vaultlet.dev.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AzureCloud} over HTTP, under {@code /_azure/} on the emulator's listener (administration:
 * {@link AzureDevControl}):
 *
 * <ul>
 *   <li>{@code imds/<vm>/metadata/instance} and {@code imds/<vm>/metadata/identity/oauth2/token}: the VM's Instance
 *       Metadata Service ({@code IMDS_ENDPOINT=<address>/_azure/imds/<vm>} points a client at it). Both need
 *       the {@code Metadata: true} header and an {@code api-version}; tokens are RS256, signed with the tenant's key,
 *       for a resource the tenant knows ({@link AzureCloud#MANAGEMENT} unless more are added).
 *   <li>{@code login/<tenant>/.well-known/openid-configuration}, {@code login/common/discovery/keys}: the tenant's
 *       OpenID discovery document and keys, as {@code login.microsoftonline.com} publishes them;
 *       {@code login/<tenant>/oauth2/v2.0/token}: its token endpoint for applications ({@link AzureTokenEndpoint};
 *       {@code AZURE_AUTHORITY_HOST=<address>/_azure/login/}).
 * </ul>
 */
public final class AzureEndpoints extends StandIn {

  /** Where the stand-in is served. */
  public static final String PREFIX = "/_azure/";

  private final AzureCloud cloud;
  private final AzureTokenEndpoint tokens;

  public AzureEndpoints(AzureCloud cloud) {
    super(PREFIX);
    this.cloud = cloud;
    this.tokens = new AzureTokenEndpoint(cloud);
  }

  @Override
  Reply answer(Call call) {
    String path = call.path();
    if (path.startsWith("imds/")) {
      return imds(call, path.substring("imds/".length()));
    }
    if (path.startsWith("login/")) {
      return login(call, path.substring("login/".length()));
    }
    return Reply.text(404, "Not Found\n");
  }

  // ---- IMDS ----

  private Reply imds(Call call, String rest) {
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    Optional<AzureCloud.Vm> vm = cloud.vm(name);
    if (vm.isEmpty()) {
      return Reply.text(404, "vaultlet dev: no Azure VM \"" + name + "\" (create it with POST " + AzureDevControl.PATH
          + "vms)\n");
    }
    if (!"true".equalsIgnoreCase(call.header("Metadata"))) {
      return imdsError(400, "bad_request", "Required metadata header not specified");
    }
    if (call.query().getOrDefault("api-version", "").isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("error", "Bad request. api-version was not specified in the request. For more information refer to "
          + "aka.ms/azureimds");
      out.put("newest-versions", List.of("2023-07-01", "2021-12-13", "2021-11-15"));
      return Reply.json(400, out);
    }
    switch (path) {
      case "metadata/instance":
      case "metadata/instance/compute":
        Map<String, Object> compute = compute(vm.get());
        return Reply.json(200, path.endsWith("compute") ? compute : Map.of("compute", compute, "network",
            Map.of("interface", List.of())));
      case "metadata/identity/oauth2/token":
        return token(call, vm.get());
      default:
        return imdsError(404, "not_found", "Path not found");
    }
  }

  private static Map<String, Object> compute(AzureCloud.Vm vm) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("azEnvironment", "AzurePublicCloud");
    c.put("location", vm.host().location());
    c.put("name", vm.name());
    c.put("osType", "Linux");
    c.put("resourceGroupName", vm.host().resourceGroup());
    c.put("resourceId", vm.resourceId());
    c.put("subscriptionId", vm.host().subscriptionId());
    c.put("vmId", vm.vmId());
    c.put("vmScaleSetName", vm.scaleSet());
    c.put("vmSize", "Standard_B2s");
    return c;
  }

  private Reply token(Call call, AzureCloud.Vm vm) {
    String resource = call.query().getOrDefault("resource", "");
    if (resource.isEmpty()) {
      return imdsError(400, "invalid_request", "Required audience parameter not specified");
    }
    if (!cloud.resources().contains(resource)) {
      return imdsError(400, "invalid_resource", "AADSTS500011: The resource principal named " + resource
          + " was not found in the tenant named " + cloud.tenantId() + ". This can happen if the application has not "
          + "been installed by the administrator of the tenant or consented to by any user in the tenant.");
    }
    Optional<AzureCloud.Identity> chosen = choose(call, vm.host());
    if (chosen.isEmpty()) {
      boolean ambiguous = vm.host().systemAssigned() == null && vm.host().userAssigned().size() > 1
          && call.query().keySet().stream().noneMatch(k -> k.endsWith("_id"));
      return imdsError(400, "invalid_request", ambiguous ? "Multiple user assigned identities exist, please specify "
          + "the clientId / resourceId of the identity in the token request" : "Identity not found");
    }
    AzureCloud.Identity id = chosen.get();
    Instant now = cloud.now();
    long exp = now.plus(AzureCloud.TOKEN_TTL).getEpochSecond();
    String jwt = GcpEndpoints.secret(Jws.signRs256(header(), claims(vm, id, resource, now), cloud.key().privateKey()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_token", jwt);
    out.put("client_id", id.clientId());
    out.put("expires_in", String.valueOf(AzureCloud.TOKEN_TTL.toSeconds() - 1));
    out.put("expires_on", String.valueOf(exp));
    out.put("ext_expires_in", String.valueOf(AzureCloud.TOKEN_TTL.toSeconds() - 1));
    out.put("not_before", String.valueOf(now.getEpochSecond() - 300));
    out.put("resource", resource);
    out.put("token_type", "Bearer");
    return Reply.json(200, out);
  }

  /** The identity asked for ({@code client_id}, {@code object_id}/{@code principal_id}, {@code msi_res_id}). */
  private static Optional<AzureCloud.Identity> choose(Call call, AzureCloud.Host host) {
    List<AzureCloud.Identity> all = AzureCloud.identities(host);
    String clientId = call.query().getOrDefault("client_id", "");
    String objectId = call.query().getOrDefault("object_id", call.query().getOrDefault("principal_id", ""));
    String resId = call.query().getOrDefault("msi_res_id", call.query().getOrDefault("mi_res_id", ""));
    if (!clientId.isEmpty()) {
      return host.userAssigned().stream().filter(i -> i.clientId().equalsIgnoreCase(clientId)).findFirst();
    }
    if (!objectId.isEmpty()) {
      return host.userAssigned().stream().filter(i -> i.principalId().equalsIgnoreCase(objectId)).findFirst();
    }
    if (!resId.isEmpty()) {
      return host.userAssigned().stream().filter(i -> i.resourceId().equalsIgnoreCase(resId)).findFirst();
    }
    if (host.systemAssigned() != null) {
      return Optional.of(host.systemAssigned());
    }
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  private Map<String, Object> header() {
    SigningKey k = cloud.key();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("typ", "JWT");
    h.put("x5t", k.kid());
    h.put("kid", k.kid());
    return h;
  }

  /** A v1.0 managed-identity access token's claims, with the {@code xms_mirid}/{@code xms_az_rid} Vault checks. */
  private Map<String, Object> claims(AzureCloud.Vm vm, AzureCloud.Identity id, String resource, Instant now) {
    AzureCloud.Host host = vm.host();
    String compute = host.uniform() ? "/subscriptions/" + host.subscriptionId() + "/resourcegroups/"
        + host.resourceGroup() + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + host.name()
        : "/subscriptions/" + host.subscriptionId() + "/resourcegroups/" + host.resourceGroup()
            + "/providers/Microsoft.Compute/virtualMachines/" + vm.name();
    boolean system = id.equals(host.systemAssigned());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("aud", resource);
    c.put("iss", cloud.issuer());
    c.put("iat", now.getEpochSecond() - 300);
    c.put("nbf", now.getEpochSecond() - 300);
    c.put("exp", now.plus(AzureCloud.TOKEN_TTL).getEpochSecond());
    c.put("aio", GcpCloud.hex(12));
    c.put("appid", id.clientId());
    c.put("appidacr", "2");
    c.put("idp", cloud.issuer());
    c.put("idtyp", "app");
    c.put("oid", id.principalId());
    c.put("rh", "0.A" + GcpCloud.hex(8));
    c.put("sub", id.principalId());
    c.put("tid", cloud.tenantId());
    c.put("uti", GcpCloud.hex(11));
    c.put("ver", "1.0");
    if (system) {
      c.put("xms_mirid", compute);
    } else {
      c.put("xms_az_rid", compute);
      c.put("xms_mirid", id.resourceId());
    }
    return c;
  }

  private static Reply imdsError(int status, String error, String description) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", error);
    out.put("error_description", description);
    return Reply.json(status, out);
  }

  // ---- Entra ID discovery ----

  private Reply login(Call call, String path) {
    String base = call.base() + PREFIX + "login/";
    String[] parts = path.split("/", 2);
    String tenant = parts[0];
    String rest = parts.length > 1 ? parts[1] : "";
    if (rest.equals("oauth2/v2.0/token")) {
      return tokens.token(call, tenant);
    }
    if (rest.equals("discovery/keys") || rest.equals("discovery/v2.0/keys")) {
      if (!tenant.equals("common") && !tenant.equals(cloud.tenantId())) {
        return unknownTenant(tenant);
      }
      return Reply.json(200, Map.of("keys", List.of(cloud.key().jwk(true))));
    }
    if (rest.equals(".well-known/openid-configuration") || rest.equals("v2.0/.well-known/openid-configuration")) {
      if (!tenant.equals(cloud.tenantId())) {
        return unknownTenant(tenant);
      }
      boolean v2 = rest.startsWith("v2.0");
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("token_endpoint", base + tenant + (v2 ? "/oauth2/v2.0/token" : "/oauth2/token"));
      d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
          "client_secret_basic"));
      d.put("jwks_uri", base + (v2 ? tenant + "/discovery/v2.0/keys" : "common/discovery/keys"));
      d.put("response_types_supported", List.of("code", "id_token", "code id_token", "token id_token", "token"));
      d.put("subject_types_supported", List.of("pairwise"));
      d.put("id_token_signing_alg_values_supported", List.of("RS256"));
      d.put("issuer", v2 ? "https://login.microsoftonline.com/" + tenant + "/v2.0" : cloud.issuer());
      d.put("tenant_region_scope", "EU");
      return Reply.json(200, d);
    }
    return Reply.text(404, "Not Found\n");
  }

  private static Reply unknownTenant(String tenant) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", "invalid_tenant");
    out.put("error_description", "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you have the "
        + "correct tenant ID and are signing into the correct cloud.");
    out.put("error_codes", List.of(90002));
    return Reply.json(400, out);
  }

}
