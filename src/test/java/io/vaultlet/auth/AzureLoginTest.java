package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.config.ConfigException;
import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.TestJwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure auto-auth end to end against the emulator: the method is built from agent HCL, reads the VM's metadata and a
 * managed-identity token from the Azure stand-in's IMDS ({@code IMDS_ENDPOINT}) — or, with
 * {@code authenticate_from_environment}, gets an application token from the stand-in's Entra ID with a client secret
 * or a workload-identity assertion — and the emulator's {@code azure} method verifies it.
 */
class AzureLoginTest {

  static final String SUB = "6a3e2d1c-0b9a-4f8e-8d7c-6b5a4f3e2d1c";

  @TempDir Path dir;
  private Emulator emu;
  private CloudStandIns cloud;
  private Recorder rec;
  private TokenManager manager;
  private Map<String, String> env;
  private Map<String, Object> vm;
  private String secret = "";

  @BeforeEach
  void start() throws Exception {
    emu = new Emulator();
    cloud = new CloudStandIns(emu.vault.address());
    vm = cloud.azureVm(Map.of("name", "web-1", "subscription_id", SUB, "resource_group_name", "rg-web",
        "location", "westeurope", "user_assigned", List.of("web-uami")));
    emu.root.write("sys/auth/azure", Map.of("type", "azure"));
    emu.root.write("auth/azure/config", Map.of("tenant_id", cloud.azureTenant().get("tenant_id"),
        "resource", "https://management.azure.com/"));
    env = new HashMap<>();
    env.put("IMDS_ENDPOINT", cloud.imdsEndpoint("web-1"));
    rec = new Recorder();
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    String log = rec.log();
    rec.close();
    emu.close();
    assertThat(rec.tokens()).allSatisfy(t -> assertThat(log).doesNotContain(t));
    assertThat(log).doesNotContain("eyJ");
    if (!secret.isEmpty()) {
      assertThat(log).doesNotContain(secret);
    }
  }

  @SuppressWarnings("unchecked")
  private String id(String which, String field) {
    Map<String, Object> identity = which.equals("system") ? (Map<String, Object>) vm.get("system_assigned")
        : ((List<Map<String, Object>>) vm.get("user_assigned")).get(0);
    return (String) identity.get(field);
  }

  private AuthMethod method(String config) throws Exception {
    return AuthMethods.create(Configs.autoAuth(dir, "method \"azure\" {\n config = {\n" + config + "\n }\n}")
        .method(), emu.scheduler.clock(), env);
  }

