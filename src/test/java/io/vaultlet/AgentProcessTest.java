package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as a real process: pid file, SIGHUP reload, SIGTERM graceful exit. */
class AgentProcessTest {

  @TempDir Path dir;

  private Path writeConfig(String logLevel) throws IOException {
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, ""
        + "pid_file = \"" + dir.resolve("agent.pid") + "\"\n"
        + "log_level = \"" + logLevel + "\"\n"
        + "auto_auth {\n"
        + "  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n"
        + "  }\n"
        + "}\n"
        + "template {\n"
        + "  contents    = \"hello\"\n"
        + "  destination = \"" + dir.resolve("out.txt") + "\"\n"
        + "}\n");
    return config;
  }

  private Process start(Path config, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.vaultlet.Main", "agent", "-config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static void signal(Process p, String sig) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void writesPidFileReloadsOnHupAndExitsZeroOnTerm() throws Exception {
    Path config = writeConfig("info");
    Path log = dir.resolve("agent.log");
    Path pid = dir.resolve("agent.pid");
    Process p = start(config, log);
    try {
      await("pid file", () -> Files.exists(pid) && read(log).contains("agent: vaultlet agent started"));
      assertThat(Files.readString(pid)).isEqualTo(Long.toString(p.pid()));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pid))).isEqualTo("rw-------");

      writeConfig("debug");
      signal(p, "HUP");
      await("reload", () -> read(log).contains("reload complete"));
      assertThat(read(log)).contains("configuration reloaded: log_level=debug");

      signal(p, "TERM");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(pid).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void invalidReloadKeepsRunningConfiguration() throws Exception {
    Path config = writeConfig("info");
    Path log = dir.resolve("agent.log");
    Process p = start(config, log);
    try {
      await("start", () -> read(log).contains("agent: vaultlet agent started"));
      Files.writeString(config, "template {\n  destination = 5\n  bogus_key = 1\n}\n");
      signal(p, "HUP");
      await("reload error", () -> read(log).contains("keeping the running one"));
      assertThat(read(log)).contains(config + ":");
      assertThat(p.isAlive()).isTrue();
      signal(p, "INT");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void exitAfterAuthWritesTheSinkAndExitsZero() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      String token = createToken(vault);
      Files.writeString(dir.resolve("token"), token);
      Path sink = dir.resolve("sink-token");
      Path config = dir.resolve("auth.hcl");
      Files.writeString(config, ""
          + "vault { address = \"" + vault.address() + "\" }\n"
          + "auto_auth {\n"
          + "  method \"token_file\" {\n"
          + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n"
          + "  }\n"
          + "  sink \"file\" { config = { path = \"" + sink + "\" } }\n"
          + "}\n");
      Path log = dir.resolve("agent.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main", "agent",
          "-config", config.toString(), "-exit-after-auth", "-log-level=trace")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(log)).isZero();
        assertThat(Files.readString(sink)).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sink))).isEqualTo("rw-r-----");
        assertThat(read(log)).contains("exit_after_auth").doesNotContain(token);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void hupAddsATemplateWhileTheTokenAndTheOtherFilesStay() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      String token = vault.rootToken();
      Files.writeString(dir.resolve("token"), token);
      kv(vault, "app", "{\"v\":\"first\"}");
      Path a = dir.resolve("a.txt");
      Path b = dir.resolve("b.txt");
      Path config = dir.resolve("hup.hcl");
      String auth = "auto_auth {\n  method \"token_file\" {\n"
          + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n  }\n}\n";
      Files.writeString(config, "vault { address = \"" + vault.address() + "\" }\n" + auth + kvTemplate(a));
      Path log = dir.resolve("agent.log");
      Process p = start(config, log);
      try {
        await("first file", () -> Files.exists(a) || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        assertThat(a).hasContent("first");

        // the vault block needs a restart: the new template still renders from the running address
        Files.writeString(config, "vault { address = \"http://127.0.0.1:9\" }\n" + auth + kvTemplate(a) + kvTemplate(b));
        signal(p, "HUP");
        await("added template's file", () -> Files.exists(b));

        assertThat(b).hasContent("first");
        assertThat(read(log)).contains("reload: template added").contains("block=vault").doesNotContain(token);
        assertThat(read(log).split("auth.handler: authenticating", -1)).as("one login, none on reload").hasSize(2);
        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static String kvTemplate(Path out) {
    return "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n}\n";
  }

  private static void kv(DevServer vault, String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/secret/data/" + path))
            .header("X-Vault-Token", vault.rootToken())
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + json + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  /** A child token of the emulator's root token (the agent must never print it). */
  private static String createToken(DevServer vault) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/auth/token/create"))
            .header("X-Vault-Token", vault.rootToken())
            .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\":\"1h\",\"policies\":[\"default\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body()).at("/auth/client_token").asText();
  }

  @Test
  void invalidConfigurationExitsOneWithPositions() throws Exception {
    Path config = dir.resolve("bad.hcl");
    Files.writeString(config, "template {\n  source = \"a\"\n  contents = \"b\"\n  destination = \"c\"\n}\n");
    Path log = dir.resolve("agent.log");
    Process p = start(config, log);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).anyMatch(l -> l.startsWith(config + ":") && l.matches(".*:\\d+:\\d+: .*"));
  }
}
