package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.TestJwt;
import io.vaultlet.testing.VaultHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's {@code azure} auth method over HTTP, fed with managed-identity tokens from the Azure stand-in's IMDS,
 * and refusing what Vault refuses (a wrong audience, an expired or forged token, unbound identities, subscriptions
 * and resource groups) with Vault's texts, as 500s in Vault's multierror form where Vault returns a plain error.
 */
class AzureAuthHttpTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String SUB = "6a3e2d1c-0b9a-4f8e-8d7c-6b5a4f3e2d1c";

  private DevServer vault;
  private VaultHttp root;
  private VaultHttp anonymous;
  private CloudStandIns cloud;
  private String principal;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().clockStart(START).clockSpeed(0).noPostgres(true).build());
    root = new VaultHttp(vault.address(), vault.rootToken());
    anonymous = root.withToken(null);
    cloud = new CloudStandIns(vault.address());
    Map<String, Object> vm = cloud.azureVm(Map.of("name", "web-1", "subscription_id", SUB,
        "resource_group_name", "rg-web", "location", "westeurope"));
    principal = (String) ((Map<String, Object>) vm.get("system_assigned")).get("principal_id");
    root.write("sys/auth/azure", Map.of("type", "azure"));
    root.write("auth/azure/config", Map.of("tenant_id", cloud.azureTenant().get("tenant_id"),
        "resource", "https://management.azure.com/", "client_id", "c", "client_secret", "s3cr3t-azure-client"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private String imdsToken(String vm, String resource) {
    CloudStandIns.Response r = cloud.get("/_azure/imds/" + vm + "/metadata/identity/oauth2/token?api-version="
        + "2018-02-01&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8), Map.of("Metadata", "true"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return (String) r.json().get("access_token");
  }

  private VaultHttp.Response login(String role, String jwt, String vmName, String rg) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    body.put("subscription_id", SUB);
    body.put("resource_group_name", rg);
    body.put("vm_name", vmName);
    body.put("vmss_name", "");
    return anonymous.post("auth/azure/login", body);
  }

  private static void failed(VaultHttp.Response r, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(500);
    assertThat(r.errors()).containsExactly("1 error occurred:\n\t* " + message + "\n\n");
  }

  @Test
  void aManagedIdentityLoginGetsTheRolesTokenAndVaultsMetadata() {
    root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", principal, "bound_subscription_ids", SUB,
        "bound_resource_groups", "rg-web", "bound_locations", "westeurope", "token_policies", "web",
        "token_ttl", "30m"));
    VaultHttp.Response r = login("web", imdsToken("web-1", "https://management.azure.com/"), "web-1", "rg-web");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.auth()).containsEntry("policies", List.of("default", "web")).containsEntry("lease_duration", 1800);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) r.auth().get("metadata");
    assertThat(meta).containsEntry("role", "web").containsEntry("subscription_id", SUB)
        .containsEntry("resource_group_name", "rg-web").containsEntry("vm_name", "web-1").containsKey("app_id");
    String token = (String) r.auth().get("client_token");
    assertThat(root.withToken(token).get("auth/token/lookup-self").data())
        .containsEntry("display_name", "azure-" + principal);
    assertThat(root.get("auth/azure/config").data()).doesNotContainKey("client_secret")
        .containsEntry("resource", "https://management.azure.com/");
  }

  @Test
  void tokensAreVerifiedAsGoOidcVerifiesThem() {
    root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", principal));
    cloud.azureResources(List.of("https://vault.example.com/"));
    failed(login("web", imdsToken("web-1", "https://vault.example.com/"), "web-1", "rg-web"),
        "oidc: expected audience \"https://management.azure.com/\" got [\"https://vault.example.com/\"]");
    String token = imdsToken("web-1", "https://management.azure.com/");
    failed(login("web", TestJwt.tamper(token, "oid", UUID.randomUUID().toString()), "web-1", "rg-web"),
        "failed to verify signature: failed to verify id token signature");
    failed(login("web", TestJwt.tamper(token, "iss", "https://sts.windows.net/other/"), "web-1", "rg-web"),
        "oidc: id token issued by a different provider, expected \"" + cloud.azureTenant().get("issuer")
            + "\" got \"https://sts.windows.net/other/\"");
    vault.advanceClock(Duration.ofHours(25));
    failed(login("web", token, "web-1", "rg-web"), "oidc: token is expired (Token Expiry: 2026-01-02 00:00:00 "
        + "+0000 UTC)");

    root.write("auth/azure/config", Map.of("tenant_id", UUID.randomUUID().toString()));
    VaultHttp.Response wrongTenant = login("web", imdsToken("web-1", "https://management.azure.com/"), "web-1",
        "rg-web");
    assertThat(wrongTenant.status()).isEqualTo(500);
    assertThat(wrongTenant.errors().get(0)).contains("AADSTS90002");
  }

  @Test
  void bindingsAreCheckedWithVaultsTexts() {
    String token = imdsToken("web-1", "https://management.azure.com/");
    root.write("auth/azure/role/sp", Map.of("bound_service_principal_ids", UUID.randomUUID().toString()));
    failed(login("sp", token, "web-1", "rg-web"), "service principal not authorized: " + principal);
    root.write("auth/azure/role/sub", Map.of("bound_service_principal_ids", "*",
        "bound_subscription_ids", UUID.randomUUID().toString(), "bound_group_ids", "g-1"));
    failed(login("sub", token, "web-1", "rg-web"), "groups not authorized: []");
    root.write("auth/azure/role/sub", Map.of("bound_service_principal_ids", principal,
        "bound_subscription_ids", UUID.randomUUID().toString()));
    failed(login("sub", token, "web-1", "rg-web"), "subscription not authorized");
    root.write("auth/azure/role/rg", Map.of("bound_service_principal_ids", principal,
        "bound_resource_groups", "rg-other"));
    failed(login("rg", token, "web-1", "rg-web"), "resource group not authorized");
    root.write("auth/azure/role/loc", Map.of("bound_service_principal_ids", principal, "bound_locations", "eastus"));
    failed(login("loc", token, "web-1", "rg-web"), "location not authorized");
    failed(login("rg", token, "web-2", "rg-web"), "xms_mirid token claim does not match vm_name web-2");
    VaultHttp.Response elsewhere = login("rg", token, "web-1", "rg-other");
    assertThat(elsewhere.status()).isEqualTo(500);
    assertThat(elsewhere.errors().get(0)).contains("unable to retrieve virtual machine metadata: GET "
        + "https://management.azure.com/subscriptions/" + SUB + "/resourceGroups/rg-other/providers/Microsoft.Compute/"
        + "virtualMachines/web-1\nRESPONSE 404: 404 Not Found");
    root.write("auth/azure/role/only-sub", Map.of("bound_subscription_ids", SUB));
    failed(login("only-sub", token, "web-1", "rg-web"), "expected specific bound_group_ids or "
        + "bound_service_principal_ids; both cannot be empty or '*'");

    cloud.azureVm(Map.of("name", "web-2", "subscription_id", SUB, "resource_group_name", "rg-web"));
    root.write("auth/azure/role/any", Map.of("bound_service_principal_ids", "*", "bound_resource_groups", "rg-web"));
    failed(login("any", imdsToken("web-2", "https://management.azure.com/"), "web-1", "rg-web"),
        "xms_mirid token claim does not match vm_name web-1");
    assertThat(login("any", imdsToken("web-2", "https://management.azure.com/"), "web-2", "rg-web").status())
        .isEqualTo(200);
    assertThat(anonymous.post("auth/azure/login", Map.of("role", "rg", "jwt", token, "subscription_id", "nope"))
        .errors()).containsExactly("invalid subscription id \"nope\"");
    assertThat(anonymous.post("auth/azure/login", Map.of("role", "ghost", "jwt", token)).errors())
        .containsExactly("invalid role name \"ghost\"");
    assertThat(root.post("auth/azure/role/empty", Map.of("token_policies", "x")).errors())
        .containsExactly("must have at least one bound constraint when creating/updating a role");
  }

  @Test
  @SuppressWarnings("unchecked")
  void scaleSetLoginsAreBoundToTheSetAndItsIdentity() {
    Map<String, Object> vm = cloud.azureVm(Map.of("name", "pool_0a1b2c3d", "vmss_name", "pool",
        "subscription_id", SUB, "resource_group_name", "rg-pool", "location", "westeurope"));
    String setPrincipal = (String) ((Map<String, Object>) vm.get("system_assigned")).get("principal_id");
    root.write("auth/azure/role/pool", Map.of("bound_service_principal_ids", setPrincipal,
        "bound_scale_sets", "pool"));
    String token = imdsToken("pool_0a1b2c3d", "https://management.azure.com/");
    Map<String, Object> body = new LinkedHashMap<>(Map.of("role", "pool", "jwt", token, "subscription_id", SUB,
        "resource_group_name", "rg-pool", "vm_name", "pool_0a1b2c3d", "vmss_name", "pool"));
    VaultHttp.Response ok = anonymous.post("auth/azure/login", body);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat((Map<String, Object>) ok.auth().get("metadata")).containsEntry("vmss_name", "pool");

    root.write("auth/azure/role/other-set", Map.of("bound_service_principal_ids", setPrincipal,
        "bound_scale_sets", "web"));
    body.put("role", "other-set");
    failed(anonymous.post("auth/azure/login", body), "scale set not authorized");
    body.put("role", "pool");
    body.put("vmss_name", "");
    failed(anonymous.post("auth/azure/login", body), "bound scale set defined but this vm isn't in a scale set");
  }
}
