package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.AgentProcess;
import io.vaultlet.testing.VaultHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues #14 and #15 end to end: {@code vaultlet agent} as a process with 10-minute AppRole tokens. When its token is
 * revoked out of band, or Vault restarts with empty state, the agent logs in again within seconds of the first 403
 * (its planned re-login would be about 7 minutes away) and its files follow Vault again.
 */
class AgentRecoveryProcessTest {

  private static final String ROLE_ID = "e2e-recovery-role";
  private static final String SECRET_ID = "e2e-recovery-secret-id-0123456789";
  /** Far below the token's planned re-login (~7 minutes): only the 403 → lookup-self → login path can make it. */
  private static final Duration QUICKLY = Duration.ofSeconds(20);

  @TempDir Path dir;

  private DevServer vault;
  private AgentProcess agent;

  @BeforeEach
  void start() throws Exception {
    vault = DevServer.start(DevOptions.builder().noPostgres(true).build());
    seed("one");
    Files.writeString(dir.resolve("role-id"), ROLE_ID);
    Files.writeString(dir.resolve("secret-id"), SECRET_ID);
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, "vault { address = \"" + vault.address() + "\" }\n"
        + "auto_auth {\n  method \"approle\" {\n    config = {\n"
        + "      role_id_file_path = \"" + dir.resolve("role-id") + "\"\n"
        + "      secret_id_file_path = \"" + dir.resolve("secret-id") + "\"\n"
        + "      remove_secret_id_file_after_reading = false\n    }\n  }\n}\n"
        + "template_config { static_secret_render_interval = \"1s\" }\n"
        + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
        + "  destination = \"" + dir.resolve("app.txt") + "\"\n}\n");
    agent = AgentProcess.start(config, dir.resolve("agent.log"));
    agent.await("first render", Duration.ofSeconds(60), () -> content().equals("one"));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (vault != null) {
      vault.close();
    }
  }

  private void seed(String value) {
    VaultHttp http = new VaultHttp(vault.address(), vault.rootToken());
    http.write("secret/data/app", Map.of("data", Map.of("v", value)));
    http.write("sys/policies/acl/app", Map.of("policy", "path \"*\" { capabilities = [\"read\", \"list\"] }"));
    http.write("sys/auth/approle", Map.of("type", "approle"));
    http.write("auth/approle/role/app", Map.of("token_ttl", "10m", "token_max_ttl", "1h", "token_policies", "app"));
    http.write("auth/approle/role/app/role-id", Map.of("role_id", ROLE_ID));
    http.write("auth/approle/role/app/custom-secret-id", Map.of("secret_id", SECRET_ID));
  }

  private String content() {
    try {
      return Files.exists(dir.resolve("app.txt")) ? Files.readString(dir.resolve("app.txt")) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private void devControl(String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(vault.address() + "/_dev/" + path)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
  }

  @Test
  void aTokenRevokedOutOfBandIsReplacedWithinSeconds() throws Exception {
    String accessor = agent.lastValue("accessor");
    assertThat(accessor).isNotNull();

    devControl("faults", "{\"kind\":\"revoke_token\",\"accessor\":\"" + accessor + "\"}");

    agent.await("a new login", QUICKLY, () -> agent.count("authentication successful") == 2);
    assertThat(agent.log()).contains("the token is no longer valid (revoked, or Vault lost its state); re-authenticating");
    new VaultHttp(vault.address(), vault.rootToken()).write("secret/data/app", Map.of("data", Map.of("v", "two")));
    agent.await("the file follows Vault with the new token", QUICKLY, () -> content().equals("two"));
    assertThat(agent.count("authentication successful")).as("one re-login, no loop").isEqualTo(2);
    assertThat(agent.stop()).isZero();
  }

  @Test
  void aVaultRestartedWithEmptyStateGetsANewLoginWithinSeconds() throws Exception {
    String address = vault.address().replaceFirst("^http://", "");
    vault.close();
    vault = DevServer.start(DevOptions.builder().noPostgres(true).listenAddress(address).build());
    seed("after-restart");

    agent.await("a new login", QUICKLY, () -> agent.count("authentication successful") == 2);
    agent.await("the file follows the restarted Vault", QUICKLY, () -> content().equals("after-restart"));
    assertThat(agent.count("authentication successful")).as("one re-login, no loop").isEqualTo(2);
    assertThat(agent.stop()).isZero();
  }
}