  private void run(AuthMethod method) {
    manager = TokenManager.builder(method, emu.client, emu.scheduler).build();
    manager.addTokenListener(rec);
    manager.addEventListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);
  }

  private void role(String principal, String ttl) {
    emu.root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", principal,
        "bound_subscription_ids", SUB, "bound_resource_groups", "rg-web", "token_policies", "web",
        "token_ttl", ttl, "token_max_ttl", ttl));
  }

  @Test
  void theSystemAssignedIdentityLogsInWithTheVmsMetadataAndAgainAtMaxTtl() throws Exception {
    role(id("system", "principal_id"), "30s");
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\""));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
    assertThat(emu.root.withToken(rec.changes.get(0).current().token()).get("auth/token/lookup-self").data()
        .get("meta").toString()).contains("vm_name=web-1", "subscription_id=" + SUB, "resource_group_name=rg-web");

    emu.advance(Duration.ofSeconds(30));
    assertThat(rec.changes).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
  }

  @Test
  void aUserAssignedIdentityIsChosenByClientIdAndItsTokenIsRenewedBeforeItExpires() throws Exception {
    emu.root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", id("user", "principal_id"),
        "bound_subscription_ids", SUB, "token_policies", "web", "token_ttl", "30s", "token_max_ttl", "10m"));
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\"\n client_id = \""
        + id("user", "client_id") + "\""));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);

    emu.advance(Duration.ofSeconds(60));
    assertThat(rec.renewals).isNotEmpty();
    assertThat(rec.changes).hasSize(1);
    assertThat(emu.requestsTo("auth/azure/login")).isEqualTo(1);
  }

  @Test
  void aRefusedLoginSaysWhyAndIsRetried() throws Exception {
    emu.root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", id("system", "principal_id"),
        "bound_subscription_ids", "00000000-0000-0000-0000-000000000000"));
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\""));
    assertThat(rec.changes).isEmpty();
    assertThat(rec.log()).contains("subscription not authorized");
    role(id("system", "principal_id"), "5m");
    emu.advance(Duration.ofSeconds(5));
    assertThat(rec.changes).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void fromTheEnvironmentAClientSecretGetsAnApplicationToken() throws Exception {
    Map<String, Object> app = cloud.post("/_dev/azure/apps", Map.of(), Map.of()).json();
    secret = (String) app.get("client_secret");
    emu.root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", app.get("principal_id"),
        "token_policies", "web"));
    env.put("AZURE_TENANT_ID", (String) app.get("tenant_id"));
    env.put("AZURE_CLIENT_ID", (String) app.get("client_id"));
    env.put("AZURE_CLIENT_SECRET", secret);
    env.put("AZURE_AUTHORITY_HOST", emu.vault.address() + "/_azure/login/");
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\"\n"
        + " authenticate_from_environment = true"));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);

    env.put("AZURE_CLIENT_SECRET", "wrong-secret-value");
    manager.close();
    rec.changes.clear();
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\"\n"
        + " authenticate_from_environment = \"true\""));
    assertThat(rec.changes).isEmpty();
    assertThat(rec.log()).contains("AADSTS7000215: Invalid client secret provided");
  }

  @Test
  void fromTheEnvironmentAWorkloadIdentityAssertionIsExchangedForAToken() throws Exception {
    KeyPair issuer = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(issuer.getPublic()
        .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    Map<String, Object> app = cloud.post("/_dev/azure/apps", Map.of(), Map.of("client_id",
        id("user", "client_id"), "secret", false, "federated", List.of(Map.of("issuer", "https://oidc.aks.test/x",
            "subject", "system:serviceaccount:apps:web", "public_keys", List.of(pem))))).json();
    assertThat(app).containsEntry("principal_id", id("user", "principal_id"));
    // an application token names no VM (no xms_mirid): as in Vault, the role binds the principal only
    emu.root.write("auth/azure/role/web", Map.of("bound_service_principal_ids", id("user", "principal_id")));
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", List.of("api://AzureADTokenExchange"));
    claims.put("exp", Emulator.START.plus(Duration.ofHours(1)).getEpochSecond());
    claims.put("iat", Emulator.START.getEpochSecond());
    claims.put("iss", "https://oidc.aks.test/x");
    claims.put("sub", "system:serviceaccount:apps:web");
    Path tokenFile = dir.resolve("azure-identity-token");
    Files.writeString(tokenFile, TestJwt.sign(Map.of("kid", "k1"), claims, issuer.getPrivate()));
    env.put("AZURE_TENANT_ID", (String) app.get("tenant_id"));
    env.put("AZURE_CLIENT_ID", id("user", "client_id"));
    env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
    env.put("AZURE_AUTHORITY_HOST", emu.vault.address() + "/_azure/login");
    run(method("role = \"web\"\n resource = \"https://management.azure.com/\"\n"
        + " authenticate_from_environment = true"));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
    assertThat(rec.log()).doesNotContain(Files.readString(tokenFile));
  }

  @Test
  void badConfigurationsAreErrorsAsInVault() {
    assertThatThrownBy(() -> method("role = \"web\"")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("error creating azure auth method: missing 'resource' value");
    assertThatThrownBy(() -> method("role = \"web\"\n resource = \"r\"\n object_id = \"o\"\n client_id = \"c\""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only one of 'object_id' or 'client_id' may be provided");
    env.put("AZURE_CLIENT_CERTIFICATE_PATH", "/etc/azure/cert.pem");
    assertThatThrownBy(() -> method("role = \"web\"\n resource = \"r\"\n authenticate_from_environment = true"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("certificate credentials");
  }
}
