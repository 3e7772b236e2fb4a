package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.testing.EmbeddedPostgres;
import io.vaultlet.testing.ReaderLoop;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaultlet agent} as a real process with {@code verify}, {@code grace_period} and {@code slots = "blue_green"}
 * against {@code vaultlet dev} and a real PostgreSQL: a new credential fails its check once (on purpose), is verified
 * on the retry, the link switches to the other slot while a reader never sees a missing or partial file, the agent is
 * killed during the grace period, and the restarted agent revokes the previous credential on time.
 */
class RotationProcessTest {

  private static final Pattern CREDS = Pattern.compile("user=(\\S+)\npassword=(\\S+)\n");

  @TempDir Path dir;

  @Test
  void verifySwitchSlotsAndRevokeAfterTheGraceEvenAcrossACrash() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      VaultHttp http = new VaultHttp(vault.address(), vault.rootToken());
      http.write("sys/mounts/database", Map.of("type", "database"));
      // 60s: the replaced credential must outlive the crash and the restart (a JVM start under load takes seconds),
      // or there is nothing left for the restarted agent to revoke: restore skips a lease past its expiry.
      http.write("database/roles/app", Map.of("db_name", "postgres", "creation_statements", EmulatorHarness.CREATE,
          "default_ttl", "60s", "max_ttl", "1h"));
      Files.writeString(dir.resolve("token"), vault.rootToken());
      Path fails = dir.resolve("fails");
      Files.writeString(fails, "0");
      Path check = dir.resolve("check.sh");
      Files.writeString(check, "r=$(cat " + fails + ")\nif [ \"$r\" -gt 0 ]; then echo $((r-1)) > " + fails
          + "; echo \"refusing on purpose: $(head -1 \"$VAULTLET_STAGED_FILE\")\"; exit 1; fi\n");
      Path out = dir.resolve("secrets").resolve("db.env");
      Path config = writeConfig(vault, out, check);

      Path log1 = dir.resolve("agent-1.log");
      Process agent = start(config, log1);
      ReaderLoop reader = null;
      List<String> secrets = new ArrayList<>();
      try {
        await("first render", () -> Files.exists(out) || !agent.isAlive());
        assertThat(agent.isAlive()).as(read(log1)).isTrue();
        assertThat(Files.readSymbolicLink(out)).isEqualTo(Path.of("db.env.blue"));
        String[] first = creds(out);
        secrets.addAll(List.of(first));
        assertThat(whoAmI(first)).isEqualTo(first[0]);
        reader = new ReaderLoop(out, CREDS).start();

        Files.writeString(fails, "1"); // the next credential fails its check once
        refuseTheNextRenewal(vault); // the agent's renewal is refused: it fetches a new credential
        await("switch to green", () -> isLinkedTo(out, "db.env.green"));
        String[] second = creds(out);
        secrets.addAll(List.of(second));
        assertThat(second[0]).isNotEqualTo(first[0]);
        assertThat(whoAmI(second)).isEqualTo(second[0]);
        assertThat(creds(dir.resolve("secrets/db.env.blue"))).containsExactly(first);
        assertThat(Files.readString(out)).contains("previous_user=" + first[0]);
        Path state = dir.resolve("state/rotation-state.json");
        await("pending revocation saved", () -> read(state).contains("revoke_at"));
        assertThat(read(log1)).contains("step=verify result=failed")
            .contains("refusing on purpose: user=[redacted]")
            .contains("step=verify result=succeeded").contains("step=switch result=succeeded")
            .contains("step=grace result=pending");

        new ProcessBuilder("kill", "-KILL", Long.toString(agent.pid())).start().waitFor(); // crash in the grace
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path log2 = dir.resolve("agent-2.log");
        Process restarted = start(config, log2);
        try {
          await("the restarted agent switches to blue", () -> isLinkedTo(out, "db.env.blue"));
          String[] third = creds(out);
          secrets.addAll(List.of(third));
          await("both previous credentials revoked", () -> count(read(log2), "step=revoke result=succeeded") >= 2);
          assertThat(read(log2)).contains("restored a pending revocation");
          assertThat(logsIn(first)).as("revoked after its grace, by the restarted agent").isFalse();
          assertThat(logsIn(second)).isFalse();
          assertThat(whoAmI(third)).isEqualTo(third[0]);

          reader.stop();
          assertThat(reader.failure()).as("every read through the link saw a complete credential").isNull();
          assertThat(reader.reads()).isPositive();

          new ProcessBuilder("kill", "-TERM", Long.toString(restarted.pid())).start().waitFor();
          assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(restarted.exitValue()).isZero();
          for (String secret : secrets) {
            assertThat(read(log1)).doesNotContain(secret);
            assertThat(read(log2)).doesNotContain(secret);
          }
        } finally {
          restarted.destroyForcibly();
        }
      } finally {
        if (reader != null) {
          reader.stop();
        }
        agent.destroyForcibly();
      }
    }
  }

  private Path writeConfig(DevServer vault, Path out, Path check) throws IOException {
    int port = EmbeddedPostgres.shared().port();
    String creds = "{{ with secret \\\"database/creds/app\\\" }}";
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, ""
        + "vault { address = \"" + vault.address() + "\" }\n"
        + "state_dir = \"" + dir.resolve("state") + "\"\n"
        + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n"
        + "template {\n"
        + "  contents     = \"" + creds + "user={{ .Data.username }}\\npassword={{ .Data.password }}\\n"
        + "previous_user={{ .Previous.Data.username }}\\n{{ end }}\"\n"
        + "  destination  = \"" + out + "\"\n"
        + "  perms        = \"0600\"\n"
        + "  command      = \"echo reloaded >> " + dir.resolve("reloads") + "\"\n"
        + "  grace_period = \"3s\"\n"
        + "  slots        = \"blue_green\"\n"
        + "  verify {\n"
        + "    postgres = \"" + creds + "postgresql://{{ .Data.username }}:{{ .Data.password }}@127.0.0.1:" + port
        + "/postgres{{ end }}\"\n"
        + "    command  = [\"/bin/sh\", \"" + check + "\"]\n"
        + "    timeout  = \"10s\"\n"
        + "  }\n"
        + "}\n");
    return config;
  }

  private static void refuseTheNextRenewal(DevServer vault) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(vault.address() + "/_dev/faults")).POST(HttpRequest.BodyPublishers.ofString(
            "{\"kind\":\"status\",\"status\":400,\"path_prefix\":\"sys/leases/renew\",\"count\":1,"
                + "\"message\":\"lease is not renewable right now\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isBetween(200, 299);
  }

  private Process start(Path config, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main", "agent",
        "-config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static boolean isLinkedTo(Path link, String slot) {
    try {
      return Files.readSymbolicLink(link).toString().equals(slot);
    } catch (IOException e) {
      return false;
    }
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String[] creds(Path file) throws IOException {
    Matcher m = CREDS.matcher(Files.readString(file));
    assertThat(m.find()).isTrue();
    return new String[] {m.group(1), m.group(2)};
  }

  private static String whoAmI(String[] creds) throws SQLException {
    try (Connection c = DriverManager.getConnection(EmbeddedPostgres.shared().jdbcUrl("postgres"), creds[0],
        creds[1]); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static boolean logsIn(String[] creds) {
    try {
      return whoAmI(creds).equals(creds[0]);
    } catch (SQLException e) {
      return false;
    }
  }
}
