package io.vaultlet.dev.cloud;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Azure a {@code vaultlet dev} emulator pretends to live in: one Entra ID tenant with its token-signing key and
 * the resources it issues tokens for, and virtual machines (alone or in scale sets) with system- and user-assigned
 * managed identities. {@link AzureEndpoints} serves each VM's Instance Metadata Service and the tenant's OpenID
 * discovery and keys; the emulator's {@code azure} auth method reads the same state where Vault would call Entra ID
 * and Azure Resource Manager.
 */
public final class AzureCloud {

  /** Azure Resource Manager, the resource Vault's {@code azure} auth is usually configured with. */
  public static final String MANAGEMENT = "https://management.azure.com/";
  static final Duration TOKEN_TTL = Duration.ofHours(24);

  /** A managed identity: its service principal's object id ({@code oid}) and its client id ({@code appid}). */
  public record Identity(String principalId, String clientId, String resourceId) {}

  /**
   * Where identities live: a standalone VM, or a scale set whose identities its VMs share.
   *
   * @param subscriptionId the subscription
   * @param resourceGroup the resource group
   * @param name the VM or scale set name
   * @param location e.g. {@code westeurope}
   * @param systemAssigned the system-assigned identity, or null
   * @param userAssigned user-assigned identities
   * @param uniform for a scale set: uniform orchestration (else flexible)
   */
  public record Host(String subscriptionId, String resourceGroup, String name, String location,
      Identity systemAssigned, List<Identity> userAssigned, boolean uniform) {}

  /**
   * A virtual machine.
   *
   * @param name the VM name (also its IMDS path segment)
   * @param vmId the VM's unique id
   * @param scaleSet the scale set's name, or empty
   * @param host the VM itself, or its scale set: where its identities and location are
   */
  public record Vm(String name, String vmId, String scaleSet, Host host) {

    public String resourceId() {
      return "/subscriptions/" + host.subscriptionId() + "/resourceGroups/" + host.resourceGroup()
          + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }
  }

  /**
   * A federated identity credential: assertions from {@code issuer} about {@code subject} for {@code audience},
   * verified with the issuer's public keys (the stand-in does not fetch them: they are registered with it).
   */
  public record Federation(String issuer, String subject, String audience, List<PublicKey> keys) {}

  /**
   * An application (or a user-assigned identity used as one) that gets tokens with the client-credentials grant.
   *
   * @param clientId its client (application) id, the token's {@code appid}
   * @param principalId its service principal's object id, the token's {@code oid}
   * @param secret its client secret, or empty
   * @param federations federated credentials (workload identity)
   */
  public record App(String clientId, String principalId, String secret, List<Federation> federations) {}

  private final Clock clock;
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final String tenantId = UUID.randomUUID().toString();
  private final Set<String> resources = ConcurrentHashMap.newKeySet();
  private final Map<String, Vm> vms = new ConcurrentHashMap<>();
  private final Map<String, Host> scaleSets = new ConcurrentHashMap<>();
  private volatile SigningKey key;

  public AzureCloud(Clock clock) {
    this.clock = clock;
    resources.add(MANAGEMENT);
  }

  Instant now() {
    return clock.instant();
  }

  public String tenantId() {
    return tenantId;
  }

  /** {@code https://sts.windows.net/<tenant>/}, the issuer of v1.0 access tokens. */
  public String issuer() {
    return "https://sts.windows.net/" + tenantId + "/";
  }

  /** Adds resources (audiences) the tenant issues tokens for; {@link #MANAGEMENT} is always one. */
  public void addResources(List<String> more) {
    resources.addAll(more);
  }

  public Set<String> resources() {
    return Set.copyOf(resources);
  }

