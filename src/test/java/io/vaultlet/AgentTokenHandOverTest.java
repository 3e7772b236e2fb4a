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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-auth and templates wired as {@link Agent} wires them, with 30s AppRole tokens (60s max TTL) so re-logins
 * happen within a minute of the manual clock: a new token re-issues no valid certificate, and the database lease
 * obtained with the old token is replaced before that token dies (and the emulator revokes its leases).
 */
class AgentTokenHandOverTest {

  private static final String DB = "{{ with secret \\\"database/creds/app\\\" }}{{ .Data.username }}{{ end }}";
  private static final String CERT = "{{ with secret \\\"pki/issue/svc\\\" \\\"common_name=a.svc.test\\\" }}"
      + "{{ .Data.certificate }}\\n{{ .Data.private_key }}{{ end }}";

  @TempDir Path dir;

  private EmulatorHarness h;
  private TokenManager auth;
  private TemplateRuntime runtime;
  private final List<TokenChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.database("1h", "24h");
    h.pki("24h");
    h.http.write("sys/policies/acl/app", Map.of("policy",
        "path \"*\" { capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\", \"sudo\"] }"));
    h.http.write("sys/auth/approle", Map.of("type", "approle"));
    h.http.write("auth/approle/role/app", Map.of("token_ttl", "30s", "token_max_ttl", "60s",
        "token_policies", "app"));
    Files.writeString(dir.resolve("role-id"), h.http.get("auth/approle/role/app/role-id").string("role_id"));
    Files.writeString(dir.resolve("secret-id"),
        h.http.write("auth/approle/role/app/secret-id", Map.of()).string("secret_id"));
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

  private AgentConfig config() throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + h.vault.address() + "\" }\n"
        + "auto_auth {\n  method \"approle\" {\n    config = {\n"
        + "      role_id_file_path = \"" + dir.resolve("role-id") + "\"\n"
        + "      secret_id_file_path = \"" + dir.resolve("secret-id") + "\"\n"
        + "      remove_secret_id_file_after_reading = false\n    }\n  }\n}\n"
        + "template {\n  contents = \"" + DB + "\"\n  destination = \"" + dir.resolve("db.txt") + "\"\n}\n"
        + "template {\n  contents = \"" + CERT + "\"\n  destination = \"" + dir.resolve("cert.pem") + "\"\n}\n");
    return ConfigLoader.load(List.of(hcl), Map.of()).config();
  }

  /** What {@link Agent#start} does for auto-auth and templates, on the harness's manual scheduler. */
  private void startAgent() throws Exception {
    AgentConfig config = config();
    VaultClient client = VaultClient.create(VaultClient.Settings.builder(h.vault.address()).build());
    auth = TokenManager.fromConfig(config.autoAuth().orElseThrow(), client, h.scheduler);
    runtime = TemplateRuntime.create(config, client, h.scheduler, h.exitCode::set);
    auth.addTokenListener(runtime.tokenListener());
    auth.addTokenListener(change -> runtime.start());
    auth.addTokenListener(changes::add);
    auth.start();
    h.settle();
  }

  private int issues() {
    return h.requests("PUT pki/issue/svc") + h.requests("POST pki/issue/svc");
  }

  private List<?> dbLeases() {
    Object keys = h.http.list("sys/leases/lookup/database/creds/app/").data().get("keys");
    return keys instanceof List<?> l ? l : List.of();
  }

  @Test
  void aReloginKeepsTheCertificateAndReplacesTheOldTokensLeaseBeforeItDies() throws Exception {
    startAgent();
    Path db = dir.resolve("db.txt");
    Path cert = dir.resolve("cert.pem");
    assertThat(changes).hasSize(1);
    String firstUser = Files.readString(db);
    String firstCert = Files.readString(cert);
    assertThat(firstCert).contains("BEGIN CERTIFICATE").contains("PRIVATE KEY");
    assertThat(dbLeases()).hasSize(1);
    assertThat(issues()).as("the counter sees the first issue").isEqualTo(1);
    h.resetStats();

    while (changes.size() < 2 && h.scheduler.now().isBefore(changes.get(0).current().obtainedAt().plusSeconds(60))) {
      h.advance(Duration.ofMillis(500));
    }
    assertThat(changes).as("a new token before the first one's max TTL").hasSize(2);
    TokenChange relogin = changes.get(1);
    Instant oldExpiry = relogin.previousExpiry().orElseThrow();
    // when in the first half of the old token's remaining life is random here (LeaseWatcherTest pins it)

    h.advance(Duration.between(h.scheduler.now(), oldExpiry.minusSeconds(1)));
    assertThat(h.requests("GET database/creds/app")).as("re-fetched with the new token before the old one dies")
        .isEqualTo(1);
    assertThat(db).content().isNotEqualTo(firstUser);
    assertThat(issues()).as("a valid certificate is not re-issued").isZero();
    assertThat(cert).hasContent(firstCert);

    h.advance(Duration.ofSeconds(2)); // the old token is gone, and with it its lease
    assertThat(changes).hasSize(2);
    assertThat(dbLeases()).as("only the new token's lease is left").hasSize(1);
    assertThat(h.requests("GET database/creds/app")).isEqualTo(1);
    assertThat(issues()).isZero();
  }
}
