package io.vaultlet.dev.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.TestJwt;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Azure stand-in over HTTP as a client and Vault see it: IMDS's header and version rules, the VM's compute
 * metadata, managed-identity tokens (which identity, which resource) with the claims Vault checks, and the tenant's
 * OpenID discovery and keys, with which the tokens verify (checked here with the JDK alone).
 */
class AzureStandInTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String SUB = "6a3e2d1c-0b9a-4f8e-8d7c-6b5a4f3e2d1c";

  private DevServer vault;
  private CloudStandIns cloud;
  private Map<String, Object> vm;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().clockStart(START).clockSpeed(0).noPostgres(true).build());
    cloud = new CloudStandIns(vault.address());
    vm = cloud.azureVm(Map.of("name", "web-1", "subscription_id", SUB, "resource_group_name", "rg-web",
        "location", "westeurope", "user_assigned", List.of("web-identity")));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private CloudStandIns.Response imds(String vmName, String pathAndQuery, boolean header) {
    return cloud.get("/_azure/imds/" + vmName + "/metadata/" + pathAndQuery,
        header ? Map.of("Metadata", "true") : Map.of());
  }

  private static String token(String resource, String extra) {
    return "identity/oauth2/token?api-version=2018-02-01&resource=" + URLEncoder.encode(resource,
        StandardCharsets.UTF_8) + extra;
  }

  @Test
  void imdsWantsItsHeaderAndAVersionAndServesTheComputeMetadata() {
    assertThat(imds("web-1", "instance?api-version=2018-02-01", false).json())
        .containsEntry("error_description", "Required metadata header not specified");
    assertThat(imds("web-1", "instance", true).status()).isEqualTo(400);
    @SuppressWarnings("unchecked")
    Map<String, Object> compute = (Map<String, Object>) imds("web-1", "instance?api-version=2018-02-01", true).json()
        .get("compute");
    assertThat(compute).containsEntry("name", "web-1").containsEntry("subscriptionId", SUB)
        .containsEntry("resourceGroupName", "rg-web").containsEntry("vmScaleSetName", "")
        .containsEntry("location", "westeurope");
  }

  @Test
  @SuppressWarnings("unchecked")
  void managedIdentityTokensAreSignedByTheTenantsPublishedKeyForAKnownResource() {
    Map<String, Object> tenant = cloud.azureTenant();
    CloudStandIns.Response answer = imds("web-1", token("https://management.azure.com/", ""), true);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).containsEntry("resource", "https://management.azure.com/")
        .containsEntry("token_type", "Bearer").containsEntry("expires_in", "86399");
    String jwt = (String) answer.json().get("access_token");
    Map<String, Object> system = (Map<String, Object>) vm.get("system_assigned");
    assertThat(TestJwt.claims(jwt)).containsEntry("aud", "https://management.azure.com/")
        .containsEntry("iss", "https://sts.windows.net/" + tenant.get("tenant_id") + "/")
        .containsEntry("oid", system.get("principal_id")).containsEntry("appid", system.get("client_id"))
        .containsEntry("xms_mirid", "/subscriptions/" + SUB
            + "/resourcegroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-1");

    Map<String, Object> discovery = cloud.get("/_azure/login/" + tenant.get("tenant_id")
        + "/.well-known/openid-configuration", Map.of()).json();
    assertThat(discovery).containsEntry("issuer", tenant.get("issuer"));
    String jwksPath = discovery.get("jwks_uri").toString().substring(vault.address().length());
    Map<String, Object> key = ((List<Map<String, Object>>) cloud.get(jwksPath, Map.of()).json().get("keys")).get(0);
    assertThat(key).containsEntry("kid", TestJwt.header(jwt).get("kid"));
    assertThat(TestJwt.verifies(jwt, TestJwt.jwkKey(key))).isTrue();
    assertThat(cloud.get("/_azure/login/" + java.util.UUID.randomUUID() + "/.well-known/openid-configuration",
        Map.of()).json()).containsEntry("error", "invalid_tenant");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theIdentityIsChosenByClientOrObjectIdAndUnknownOnesAreRefused() {
    Map<String, Object> user = ((List<Map<String, Object>>) vm.get("user_assigned")).get(0);
    String byClient = (String) imds("web-1", token("https://management.azure.com/", "&client_id="
        + user.get("client_id")), true).json().get("access_token");
    assertThat(TestJwt.claims(byClient)).containsEntry("oid", user.get("principal_id"))
        .containsEntry("xms_mirid", user.get("resource_id"))
        .containsEntry("xms_az_rid", "/subscriptions/" + SUB
            + "/resourcegroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-1");
    String byObject = (String) imds("web-1", token("https://management.azure.com/", "&object_id="
        + user.get("principal_id")), true).json().get("access_token");
    assertThat(TestJwt.claims(byObject)).containsEntry("oid", user.get("principal_id"));
    assertThat(imds("web-1", token("https://management.azure.com/", "&client_id=" + java.util.UUID.randomUUID()),
        true).json()).containsEntry("error_description", "Identity not found");

    assertThat(imds("web-1", token("https://vault.example.com/", ""), true).json())
        .containsEntry("error", "invalid_resource");
    cloud.azureResources(List.of("https://vault.example.com/"));
    assertThat(TestJwt.claims((String) imds("web-1", token("https://vault.example.com/", ""), true).json()
        .get("access_token"))).containsEntry("aud", "https://vault.example.com/");
    assertThat(imds("web-1", "identity/oauth2/token?api-version=2018-02-01", true).json())
        .containsEntry("error_description", "Required audience parameter not specified");
  }

  @Test
  void scaleSetVmsShareTheSetsIdentityAndTwoUserIdentitiesMustBeChosen() {
    Map<String, Object> a = cloud.azureVm(Map.of("name", "pool_0a1b2c3d", "vmss_name", "pool",
        "subscription_id", SUB, "resource_group_name", "rg-pool"));
    Map<String, Object> b = cloud.azureVm(Map.of("name", "pool_4e5f6a7b", "vmss_name", "pool",
        "subscription_id", SUB, "resource_group_name", "rg-pool"));
    assertThat(a.get("system_assigned")).isEqualTo(b.get("system_assigned"));
    String jwt = (String) imds("pool_4e5f6a7b", token("https://management.azure.com/", ""), true).json()
        .get("access_token");
    assertThat((String) TestJwt.claims(jwt).get("xms_mirid")).endsWith("/virtualMachines/pool_4e5f6a7b");
    assertThat(cloud.post("/_dev/azure/vms", Map.of(), Map.of("name", "stray", "vmss_name", "pool"))
        .status()).isEqualTo(400);

    cloud.azureVm(Map.of("name", "two-ids", "system_assigned", false, "user_assigned", List.of("a", "b")));
    assertThat(imds("two-ids", token("https://management.azure.com/", ""), true).json().get("error_description")
        .toString()).startsWith("Multiple user assigned identities exist");
  }
}