  /** The tenant's token-signing key, made on first use; its key id is the certificate's thumbprint. */
  SigningKey key() {
    SigningKey k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          key = SigningKey.generate(null, "accounts.accesscontrol.windows.net", now());
        }
        k = key;
      }
    }
    return k;
  }

  /** The tenant's public key with this key id ({@code kid} header). */
  public Optional<PublicKey> signingKey(String kid) {
    SigningKey k = key();
    return k.kid().equals(kid) ? Optional.of(k.publicKey()) : Optional.empty();
  }

  // ---- administration ----

  /**
   * Creates or replaces a VM. A VM in a scale set shares the set's identities and location (the set is created with
   * the first VM that names it; later VMs may not change it).
   */
  public synchronized Vm putVm(String name, String subscriptionId, String resourceGroup, String location,
      String scaleSet, boolean systemAssigned, List<String> userAssignedNames, boolean uniform) {
    Host host;
    if (!scaleSet.isEmpty()) {
      String setKey = key(subscriptionId, resourceGroup, scaleSet);
      host = scaleSets.get(setKey);
      if (host == null) {
        host = newHost(subscriptionId, resourceGroup, scaleSet, location, systemAssigned, userAssignedNames,
            uniform, "virtualMachineScaleSets");
        scaleSets.put(setKey, host);
      }
    } else {
      host = newHost(subscriptionId, resourceGroup, name, location, systemAssigned, userAssignedNames, false,
          "virtualMachines");
    }
    Vm old = vms.get(name);
    Vm vm = new Vm(name, old == null ? UUID.randomUUID().toString() : old.vmId(), scaleSet, host);
    vms.put(name, vm);
    return vm;
  }

  private Host newHost(String sub, String rg, String name, String location, boolean system, List<String> users,
      boolean uniform, String type) {
    String hostId = "/subscriptions/" + sub + "/resourcegroups/" + rg + "/providers/Microsoft.Compute/" + type + "/"
        + name;
    Identity sys = system ? new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), hostId) : null;
    List<Identity> user = new ArrayList<>();
    for (String u : new LinkedHashSet<>(users)) {
      user.add(new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "/subscriptions/" + sub
          + "/resourcegroups/" + rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + u));
    }
    return new Host(sub, rg, name, location, sys, List.copyOf(user), uniform);
  }

  /**
   * Registers an application, or adds to an existing one (by client id, which may be a user-assigned identity's):
   * a new secret when {@code secret} is set, and federated credentials.
   */
  public synchronized App putApp(String clientId, boolean secret, List<Federation> federations) {
    App old = clientId.isEmpty() ? null : apps.get(clientId);
    String id = clientId.isEmpty() ? UUID.randomUUID().toString() : clientId;
    String principal = old != null ? old.principalId() : identityByClientId(id).map(Identity::principalId)
        .orElse(UUID.randomUUID().toString());
    String value = secret ? "vlt~" + GcpCloud.hex(20) : old == null ? "" : old.secret();
    if (!value.isEmpty()) {
      io.vaultlet.support.Redactor.register(value);
    }
    List<Federation> all = new ArrayList<>(old == null ? List.of() : old.federations());
    all.addAll(federations);
    App app = new App(id, principal, value, List.copyOf(all));
    apps.put(id, app);
    return app;
  }

  Optional<App> app(String clientId) {
    return Optional.ofNullable(apps.get(clientId));
  }

  private Optional<Identity> identityByClientId(String clientId) {
    List<Host> hosts = new ArrayList<>(scaleSets.values());
    vms.values().forEach(v -> hosts.add(v.host()));
    return hosts.stream().flatMap(h -> identities(h).stream()).filter(i -> i.clientId().equals(clientId)).findFirst();
  }

  public List<Vm> vms() {
    return vms.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  Optional<Vm> vm(String name) {
    return Optional.ofNullable(vms.get(name));
  }

  // ---- what Azure Resource Manager would answer ----

  /**
   * The VM {@code name} in that subscription and resource group (names compared as Azure does: ignoring case); VMs of
   * a flexible scale set are VMs too, those of a uniform one are not.
   */
  public Optional<Vm> virtualMachine(String subscriptionId, String resourceGroup, String name) {
    return vms.values().stream().filter(v -> !v.host().uniform() && v.name().equalsIgnoreCase(name)
        && v.host().subscriptionId().equalsIgnoreCase(subscriptionId)
        && v.host().resourceGroup().equalsIgnoreCase(resourceGroup)).findFirst();
  }

  /** The scale set {@code name} in that subscription and resource group. */
  public Optional<Host> scaleSet(String subscriptionId, String resourceGroup, String name) {
    return Optional.ofNullable(scaleSets.get(key(subscriptionId, resourceGroup, name)));
  }

  /**
   * The client ids of the user-assigned identities in those resource groups of a subscription (what Vault lists with
   * the MSI client for workload-identity logins).
   */
  public Set<String> userAssignedClientIds(String subscriptionId, List<String> resourceGroups) {
    Set<String> out = new LinkedHashSet<>();
    List<Host> hosts = new ArrayList<>(scaleSets.values());
    vms.values().forEach(v -> hosts.add(v.host()));
    for (Host h : hosts) {
      boolean inScope = h.subscriptionId().equalsIgnoreCase(subscriptionId)
          && resourceGroups.stream().anyMatch(rg -> rg.equalsIgnoreCase(h.resourceGroup()));
      if (inScope) {
        h.userAssigned().forEach(i -> out.add(i.clientId()));
      }
    }
    return out;
  }

  /** Every identity of a host, system-assigned first. */
  public static List<Identity> identities(Host host) {
    List<Identity> out = new ArrayList<>();
    if (host.systemAssigned() != null) {
      out.add(host.systemAssigned());
    }
    out.addAll(host.userAssigned());
    return out;
  }

  Map<String, Object> describe(Vm vm) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", vm.name());
    out.put("vm_id", vm.vmId());
    out.put("subscription_id", vm.host().subscriptionId());
    out.put("resource_group_name", vm.host().resourceGroup());
    out.put("location", vm.host().location());
    out.put("vmss_name", vm.scaleSet());
    out.put("resource_id", vm.resourceId());
    Identity sys = vm.host().systemAssigned();
    out.put("system_assigned", sys == null ? null : identity(sys));
    List<Object> users = new ArrayList<>();
    vm.host().userAssigned().forEach(u -> users.add(identity(u)));
    out.put("user_assigned", users);
    out.put("tenant_id", tenantId);
    return out;
  }

  private static Map<String, Object> identity(Identity i) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("principal_id", i.principalId());
    out.put("client_id", i.clientId());
    out.put("resource_id", i.resourceId());
    return out;
  }

  private static String key(String sub, String rg, String name) {
    return (sub + "/" + rg + "/" + name).toLowerCase(java.util.Locale.ROOT);
  }
}
