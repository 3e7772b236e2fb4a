package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaultlet agent} as a real process with {@code listener}, {@code api_proxy}, {@code cache} and
 * {@code telemetry}: curl (an unmodified HTTP client) reads a secret through it without a token, the metrics move,
 * health is 200 once rendered, 503 naming the template while its render keeps failing past
 * {@code render_error_budget} and 200 again once it renders ({@code AgentHealthTest} checks the timing, and the lease
 * margin during an outage, on a manual clock), {@code vaultlet status} prints the table from the unix socket, and
 * {@code /agent/v1/quit} stops it with exit 0.
 */
class AgentListenerProcessTest {

  @TempDir Path dir;

  @Test
  void curlThroughTheListenerMetricsHealthStatusAndQuit() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || onPath("curl"),
        "SKIPPED: curl is not installed on this machine; this test drives the listener with curl");
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      VaultHttp root = new VaultHttp(vault.address(), vault.rootToken());
      String token = (String) root.write("auth/token/create", Map.of("policies", List.of("root"), "ttl", "1h"))
          .auth().get("client_token");
      Files.writeString(dir.resolve("token"), token);
      root.write("secret/data/app", Map.of("data", Map.of("password", "s3cr3t-value", "port", "8080")));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path socket = dir.resolve("agent.sock");
      Path out = dir.resolve("app.txt");
      Path portFile = dir.resolve("port.txt");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, ""
          + "vault { address = \"" + vault.address() + "\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + dir.resolve("token")
          + "\" }\n  }\n}\n"
          + "api_proxy { use_auto_auth_token = true }\n"
          + "cache {}\n"
          + "telemetry {\n  prometheus_retention_time = \"30s\"\n  disable_hostname = true\n}\n"
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.password }}{{ end }}\"\n"
          + "  destination = \"" + out + "\"\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/data/app\\\" }}{{ .Data.data.port | parseInt }}{{ end }}\"\n"
          + "  destination = \"" + portFile + "\"\n}\n"
          + "listener \"tcp\" {\n  address = \"127.0.0.1:" + port + "\"\n  tls_disable = true\n"
          + "  agent_api {\n    enable_quit = true\n    render_error_budget = \"1s\"\n  }\n}\n"
          + "listener \"unix\" {\n  address = \"" + socket + "\"\n  socket_mode = \"0600\"\n}\n");
      Path log = dir.resolve("agent.log");
      Process p = AgentProcesses.agent(config, log);
      String base = "http://127.0.0.1:" + port;
      try {
        await("the agent's readiness", p, log, () -> curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
            base + "/agent/v1/ready").equals("200"));
        assertThat(out).hasContent("s3cr3t-value");

        String body = curl("-s", base + "/v1/secret/data/app");
        assertThat(body).contains("\"password\":\"s3cr3t-value\"");
        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Vault-Token: hvs.bogus",
            base + "/v1/secret/data/app")).isEqualTo("403");

        String metrics = curl("-s", base + "/agent/v1/metrics?format=prometheus");
        assertThat(metrics).contains("# TYPE vault_agent_proxy_success counter")
            .contains("vault_agent_proxy_client_error 1")
            .contains("vault_agent_template_rendered{destination=\"" + out + "\"} 1");
        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/agent/v1/health")).isEqualTo("200");

        // a render that keeps failing past render_error_budget: 503 naming the template; fixed: 200 again
        root.write("secret/data/app", Map.of("data", Map.of("password", "s3cr3t-value", "port", "eighty")));
        await("health to report the failing template", p, log, () -> curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
            base + "/agent/v1/health").equals("503"));
        assertThat(curl("-s", base + "/agent/v1/health")).contains("\"template\":\"" + portFile + "\"")
            .contains("failing to render since");
        assertThat(portFile).hasContent("8080");
        root.write("secret/data/app", Map.of("data", Map.of("password", "s3cr3t-value", "port", "8081")));
        await("health back after the fix", p, log, () -> curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
            base + "/agent/v1/health").equals("200"));
        assertThat(portFile).hasContent("8081");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String status = run(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main", "status",
            "-socket", socket.toString());
        // the demo's live table, from the running agent
        String header = io.vaultlet.listener.StatusTable.render(new io.vaultlet.render.RuntimeStatus(Instant.now(),
            List.of(), List.of()), Instant.now());
        assertThat(status).startsWith(header);
        assertThat(status.lines().filter(l -> l.startsWith("app.txt ")).findFirst().orElseThrow())
            .contains(" rendered ").contains(" ago ");
        String wide = run(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main", "status",
            "-socket", socket.toString(), "-format", "wide");
        assertThat(wide).contains("DESTINATION").contains(out.toString()).contains("DEPENDENCY");

        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "GET", base + "/agent/v1/quit"))
            .isEqualTo("405");
        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", base + "/agent/v1/quit"))
            .isEqualTo("200");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(socket).doesNotExist();
        assertThat(read(log)).doesNotContain(token).doesNotContain("s3cr3t-value");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static boolean onPath(String cmd) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, cmd))) {
        return true;
      }
    }
    return false;
  }

  private static String curl(String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "curl";
    cmd[1] = "--max-time";
    cmd[2] = "20";
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      return run(cmd);
    } catch (IOException e) {
      return "";
    }
  }

  private static String run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
