package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec mode end to end: {@code io.vaultlet.Main agent} as a real process against the in-process emulator, supervising
 * a shell-script child whose environment comes from an {@code env_template}.
 */
class AgentExecProcessTest {

  @TempDir Path dir;

  private DevServer vault;
  private Process agent;
  private Path log;
  private Path seen;

  @BeforeEach
  void vault() throws IOException {
    vault = DevServer.start(DevOptions.builder().build());
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    vault.close();
  }

  /**
   * The child appends {@code start <DB_USER> <DB_HOST>} when it starts; on SIGTERM it appends {@code term <DB_USER>}
   * and exits 7.
   */
  private Path childScript() throws IOException {
    Path script = dir.resolve("child.sh");
    Files.writeString(script, ""
        + "#!/bin/sh\n"
        + "echo \"start $DB_USER $DB_HOST\" >> '" + seen + "'\n"
        + "trap 'echo \"term $DB_USER\" >> \"" + seen + "\"; exit 7' TERM\n"
        + "while true; do sleep 0.1; done\n");
    return script;
  }

  private void startAgent(String restartPolicy) throws IOException {
    seen = dir.resolve("seen.txt");
    Files.writeString(dir.resolve("token"), vault.rootToken());
    Path config = dir.resolve("exec.hcl");
    Files.writeString(config, ""
        + "vault { address = \"" + vault.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n"
        + "template_config { static_secret_render_interval = \"1s\" }\n"
        + "env_template \"DB_HOST\" {\n"
        + "  contents = \"{{ with secret \\\"secret/host\\\" }}{{ .Data.data.host }}{{ end }}\"\n}\n"
        + "env_template \"DB_USER\" {\n"
        + "  contents = \"{{ with secret \\\"secret/db\\\" }}{{ .Data.data.user }}{{ end }}\"\n}\n"
        + "exec {\n  command = [\"/bin/sh\", \"" + childScript() + "\"]\n"
        + "  restart_on_secret_changes = \"" + restartPolicy + "\"\n}\n");
    log = dir.resolve("agent.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main", "agent",
        "-config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void theChildStartsAfterTheFirstRenderRestartsWithNewSecretsAndItsExitCodeEndsTheAgent() throws Exception {
    startAgent("always");
    await("agent started", () -> read(log).contains("vaultlet agent started"));
    kv("db", "{\"user\":\"alice\"}");
    Thread.sleep(2000); // secret/host does not exist yet: DB_HOST cannot render, so no child
    assertThat(seen).doesNotExist();
    assertThat(agent.isAlive()).isTrue();

    kv("host", "{\"host\":\"db1\"}"); // found at the next retry of the failed read
    await("first child", () -> read(seen).contains("start"));
    assertThat(lines()).containsExactly("start alice db1");

    kv("db", "{\"user\":\"bob\"}"); // re-read within the 1s static interval, restarted after the 2s debounce
    await("restarted child", () -> lines().size() >= 3);
    assertThat(lines()).containsExactly("start alice db1", "term alice", "start bob db1");
    assertThat(agent.isAlive()).isTrue();

    signal("TERM"); // forwarded to the child; the agent exits with its code
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).as(read(log)).isEqualTo(7);
    assertThat(lines()).containsExactly("start alice db1", "term alice", "start bob db1", "term bob");
    assertThat(read(log)).doesNotContain(vault.rootToken()).doesNotContain("alice").doesNotContain("bob");
  }

  @Test
  void withRestartNeverTheChildKeepsItsEnvironment() throws Exception {
    kv("db", "{\"user\":\"alice\"}");
    kv("host", "{\"host\":\"db1\"}");
    startAgent("never");
    await("first child", () -> read(seen).contains("start"));

    kv("db", "{\"user\":\"bob\"}");
    await("update noticed", () -> read(log).contains("detected update, but not restarting process"));
    Thread.sleep(2500); // past the debounce: still the first child
    assertThat(lines()).containsExactly("start alice db1");

    signal("TERM");
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(7);
  }

  private List<String> lines() {
    String s = read(seen);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  private void kv(String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/secret/data/" + path))
            .header("X-Vault-Token", vault.rootToken())
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + json + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  private void signal(String sig) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(agent.pid())).start().waitFor()).isZero();
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what + "\n" + read(log)).isBefore(deadline);
      assertThat(agent.isAlive()).as("agent died while waiting for " + what + "\n" + read(log)).isTrue();
      Thread.sleep(50);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
