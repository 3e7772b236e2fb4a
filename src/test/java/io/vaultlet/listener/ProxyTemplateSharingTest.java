package io.vaultlet.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.vault.VaultClient;
import io.vaultlet.vault.VaultResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy → template sharing, counted at the emulator ({@code /_dev/stats}): an application reads
 * {@code database/creds/app} through the agent's cache with the auto-auth token; a template that starts using the same
 * secret afterwards (added by a reload) takes over that lease instead of asking Vault for a second credential — the
 * file holds the application's username, Vault saw one {@code GET database/creds/app} in all, and the one lease is
 * renewed by the template side only.
 */
class ProxyTemplateSharingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final String BASE = ""
      + "api_proxy { use_auto_auth_token = true }\n"
      + "cache {}\n"
      + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_disable = true\n}\n";

  @Test
  void aTemplateStartingOnASecretTheProxyFetchedTakesOverItsLease() throws Exception {
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    io.vaultlet.support.Log.Level level = io.vaultlet.support.Log.level();
    io.vaultlet.support.Log.setOutput(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    io.vaultlet.support.Log.setLevel(io.vaultlet.support.Log.Level.TRACE);
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.database("1h", "24h");
      f.start(BASE);
      resetStats(f);
      VaultClient app = VaultClient.create(VaultClient.Settings.builder(f.url()).maxRetries(0).build());
      VaultResponse first = app.read("database/creds/app").orElseThrow();
      assertThat(first.header("X-Cache")).contains("MISS");
      String user = first.data().path("username").asText();
      assertThat(user).isNotEmpty();
      assertThat(creds(f)).as("the application's read reached Vault").isEqualTo(1);

      Path out = dir.resolve("db.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, Files.readString(config)
          + "template {\n  contents = \"{{ with secret \\\"database/creds/app\\\" }}{{ .Data.username }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n");
      f.agent.reload();
      ListenerFixture.await("the template to render", () -> Files.exists(out));

      assertThat(out).as("the template got the application's credential").hasContent(user);
      assertThat(creds(f)).as("no second credential was created at Vault").isEqualTo(1);

      // the application still gets the same credential, now answered from the template's lease
      VaultResponse again = app.read("database/creds/app").orElseThrow();
      assertThat(again.leaseId()).isEqualTo(first.leaseId());
      assertThat(again.header("X-Cache")).contains("HIT");
      assertThat(creds(f)).isEqualTo(1);

      // one lease, renewed on the template side only: no proxied entry is left for it
      JsonNode leases = JSON.readTree(f.get("/agent/v1/status").body()).path("leases");
      assertThat(leases).hasSize(1);
      assertThat(leases.get(0).path("dependency").asText()).isEqualTo("vault.read(database/creds/app)");
      String shown = leases.get(0).path("lease_id").asText(); // database/creds/app/…abcd
      assertThat(shown).startsWith("database/creds/app/…");
      assertThat(first.leaseId()).endsWith(shown.substring(shown.indexOf('…') + 1));

      // the hand-over is logged without the credential, the lease id or the token
      String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(logged).contains("using the lease the API proxy's cache already holds");
      assertThat(logged).doesNotContain(first.data().path("password").asText()).doesNotContain(first.leaseId())
          .doesNotContain(f.token);
    } finally {
      io.vaultlet.support.Log.setOutput(System.err);
      io.vaultlet.support.Log.setLevel(level);
    }
  }

  @Test
  void aTemplateDoesNotTakeALeaseObtainedWithAnotherToken() throws Exception {
    try (ListenerFixture f = new ListenerFixture(dir)) {
      f.database("1h", "24h");
      f.start(BASE);
      // a lease the application obtained with a token the cache manages but the template does not use
      String child = (String) f.root.withToken(f.token).write("auth/token/create", java.util.Map.of("ttl", "1h"))
          .auth().get("client_token");
      VaultClient app = VaultClient.create(VaultClient.Settings.builder(f.url()).maxRetries(0).build())
          .withToken(child);
      String user = app.read("database/creds/app").orElseThrow().data().path("username").asText();
      resetStats(f);
      Path out = dir.resolve("db.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, Files.readString(config)
          + "template {\n  contents = \"{{ with secret \\\"database/creds/app\\\" }}{{ .Data.username }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n");
      f.agent.reload();
      ListenerFixture.await("the template to render", () -> Files.exists(out));
      assertThat(Files.readString(out)).isNotEqualTo(user);
      assertThat(creds(f)).as("the template fetched its own credential").isEqualTo(1);
    }
  }

  private static void resetStats(ListenerFixture f) throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.vault.address() + "/_dev/stats")).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET database/creds/app} requests the emulator served since the last reset. */
  private static int creds(ListenerFixture f) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(f.vault.address() + "/_dev/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("requests").path("GET database/creds/app").asInt(0);
  }
}
