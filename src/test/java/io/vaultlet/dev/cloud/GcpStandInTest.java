package io.vaultlet.dev.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.CloudStandIns;
import io.vaultlet.testing.TestJwt;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Google Cloud stand-in over HTTP, checked the way a Google client and Vault see it: the metadata server's header
 * rule and tokens, the OAuth2 token endpoint's checks of a key file's assertion, {@code signJwt}'s checks of the
 * caller, and the published keys (verified here with the JDK alone).
 */
class GcpStandInTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String AGENT = "agent@proj-1.iam.gserviceaccount.com";
  static final String APP = "app@proj-1.iam.gserviceaccount.com";

  private DevServer vault;
  private CloudStandIns cloud;
  private Map<String, Object> agentKey;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().clockStart(START).clockSpeed(0).noPostgres(true).build());
    cloud = new CloudStandIns(vault.address());
    agentKey = cloud.gcpServiceAccount(AGENT, List.of());
    cloud.gcpServiceAccount(APP, List.of(AGENT));
    cloud.gcpInstance(Map.of("name", "vm-1", "service_account", APP, "zone", "europe-west1-b",
        "labels", Map.of("team", "payments")));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private CloudStandIns.Response metadata(String path) {
    return cloud.get("/_gcp/metadata/vm-1/computeMetadata/v1/" + path, Map.of("Metadata-Flavor", "Google"));
  }

  @Test
  void theMetadataServerWantsTheFlavorHeaderAndAnswersWithIt() {
    CloudStandIns.Response refused = cloud.get("/_gcp/metadata/vm-1/computeMetadata/v1/project/project-id",
        Map.of());
    assertThat(refused.status()).isEqualTo(403);
    CloudStandIns.Response ok = metadata("project/project-id");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("proj-1");
    assertThat(ok.header("Metadata-Flavor")).isEqualTo("Google");
    assertThat(metadata("instance/service-accounts/default/email").body()).isEqualTo(APP);
    assertThat(metadata("instance/zone").body()).endsWith("/zones/europe-west1-b");
    assertThat(cloud.get("/_gcp/metadata/vm-2/computeMetadata/v1/instance/id",
        Map.of("Metadata-Flavor", "Google")).status()).isEqualTo(404);
  }

  @Test
  void theIdentityTokenIsSignedByGooglesPublishedKeyAndCarriesTheComputeEngineClaims() {
    String audience = "http://vault.test:8200/vault/web";
    String jwt = metadata("instance/service-accounts/default/identity?audience="
        + URLEncoder.encode(audience, StandardCharsets.UTF_8) + "&format=full").body();
    Map<String, Object> certs = cloud.get("/_gcp/googleapis/oauth2/v1/certs", Map.of()).json();
    String kid = (String) TestJwt.header(jwt).get("kid");
    assertThat(certs).containsKey(kid);
    assertThat(TestJwt.verifies(jwt, TestJwt.certificateKey((String) certs.get(kid)))).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> jwks = ((List<Map<String, Object>>) cloud.get("/_gcp/googleapis/oauth2/v3/certs",
        Map.of()).json().get("keys")).get(0);
    assertThat(TestJwt.verifies(jwt, TestJwt.jwkKey(jwks))).isTrue();

    Map<String, Object> claims = TestJwt.claims(jwt);
    assertThat(claims).containsEntry("aud", audience).containsEntry("email", APP)
        .containsEntry("iss", "https://accounts.google.com")
        .containsEntry("iat", (int) START.getEpochSecond()).containsEntry("exp", (int) START.getEpochSecond() + 3600);
    assertThat(claims.get("google").toString()).contains("instance_name=vm-1", "zone=europe-west1-b",
        "project_id=proj-1");
    assertThat(TestJwt.claims(metadata("instance/service-accounts/default/identity?audience=x").body()))
        .doesNotContainKey("google");
    CloudStandIns.Response noAudience = metadata("instance/service-accounts/default/identity");
    assertThat(noAudience.status()).isEqualTo(400);
    assertThat(noAudience.body()).contains("non-empty audience parameter required");
  }

  private String assertion(Map<String, Object> overrides, PrivateKey key) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", AGENT);
    claims.put("scope", "https://www.googleapis.com/auth/cloud-platform");
    claims.put("aud", vault.address() + "/_gcp/oauth2/token");
    claims.put("iat", START.getEpochSecond());
    claims.put("exp", START.getEpochSecond() + 3600);
    claims.putAll(overrides);
    @SuppressWarnings("unchecked")
    Map<String, Object> file = (Map<String, Object>) agentKey.get("key_file");
    return TestJwt.sign(Map.of("kid", file.get("private_key_id"), "typ", "JWT"), claims, key);
  }

  private CloudStandIns.Response token(String assertion) {
    return cloud.post("/_gcp/oauth2/token", Map.of(), "grant_type="
        + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
        + "&assertion=" + assertion);
  }

  @SuppressWarnings("unchecked")
  private PrivateKey agentPrivateKey() {
    return TestJwt.pkcs8((String) ((Map<String, Object>) agentKey.get("key_file")).get("private_key"));
  }

  @Test
  void theTokenEndpointChecksTheKeyFilesAssertionAsGoogleDoes() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> file = (Map<String, Object>) agentKey.get("key_file");
    assertThat(file).containsEntry("type", "service_account").containsEntry("client_email", AGENT)
        .containsEntry("token_uri", vault.address() + "/_gcp/oauth2/token");

    CloudStandIns.Response ok = token(assertion(Map.of(), agentPrivateKey()));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3599);
    assertThat((String) ok.json().get("access_token")).startsWith("ya29.");

    PrivateKey other = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
    assertThat(token(assertion(Map.of(), other)).json()).containsEntry("error", "invalid_grant")
        .containsEntry("error_description", "Invalid JWT Signature.");
    assertThat(token(assertion(Map.of("aud", "https://oauth2.googleapis.com/token"), agentPrivateKey())).json()
        .get("error_description").toString()).startsWith("Invalid JWT: Failed audience check.");
    assertThat(token(assertion(Map.of("exp", START.getEpochSecond() + 7200), agentPrivateKey())).json()
        .get("error_description").toString()).contains("short-lived token (60 minutes)");
    assertThat(token(assertion(Map.of("scope", ""), agentPrivateKey())).json())
        .containsEntry("error", "invalid_scope");
    assertThat(token(assertion(Map.of("iss", "ghost@proj-1.iam.gserviceaccount.com"), agentPrivateKey())).json())
        .containsEntry("error", "invalid_grant");
    vault.advanceClock(Duration.ofHours(2));
    assertThat(token(assertion(Map.of(), agentPrivateKey())).status()).isEqualTo(400);
  }

  private CloudStandIns.Response signJwt(String accessToken, String target, String payload) {
    return cloud.post("/_gcp/iamcredentials/v1/projects/-/serviceAccounts/" + target + ":signJwt",
        accessToken == null ? Map.of() : Map.of("Authorization", "Bearer " + accessToken),
        Map.of("payload", payload));
  }

  @Test
  void signJwtChecksTheCallerAndSignsWithTheAccountsPublishedKey() {
    String agentToken = (String) token(assertion(Map.of(), agentPrivateKey())).json().get("access_token");
    long exp = START.getEpochSecond() + 600;
    String payload = "{\"aud\":\"http://vault/web\",\"exp\":" + exp + ",\"sub\":\"" + APP + "\"}";

    CloudStandIns.Response signed = signJwt(agentToken, APP, payload);
    assertThat(signed.status()).isEqualTo(200);
    String jwt = (String) signed.json().get("signedJwt");
    assertThat(TestJwt.header(jwt)).containsEntry("alg", "RS256").containsEntry("kid", signed.json().get("keyId"));
    assertThat(TestJwt.claims(jwt)).containsEntry("sub", APP).containsEntry("aud", "http://vault/web")
        .containsEntry("exp", (int) exp);
    Map<String, Object> x509 = cloud.get("/_gcp/googleapis/service_accounts/v1/metadata/x509/" + APP,
        Map.of()).json();
    assertThat(TestJwt.verifies(jwt, TestJwt.certificateKey((String) x509.get(signed.json().get("keyId")))))
        .isTrue();

    assertThat(signJwt(null, APP, payload).status()).isEqualTo(401);
    assertThat(signJwt("ya29.forged", APP, payload).json().toString()).contains("UNAUTHENTICATED");
    // the agent may not sign as itself: nobody granted it the token creator role on its own account
    CloudStandIns.Response self = signJwt(agentToken, AGENT, payload);
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.body()).contains("Permission 'iam.serviceAccounts.signJwt' denied on resource");
    assertThat(signJwt(agentToken, "ghost@proj-1.iam.gserviceaccount.com", payload).status()).isEqualTo(404);
    assertThat(signJwt(agentToken, APP, "{\"exp\":" + (START.getEpochSecond() - 10) + "}").status())
        .isEqualTo(400);
    assertThat(TestJwt.claims((String) signJwt(agentToken, APP, "{\"sub\":\"x\"}").json().get("signedJwt")))
        .containsEntry("exp", (int) START.plus(Duration.ofHours(1)).getEpochSecond());

    // the metadata server's token is the instance's account: it may sign as APP only if granted
    String instanceToken = (String) metadata("instance/service-accounts/default/token").json().get("access_token");
    assertThat(signJwt(instanceToken, APP, payload).status()).isEqualTo(403);
    cloud.gcpServiceAccount(APP, List.of(AGENT, APP));
    assertThat(signJwt(instanceToken, APP, payload).status()).isEqualTo(200);

    vault.advanceClock(Duration.ofMinutes(61));
    assertThat(signJwt(agentToken, APP, payload).status()).as("access tokens live one hour").isEqualTo(401);
  }
}
