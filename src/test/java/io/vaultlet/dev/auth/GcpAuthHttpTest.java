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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's {@code gcp} auth method over HTTP, fed with tokens the GCP stand-in issued as Google would (signJwt
 * for iam, the metadata server's identity token for gce), and refusing what Vault refuses with Vault's texts.
 */
class GcpAuthHttpTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String AGENT = "agent@proj-1.iam.gserviceaccount.com";
  static final String APP = "app@proj-1.iam.gserviceaccount.com";

  private DevServer vault;
  private VaultHttp root;
  private VaultHttp anonymous;
  private CloudStandIns cloud;
  private String agentToken;
  private String appId;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().clockStart(START).clockSpeed(0).noPostgres(true).build());
    root = new VaultHttp(vault.address(), vault.rootToken());
    anonymous = root.withToken(null);
    cloud = new CloudStandIns(vault.address());
    Map<String, Object> agent = cloud.gcpServiceAccount(AGENT, List.of());
    appId = (String) cloud.gcpServiceAccount(APP, List.of(AGENT)).get("unique_id");
    cloud.gcpInstance(Map.of("name", "vm-1", "service_account", APP, "zone", "europe-west1-b",
        "labels", Map.of("team", "payments")));
    root.write("sys/auth/gcp", Map.of("type", "gcp"));
    Map<String, Object> file = (Map<String, Object>) agent.get("key_file");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", AGENT);
    claims.put("scope", "https://www.googleapis.com/auth/cloud-platform");
    claims.put("aud", file.get("token_uri"));
    claims.put("iat", START.getEpochSecond());
    claims.put("exp", START.getEpochSecond() + 3600);
    String assertion = TestJwt.sign(Map.of("kid", file.get("private_key_id")), claims,
        TestJwt.pkcs8((String) file.get("private_key")));
    agentToken = (String) cloud.post("/_gcp/oauth2/token", Map.of(), "grant_type="
        + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8) + "&assertion="
        + assertion).json().get("access_token");
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  /** A JWT signed by the IAM Credentials stand-in for APP. */
  private String signed(String aud, Duration expiresIn) {
    String payload = "{\"aud\":\"" + aud + "\",\"exp\":" + vault.clock().instant().plus(expiresIn).getEpochSecond()
        + ",\"sub\":\"" + APP + "\"}";
    CloudStandIns.Response r = cloud.post("/_gcp/iamcredentials/v1/projects/-/serviceAccounts/" + APP
        + ":signJwt", Map.of("Authorization", "Bearer " + agentToken), Map.of("payload", payload));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return (String) r.json().get("signedJwt");
  }

  private String identity(String audience, String format) {
    return cloud.get("/_gcp/metadata/vm-1/computeMetadata/v1/instance/service-accounts/default/identity"
        + "?audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8) + "&format=" + format,
        Map.of("Metadata-Flavor", "Google")).body();
  }

  private VaultHttp.Response login(String role, String jwt) {
    return anonymous.post("auth/gcp/login", Map.of("role", role, "jwt", jwt));
  }

  private void refused(VaultHttp.Response r, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.errors()).containsExactly(message);
  }

  @Test
  void anIamLoginWithASignJwtTokenGetsTheRolesTokenAndVaultsMetadata() {
    root.write("auth/gcp/role/web", Map.of("type", "iam", "bound_service_accounts", APP, "token_policies", "web",
        "token_ttl", "1h", "token_max_ttl", "2h"));
    VaultHttp.Response r = login("web", signed("http://vault/web", Duration.ofMinutes(15)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.auth()).containsEntry("policies", List.of("default", "web")).containsEntry("lease_duration", 3600)
        .containsEntry("metadata", Map.of("project_id", "proj-1", "role", "web", "service_account_email", APP,
            "service_account_id", appId));
    String token = (String) r.auth().get("client_token");
    assertThat(root.withToken(token).get("auth/token/lookup-self").data()).containsEntry("display_name", "gcp-" + APP);
    assertThat(root.withToken(token).post("auth/token/renew-self", Map.of()).status()).isEqualTo(200);

    root.write("auth/gcp/role/web", Map.of("type", "iam", "bound_service_accounts", AGENT));
    assertThat(root.withToken(token).post("auth/token/renew-self", Map.of()).errors())
        .containsExactly("service account is no longer authorized for role web");
  }

  @Test
  void iamLoginsAreRefusedWithVaultsTexts() {
    root.write("auth/gcp/role/web", Map.of("type", "iam", "bound_service_accounts", APP));
    refused(login("web", signed("http://vault/other", Duration.ofMinutes(5))),
        "at least one of the JWT claim 'aud' must end in \"vault/web\"");
    refused(login("web", signed("http://vault/web", Duration.ofMinutes(20))),
        "role requires that service account JWTs expire within 900 seconds");
    refused(login("web", signed("http://vault/web", Duration.ofMinutes(70))),
        "JWT must expire in 60 minutes, expires in 1h10m0s");
    String soon = signed("http://vault/web", Duration.ofMinutes(2));
    vault.advanceClock(Duration.ofMinutes(4));
    refused(login("web", soon), "JWT is expired or does not have proper 'exp' claim");
    refused(login("web", TestJwt.tamper(signed("http://vault/web", Duration.ofMinutes(5)), "exp",
        vault.clock().instant().plusSeconds(60).getEpochSecond())), "go-jose/go-jose: error in cryptographic primitive");
    refused(login("nope", "x"), "role \"nope\" not found");
    refused(login("web", "not-a-jwt"),
        "unable to parse signed JWT: go-jose/go-jose: compact JWS format must have three parts");

    root.write("auth/gcp/role/other", Map.of("type", "iam", "bound_service_accounts", AGENT));
    refused(login("other", signed("http://vault/other", Duration.ofMinutes(5))),
        "service account " + APP + " (id: " + appId + ") is not authorized for role");
    root.write("auth/gcp/role/proj", Map.of("type", "iam", "bound_service_accounts", "*",
        "bound_projects", "proj-2"));
    refused(login("proj", signed("http://vault/proj", Duration.ofMinutes(5))),
        "service account \"" + APP + "\" not in bound projects [proj-2]");

    VaultHttp.Response extra = anonymous.post("auth/gcp/login", Map.of("role", "web", "jwt", "x", "nonce", "n"));
    assertThat(extra.status()).isEqualTo(422);
    assertThat(extra.errors()).containsExactly("unknown fields: [\"nonce\"]");
  }

  @Test
  void aGceLoginWithTheMetadataIdentityTokenIsBoundToZoneLabelsAndAccount() {
    root.write("auth/gcp/role/vm", Map.of("type", "gce", "bound_zones", "europe-west1-b",
        "bound_labels", "team:payments", "bound_service_accounts", APP, "token_policies", "vm"));
    VaultHttp.Response r = login("vm", identity(vault.address() + "/vault/vm", "full"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) r.auth().get("metadata");
    assertThat(meta).containsEntry("instance_name", "vm-1").containsEntry("zone", "europe-west1-b")
        .containsEntry("project_id", "proj-1").containsEntry("service_account_email", APP)
        .containsKeys("instance_id", "instance_creation_timestamp", "project_number");
    assertThat(root.withToken((String) r.auth().get("client_token")).get("auth/token/lookup-self").data())
        .containsEntry("display_name", "gcp-vm-1");

    root.write("auth/gcp/role/east", Map.of("type", "gce", "bound_zones", "us-east1-b"));
    refused(login("east", identity("x/vault/east", "full")), "instance not in bound zones [\"us-east1-b\"]");
    root.write("auth/gcp/role/search", Map.of("type", "gce", "bound_labels", "team:search"));
    refused(login("search", identity("x/vault/search", "full")), "instance missing bound label \"team:search\"");
    refused(login("vm", identity("x/vault/vm", "standard")), "expected JWT to have claims with GCE metadata");
    root.write("auth/gcp/role/iam", Map.of("type", "iam", "bound_service_accounts", APP,
        "allow_gce_inference", false));
    refused(login("iam", identity("x/vault/iam", "full")),
        "Got GCE token but IAM role \"iam\" does not allow GCE inference");
    root.write("auth/gcp/role/inferred", Map.of("type", "iam", "bound_service_accounts", APP));
    assertThat(login("inferred", identity("x/vault/inferred", "full")).status()).isEqualTo(200);

    String token = identity("x/vault/vm", "full");
    cloud.gcpInstance(Map.of("name", "vm-1", "service_account", APP, "zone", "europe-west1-b",
        "labels", Map.of("team", "payments"), "status", "TERMINATED"));
    refused(login("vm", token), "error when attempting to find instance (project proj-1, zone: europe-west1-b, "
        + "instance: vm-1) :authenticating instance vm-1 found but has invalid status 'TERMINATED'");
    vault.advanceClock(Duration.ofMinutes(62));
    refused(login("vm", token), "JWT is expired or does not have proper 'exp' claim");
  }

  @Test
  void rolesAreValidatedAsVaultValidatesThem() {
    assertThat(root.post("auth/gcp/role/x", Map.of("bound_service_accounts", APP)).errors())
        .containsExactly("role type cannot be empty");
    assertThat(root.post("auth/gcp/role/x", Map.of("type", "iam")).errors())
        .containsExactly("IAM role type must have at least one service account");
    assertThat(root.post("auth/gcp/role/x", Map.of("type", "iam", "bound_service_accounts", APP,
        "max_jwt_exp", "2h")).errors()).containsExactly("max_jwt_exp cannot be more than 60 minutes");
    assertThat(root.post("auth/gcp/role/x", Map.of("type", "iam", "bound_service_accounts", APP,
        "bound_zones", "a")).errors()).containsExactly("invalid args found for role of type iam: bound_zones");
    assertThat(root.post("auth/gcp/role/x", Map.of("type", "gce", "bound_instance_groups", "g")).errors())
        .containsExactly("region or zone information must be specified if an instance group is given");
    root.write("auth/gcp/role/web", Map.of("type", "iam", "bound_service_accounts", APP + "," + AGENT));
    assertThat(root.get("auth/gcp/role/web").data()).containsEntry("type", "iam")
        .containsEntry("bound_service_accounts", List.of(APP, AGENT)).containsEntry("max_jwt_exp", 900)
        .containsEntry("allow_gce_inference", true).containsKey("role_id");
    assertThat(root.list("auth/gcp/roles/").data()).containsEntry("keys", List.of("web"));
  }
}
