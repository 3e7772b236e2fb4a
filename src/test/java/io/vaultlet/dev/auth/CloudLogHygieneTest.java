package io.vaultlet.dev.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.support.Log;
import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.TestJwt;
import io.vaultlet.testing.VaultHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cloud stand-ins and the gcp and azure methods at trace level: every credential they issue or receive (key files,
 * access tokens, signed JWTs, identity tokens, client secrets, Vault tokens) stays out of the emulator's log, also
 * when a login is refused.
 */
class CloudLogHygieneTest {

  @Test
  @SuppressWarnings("unchecked")
  void noCloudCredentialReachesTheLog() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Log.Level previous = Log.level();
    Log.setLevel(Log.Level.TRACE);
    Log.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<String> secrets = new ArrayList<>();
    try (DevServer vault = DevServer.start(DevOptions.builder().noPostgres(true).build())) {
      VaultHttp root = new VaultHttp(vault.address(), vault.rootToken());
      VaultHttp anonymous = root.withToken(null);
      CloudStandIns cloud = new CloudStandIns(vault.address());
      String agent = "agent@p.iam.gserviceaccount.com";
      String app = "app@p.iam.gserviceaccount.com";
      Map<String, Object> file = (Map<String, Object>) cloud.gcpServiceAccount(agent, List.of()).get("key_file");
      cloud.gcpServiceAccount(app, List.of(agent));
      cloud.gcpInstance(Map.of("name", "vm", "service_account", app));
      String pem = (String) file.get("private_key");
      secrets.add(pem.lines().filter(l -> !l.startsWith("-----")).skip(3).findFirst().orElseThrow());
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", agent);
      claims.put("scope", "https://www.googleapis.com/auth/cloud-platform");
      claims.put("aud", file.get("token_uri"));
      claims.put("iat", vault.clock().instant().getEpochSecond());
      claims.put("exp", vault.clock().instant().getEpochSecond() + 600);
      String assertion = TestJwt.sign(Map.of(), claims, TestJwt.pkcs8(pem));
      secrets.add(assertion);
      String access = (String) cloud.post("/_gcp/oauth2/token", Map.of(), "grant_type="
          + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
          + "&assertion=" + assertion).json().get("access_token");
      secrets.add(access);
      String signed = (String) cloud.post("/_gcp/iamcredentials/v1/projects/-/serviceAccounts/" + app + ":signJwt",
          Map.of("Authorization", "Bearer " + access), Map.of("payload", "{\"aud\":\"http://vault/r\",\"exp\":"
              + (vault.clock().instant().getEpochSecond() + 300) + ",\"sub\":\"" + app + "\"}")).json()
          .get("signedJwt");
      secrets.add(signed);
      String identity = cloud.get("/_gcp/metadata/vm/computeMetadata/v1/instance/service-accounts/default/identity"
          + "?audience=x/vault/r&format=full", Map.of("Metadata-Flavor", "Google")).body();
      secrets.add(identity);
      root.write("sys/auth/gcp", Map.of("type", "gcp"));
      root.write("auth/gcp/config", Map.of("credentials", CloudStandIns.keyFileJson(Map.of("key_file", file))));
      root.write("auth/gcp/role/r", Map.of("type", "iam", "bound_service_accounts", app));
      secrets.add((String) anonymous.post("auth/gcp/login", Map.of("role", "r", "jwt", signed)).auth()
          .get("client_token"));
      secrets.add((String) anonymous.post("auth/gcp/login", Map.of("role", "r", "jwt", identity)).auth()
          .get("client_token"));
      String forged = TestJwt.tamper(signed, "sub", agent);
      secrets.add(forged);
      assertThat(anonymous.post("auth/gcp/login", Map.of("role", "r", "jwt", forged)).status()).isEqualTo(400);

      Map<String, Object> vm = cloud.azureVm(Map.of("name", "az"));
      String principal = (String) ((Map<String, Object>) vm.get("system_assigned")).get("principal_id");
      String azureToken = (String) cloud.get("/_azure/imds/az/metadata/identity/oauth2/token?api-version=2018-02-01"
          + "&resource=https%3A%2F%2Fmanagement.azure.com%2F", Map.of("Metadata", "true")).json().get("access_token");
      secrets.add(azureToken);
      Map<String, Object> appReg = cloud.post("/_dev/azure/apps", Map.of(), Map.of()).json();
      secrets.add((String) appReg.get("client_secret"));
      String appToken = (String) cloud.post("/_azure/login/" + appReg.get("tenant_id") + "/oauth2/v2.0/token",
          Map.of(), "client_id=" + appReg.get("client_id") + "&client_secret=" + URLEncoder.encode(
              (String) appReg.get("client_secret"), StandardCharsets.UTF_8) + "&grant_type=client_credentials"
              + "&scope=" + URLEncoder.encode("https://management.azure.com//.default", StandardCharsets.UTF_8))
          .json().get("access_token");
      secrets.add(appToken);
      root.write("sys/auth/azure", Map.of("type", "azure"));
      root.write("auth/azure/config", Map.of("tenant_id", appReg.get("tenant_id"),
          "resource", "https://management.azure.com/", "client_secret", "azure-config-secret-1234"));
      secrets.add("azure-config-secret-1234");
      root.write("auth/azure/role/r", Map.of("bound_service_principal_ids", principal + "," + appReg.get(
          "principal_id")));
      secrets.add((String) anonymous.post("auth/azure/login", Map.of("role", "r", "jwt", azureToken)).auth()
          .get("client_token"));
      secrets.add((String) anonymous.post("auth/azure/login", Map.of("role", "r", "jwt", appToken)).auth()
          .get("client_token"));
      assertThat(anonymous.post("auth/azure/login", Map.of("role", "r", "jwt", TestJwt.tamper(azureToken, "oid",
          "x"))).status()).isEqualTo(500);
    } finally {
      Log.setOutput(System.err);
      Log.setLevel(previous);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("mounted: path=auth/gcp/").contains("mounted: path=auth/azure/");
    for (String s : secrets) {
      assertThat(s).isNotBlank();
      assertThat(log).doesNotContain(s);
    }
    assertThat(log).doesNotContain("PRIVATE KEY").doesNotContain("eyJ");
  }
}
