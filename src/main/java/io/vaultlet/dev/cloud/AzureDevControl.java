package io.vaultlet.dev.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Administration of the emulator's Azure tenant, under {@code /_dev/azure/} (no token, as every {@code /_dev}
 * control):
 *
 * <ul>
 *   <li>{@code POST vms} {@code {"name", "subscription_id", "resource_group_name", "location", "vmss_name",
 *       "orchestration", "system_assigned", "user_assigned"}}: creates or replaces a VM; answered with its identities
 *       and {@code imds_endpoint}, the value for {@code IMDS_ENDPOINT}. {@code GET} lists.
 *   <li>{@code POST apps}: registers an application (with a client secret, answered), or adds federated credentials
 *       ({@code federated: [{issuer, subject, audience, public_keys}]}) to it or to a user-assigned identity
 *       ({@code client_id}).
 *   <li>{@code GET tenant}: {@code tenant_id}, {@code issuer}, {@code resources}; {@code POST tenant
 *       {"resources": […]}} adds audiences.
 * </ul>
 */
public final class AzureDevControl extends StandIn {

  /** Where the administration is served. */
  public static final String PATH = "/_dev/azure/";

  private final AzureCloud cloud;

  public AzureDevControl(AzureCloud cloud) {
    super(PATH);
    this.cloud = cloud;
  }

  @Override
  Reply answer(Call call) {
    String path = call.path();
    try {
      if (path.equals("tenant")) {
        if (!call.method().equals("GET")) {
          Map<String, Object> body = call.json();
          if (body == null) {
            throw new IllegalArgumentException("error parsing JSON");
          }
          cloud.addResources(GcpEndpoints.strings(body.get("resources")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant_id", cloud.tenantId());
        out.put("issuer", cloud.issuer());
        out.put("resources", cloud.resources().stream().sorted().toList());
        return Reply.json(200, out);
      }
      if (path.equals("apps")) {
        return Reply.json(200, describe(putApp(call)));
      }
      if (path.equals("vms")) {
        if (call.method().equals("GET")) {
          List<Object> out = new ArrayList<>();
          cloud.vms().forEach(v -> out.add(withImds(cloud.describe(v), call)));
          return Reply.json(200, Map.of("vms", out));
        }
        return Reply.json(200, withImds(cloud.describe(putVm(call)), call));
      }
    } catch (IllegalArgumentException e) {
      return Reply.json(400, Map.of("errors", List.of(String.valueOf(e.getMessage()))));
    }
    return Reply.json(404, Map.of("errors", List.of()));
  }

  private AzureCloud.Vm putVm(Call call) {
    Map<String, Object> body = call.json();
    if (body == null) {
      throw new IllegalArgumentException("error parsing JSON");
    }
    String name = GcpEndpoints.str(body.get("name"));
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("name is required (a VM name, no slash)");
    }
    String sub = GcpEndpoints.str(body.get("subscription_id"));
    if (!sub.isEmpty() && !sub.matches("[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")) {
      throw new IllegalArgumentException("subscription_id must be a GUID (Vault refuses others), got " + sub);
    }
    String rg = GcpEndpoints.str(body.get("resource_group_name"));
    String vmss = GcpEndpoints.str(body.get("vmss_name"));
    boolean uniform = "uniform".equalsIgnoreCase(GcpEndpoints.str(body.get("orchestration")));
    if (!vmss.isEmpty() && !uniform && !name.startsWith(vmss + "_")) {
      throw new IllegalArgumentException("a VM in a flexible scale set is named <vmss_name>_<suffix>, as Azure names "
          + "them; got " + name + " in " + vmss);
    }
    Boolean system = GcpEndpoints.bool(body.get("system_assigned"));
    String location = GcpEndpoints.str(body.get("location"));
    return cloud.putVm(name, sub.isEmpty() ? UUID.randomUUID().toString() : sub, rg.isEmpty() ? "vaultlet-dev" : rg,
        location.isEmpty() ? "westeurope" : location, vmss, system == null || system,
        GcpEndpoints.strings(body.get("user_assigned")), uniform);
  }

  private AzureCloud.App putApp(Call call) {
    Map<String, Object> body = call.json();
    if (body == null) {
      throw new IllegalArgumentException("error parsing JSON");
    }
    List<AzureCloud.Federation> federations = new ArrayList<>();
    if (body.get("federated") instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> f)) {
          throw new IllegalArgumentException("federated must be a list of objects");
        }
        String issuer = GcpEndpoints.str(f.get("issuer"));
        String subject = GcpEndpoints.str(f.get("subject"));
        if (issuer.isEmpty() || subject.isEmpty()) {
          throw new IllegalArgumentException("a federated credential needs issuer and subject");
        }
        String audience = GcpEndpoints.str(f.get("audience"));
        List<java.security.PublicKey> keys = new ArrayList<>();
        for (String pem : GcpEndpoints.pems(f.get("public_keys"))) {
          try {
            keys.addAll(io.vaultlet.pki.Pem.parsePublicKeys(pem, "public_keys"));
          } catch (java.io.IOException e) {
            throw new IllegalArgumentException("public_keys: " + e.getMessage());
          }
        }
        if (keys.isEmpty()) {
          throw new IllegalArgumentException("a federated credential needs the issuer's public_keys (PEM)");
        }
        federations.add(new AzureCloud.Federation(issuer, subject, audience.isEmpty() ? "api://AzureADTokenExchange"
            : audience, List.copyOf(keys)));
      }
    }
    Boolean secret = GcpEndpoints.bool(body.get("secret"));
    return cloud.putApp(GcpEndpoints.str(body.get("client_id")), secret == null || secret, federations);
  }

  private Map<String, Object> describe(AzureCloud.App app) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("client_id", app.clientId());
    out.put("principal_id", app.principalId());
    out.put("client_secret", app.secret());
    out.put("federated", app.federations().stream().map(f -> Map.of("issuer", f.issuer(), "subject", f.subject(),
        "audience", f.audience())).toList());
    out.put("tenant_id", cloud.tenantId());
    return out;
  }

  private static Map<String, Object> withImds(Map<String, Object> vm, Call call) {
    vm.put("imds_endpoint", call.base() + AzureEndpoints.PREFIX + "imds/" + vm.get("name"));
    return vm;
  }
}
