package io.vaultlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultlet.config.ConfigException;
import io.vaultlet.testing.CloudStandIns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gcp auto-auth end to end against the emulator: the method is built from agent HCL, gets its credentials as
 * Google's SDKs do (a key file, {@code GOOGLE_APPLICATION_CREDENTIALS}, the metadata server), has its JWT signed by
 * the IAM Credentials stand-in or takes the metadata server's identity token, and the emulator's {@code gcp} method
 * verifies it. The manual clock moves the agent and the emulator together through renewals and re-logins.
 */
class GcpLoginTest {

  static final String AGENT = "vault-agent@proj-1.iam.gserviceaccount.com";
  static final String APP = "app@proj-1.iam.gserviceaccount.com";

  @TempDir Path dir;
  private Emulator emu;
  private CloudStandIns cloud;
  private Recorder rec;
  private TokenManager manager;
  private Path keyFile;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    emu = new Emulator();
    cloud = new CloudStandIns(emu.vault.address());
    keyFile = dir.resolve("agent-key.json");
    Files.writeString(keyFile, CloudStandIns.keyFileJson(cloud.gcpServiceAccount(AGENT, List.of())));
    cloud.gcpServiceAccount(APP, List.of(AGENT, APP));
    cloud.gcpInstance(Map.of("name", "vm-1", "service_account", APP, "zone", "europe-west1-b"));
    emu.root.write("sys/auth/gcp", Map.of("type", "gcp"));
    emu.root.write("auth/gcp/role/web", Map.of("type", "iam", "bound_service_accounts", APP,
        "token_policies", "web", "token_ttl", "30s", "token_max_ttl", "30s"));
    emu.root.write("auth/gcp/role/vm", Map.of("type", "gce", "bound_zones", "europe-west1-b",
        "bound_service_accounts", APP, "token_policies", "vm", "token_ttl", "1m", "token_max_ttl", "1m"));
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    rec = new Recorder();
  }

  @AfterEach
  void stop() throws Exception {
    if (manager != null) {
      manager.close();
    }
    String log = rec.log();
    rec.close();
    emu.close();
    assertThat(rec.tokens()).allSatisfy(t -> assertThat(log).doesNotContain(t));
    assertThat(log).doesNotContain("ya29.").doesNotContain("PRIVATE KEY").doesNotContain("eyJ")
        .doesNotContain(Files.readString(keyFile).substring(200, 260));
  }

  private AuthMethod method(String config) throws Exception {
    return AuthMethods.create(Configs.autoAuth(dir, "method \"gcp\" {\n config = {\n" + config + "\n }\n}").method(),
        emu.scheduler.clock(), env);
  }

  private void run(AuthMethod method) {
    manager = TokenManager.builder(method, emu.client, emu.scheduler).build();
    manager.addTokenListener(rec);
    manager.addEventListener(rec);
    manager.start();
    emu.advance(Duration.ZERO);
  }

  private String iamConfig(String more) {
    return "type = \"iam\"\n role = \"web\"\n service_account = \"" + APP + "\"\n"
        + "iam_credentials_endpoint = \"" + cloud.iamCredentialsEndpoint() + "\"\n" + more;
  }

  @Test
  void iamSignsThroughTheCredentialsApiWithAKeyFileAndLogsInAgainWhenTheTokenReachesItsMaxTtl() throws Exception {
    run(method(iamConfig("credentials = \"@" + keyFile + "\"")));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
    AuthToken first = rec.changes.get(0).current();
    assertThat(first.policies()).contains("web");
    assertThat(emu.root.withToken(first.token()).get("auth/token/lookup-self").data().get("meta").toString())
        .contains("service_account_email=" + APP);

    emu.advance(Duration.ofSeconds(30));
    assertThat(rec.changes).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(emu.requestsTo("auth/gcp/login")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void iamFindsApplicationDefaultCredentialsInGoogleApplicationCredentials() throws Exception {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString());
    run(method(iamConfig("")));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
  }

  @Test
  void iamUsesTheInstancesAccountFromTheMetadataServerWhenThereIsNoKey() throws Exception {
    env.put("GCE_METADATA_HOST", cloud.gceMetadataHost("vm-1"));
    // no service_account: the account the metadata server's credentials are (APP, a token creator of itself)
    run(method("type = \"iam\"\n role = \"web\"\n iam_credentials_endpoint = \"" + cloud.iamCredentialsEndpoint()
        + "\""));
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
  }

  @Test
  void aRefusedSignJwtIsALoginFailureThatSaysWhyAndIsRetriedWithBackoff() throws Exception {
    cloud.gcpServiceAccount(APP, List.of());
    run(method(iamConfig("credentials = \"" + keyFile + "\"")));
    assertThat(rec.changes).isEmpty();
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isNotEmpty();
    assertThat(rec.log()).contains("unable to sign JWT for projects/-/serviceAccounts/" + APP
        + " using given Vault credentials: googleapi: Error 403: Permission 'iam.serviceAccounts.signJwt' denied");

    cloud.gcpServiceAccount(APP, List.of(AGENT));
    emu.advance(Duration.ofSeconds(5));
    assertThat(rec.changes).hasSize(1);
  }

  @Test
  void gceTakesTheMetadataServersIdentityTokenForTheVaultAddressAndRole() throws Exception {
    env.put("GCE_METADATA_HOST", cloud.gceMetadataHost("vm-1"));
    AuthMethod m = method("type = \"gce\"\n role = \"vm\"");
    run(m);
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
    assertThat(rec.changes).hasSize(1);
    assertThat(((GcpGceMethod) m).audience(emu.client)).isEqualTo(emu.vault.address() + "/vault/vm");
    assertThat(emu.root.withToken(rec.changes.get(0).current().token()).get("auth/token/lookup-self").data()
        .get("meta").toString()).contains("instance_name=vm-1");

    emu.advance(Duration.ofMinutes(1));
    assertThat(rec.changes).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rec.events(AuthEvent.Type.LOGIN_FAILURE)).isEmpty();
  }

  @Test
  void badConfigurationsAreErrorsAtTheKeyThatIsWrong() throws Exception {
    assertThatThrownBy(() -> method("role = \"web\"")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("error creating gcp auth method: missing 'type' value");
    assertThatThrownBy(() -> method("type = \"gke\"\n role = \"web\"")).isInstanceOf(ConfigException.class)
        .hasMessageContaining(".hcl:5:1: ").hasMessageContaining("'type' value is invalid");
    assertThatThrownBy(() -> method("type = \"iam\"\n role = \"\"")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'role' value is empty");
    assertThatThrownBy(() -> method(iamConfig("credentials = \"" + dir.resolve("missing.json") + "\"")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'credentials': 'credentials' is neither service-account key JSON nor a readable file");
    assertThatThrownBy(() -> method("type = \"iam\"\n role = \"web\"\n iam_credentials_endpoint = \"ftp://x\""))
        .isInstanceOf(
        ConfigException.class).hasMessageContaining("'iam_credentials_endpoint' must be an http:// or https:// URL with a host");
    assertThatThrownBy(() -> method(iamConfig("jwt_exp = \"soon\""))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("jwt_exp");
    Files.writeString(dir.resolve("user.json"), "{\"type\": \"authorized_user\", \"refresh_token\": \"1//x\"}");
    assertThatThrownBy(() -> method(iamConfig("credentials = \"" + dir.resolve("user.json") + "\"")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("type \"authorized_user\"");
  }
}
