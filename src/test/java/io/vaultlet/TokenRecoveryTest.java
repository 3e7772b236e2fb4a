package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.TokenChange;
import io.vaultlet.auth.TokenManager;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.render.TemplateRuntime;
import io.vaultlet.vault.VaultClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues #14 and #15: a token that dies under the agent — revoked out of band, or lost with a Vault restarted with
 * empty state — is replaced within seconds of the first 403, not at its planned re-login minutes later, and the
 * leases that died with it are fetched again right after. Auto-auth and templates wired as {@link Agent} wires them,
 * on a manual clock against the emulator; 10-minute AppRole tokens, so without the 403 → lookup-self → login path
 * nothing would happen before the renewal at about 7 minutes.
 */
class TokenRecoveryTest {

  private static final String ROLE_ID = "role-id-recovery-test";
  private static final String SECRET_ID = "secret-id-recovery-test-0123456789";
  private static final String DB = "{{ with secret \\\"database/creds/app\\\" }}{{ .Data.username }}{{ end }}";
  private static final String KV = "{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}";

  @TempDir Path dir;

  private EmulatorHarness h;
  private TokenManager auth;
  private TemplateRuntime runtime;
  private final List<TokenChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    seed("first");
    Files.writeString(dir.resolve("role-id"), ROLE_ID);
    Files.writeString(dir.resolve("secret-id"), SECRET_ID);
  }

  /** What a Vault holds for this agent: the policy, the AppRole with fixed credentials, a KV secret, a database role. */
  private void seed(String kvValue) {
    h.database("1h", "24h");
    h.kv("app", Map.of("v", kvValue));
    h.http.write("sys/policies/acl/app", Map.of("policy",
        "path \"*\" { capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"] }"));
    h.http.write("sys/auth/approle", Map.of("type", "approle"));
    h.http.write("auth/approle/role/app", Map.of("token_ttl", "10m", "token_max_ttl", "1h",
        "token_policies", "app"));
    h.http.write("auth/approle/role/app/role-id", Map.of("role_id", ROLE_ID));
    h.http.write("auth/approle/role/app/custom-secret-id", Map.of("secret_id", SECRET_ID));
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (auth != null) {
      auth.close();
    }
    h.close();
  }

  /** What {@link Agent#start} does for auto-auth and templates, on the harness's manual scheduler. */
  private void startAgent() throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + h.vault.address() + "\" }\n"
        + "auto_auth {\n  method \"approle\" {\n    config = {\n"
        + "      role_id_file_path = \"" + dir.resolve("role-id") + "\"\n"
        + "      secret_id_file_path = \"" + dir.resolve("secret-id") + "\"\n"
        + "      remove_secret_id_file_after_reading = false\n    }\n  }\n}\n"
        + "template_config { static_secret_render_interval = \"1s\" }\n"
        + "template {\n  contents = \"" + DB + "\"\n  destination = \"" + dir.resolve("db.txt") + "\"\n}\n"
        + "template {\n  contents = \"" + KV + "\"\n  destination = \"" + dir.resolve("kv.txt") + "\"\n}\n");
    AgentConfig config = ConfigLoader.load(List.of(hcl), Map.of()).config();
    VaultClient client = VaultClient.create(VaultClient.Settings.builder(h.vault.address()).build());
    auth = TokenManager.fromConfig(config.autoAuth().orElseThrow(), client, h.scheduler);
    runtime = TemplateRuntime.create(config, client, h.scheduler, h.exitCode::set);
    auth.addTokenListener(runtime.tokenListener());
    auth.addTokenListener(change -> runtime.start());
    auth.addTokenListener(changes::add);
    runtime.onTokenRejected((token, error) -> auth.tokenRejected(token, error.errors()));
    auth.start();
    h.settle();
    assertThat(changes).hasSize(1);
    assertThat(dir.resolve("db.txt")).isNotEmptyFile();
    assertThat(dir.resolve("kv.txt")).hasContent("first");
  }

  /** Advances the manual clock in 100ms steps until {@code done}; the time it took, or fails after {@code limit}. */
  private Duration until(Duration limit, BooleanSupplier done) {
    Instant start = h.scheduler.now();
    while (!done.getAsBoolean()) {
      assertThat(Duration.between(start, h.scheduler.now())).as("waited on the manual clock").isLessThan(limit);
      h.advance(Duration.ofMillis(100));
    }
    return Duration.between(start, h.scheduler.now());
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTokenRevokedOutOfBandIsReplacedWithinSecondsAndItsLeaseFetchedAgain() throws Exception {
    startAgent();
    String firstUser = read("db.txt");
    String accessor = changes.get(0).current().accessor();
    h.resetStats();

    h.fault(Map.of("kind", "revoke_token", "accessor", accessor)); // cascade: its database lease dies with it

    Duration relogin = until(Duration.ofMinutes(3), () -> changes.size() == 2);
    assertThat(relogin).as("new token after the revocation").isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(changes.get(1).reason()).isEqualTo(TokenChange.Reason.INVALID);
    assertThat(h.requests("GET auth/token/lookup-self")).as("the token was checked before logging in again")
        .isEqualTo(1);

    Duration refetch = until(Duration.ofMinutes(3), () -> !read("db.txt").equals(firstUser));
    assertThat(refetch).as("new database credentials after the new token").isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(read("kv.txt")).isEqualTo("first");

    h.advance(Duration.ofMinutes(2));
    assertThat(changes).as("one re-login, no loop").hasSize(2);
    assertThat(h.requests("PUT auth/approle/login")).isEqualTo(1);
  }

  @Test
  void aVaultRestartedWithEmptyStateGetsANewLoginQuickly() throws Exception {
    startAgent();
    String firstUser = read("db.txt");

    h.restartEmpty();
    seed("after-restart"); // the operator restores the configuration; tokens and leases are gone for good

    Duration relogin = until(Duration.ofMinutes(5), () -> changes.size() == 2);
    assertThat(relogin).as("new token after the restart (the old one had ~10 minutes left)")
        .isLessThanOrEqualTo(Duration.ofSeconds(5));
    until(Duration.ofSeconds(10), () -> read("kv.txt").equals("after-restart") && !read("db.txt").equals(firstUser));

    h.advance(Duration.ofMinutes(2));
    assertThat(changes).as("one re-login, no loop").hasSize(2);
  }

  @Test
  void aPolicyRefusalKeepsTheTokenAndIsNotCheckedOverAndOver() throws Exception {
    startAgent();
    h.resetStats();
    h.http.write("sys/policies/acl/app", Map.of("policy",
        "path \"database/*\" { capabilities = [\"read\"] }\npath \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }"));

    h.advance(Duration.ofMinutes(2)); // the KV read is refused (403, permission denied) at every retry

    assertThat(changes).as("the token is valid: no new login").hasSize(1);
    int checks = h.requests("GET auth/token/lookup-self");
    assertThat(checks).as("checked, but at most once per %ss", 10).isBetween(1, 2 * 60 / 10 + 1);
    assertThat(read("kv.txt")).as("the last good file stays").isEqualTo("first");
  }
}
