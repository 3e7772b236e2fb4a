package io.vaultlet;

import static io.vaultlet.AgentProcesses.await;
import static io.vaultlet.AgentProcesses.count;
import static io.vaultlet.AgentProcesses.kv;
import static io.vaultlet.AgentProcesses.read;
import static io.vaultlet.AgentProcesses.signal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README compatibility rows that had only in-process tests, driven through {@code vaultlet agent} as a process (see
 * docs/e2e-coverage.md): configuration directories, JSON files and merging; environment and flag overrides; JSON
 * logs; template options (perms, backup, create_dest_dirs, command, wait, error_on_missing_key); pkiCert reuse across
 * a restart; AppRole auto-auth with re-authentication before the token dies and a response-wrapped sink.
 */
class AgentFeaturesProcessTest {

  private static final Duration SOON = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Process agent(Path log, Map<String, String> env, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.vaultlet.Main",
        "agent"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("BAO_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static String q(Object path) {
    return "\"" + path + "\"";
  }

  @Test
  void aConfigDirectoryWithJsonFilesMergesAndTheEnvironmentAndFlagsWin() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      kv(vault, "app", "{\"v\":\"first\"}");
      Files.writeString(dir.resolve("token"), vault.rootToken());
      Path confd = Files.createDirectories(dir.resolve("conf.d"));
      Files.writeString(confd.resolve("10-auth.hcl"), "vault { address = \"http://127.0.0.1:9\" }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = " + q(dir.resolve("token"))
          + " }\n  }\n}\n");
      Files.writeString(confd.resolve("20-template.json"), "{\"template\": [{\"contents\": "
          + "\"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\", \"destination\": "
          + q(dir.resolve("a.txt")) + "}]}\n");
      Path extra = dir.resolve("extra.hcl");
      Files.writeString(extra, "template {\n  contents = \"extra\"\n  destination = " + q(dir.resolve("b.txt"))
          + "\n}\n");

      // the environment beats the file: VAULT_ADDR names the emulator, the file a closed port
      Path log = dir.resolve("env.log");
      Process p = agent(log, Map.of("VAULT_ADDR", vault.address()), "-config", confd.toString(), "-config",
          extra.toString(), "-exit-after-auth", "-log-format=json");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(read(log)).isZero();
      assertThat(dir.resolve("a.txt")).hasContent("first");
      assertThat(dir.resolve("b.txt")).hasContent("extra");
      List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("==>")).toList();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(JSON.readTree(line).has("@message")).as(line).isTrue();
      }

      // a flag beats the environment
      Files.delete(dir.resolve("a.txt"));
      Path log2 = dir.resolve("flag.log");
      Process p2 = agent(log2, Map.of("VAULT_ADDR", "http://127.0.0.1:9"), "-config", confd.toString(),
          "-config", extra.toString(), "-exit-after-auth", "-address=" + vault.address());
      assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p2.exitValue()).as(read(log2)).isZero();
      assertThat(dir.resolve("a.txt")).hasContent("first");
    }
  }

  @Test
  void templateOptionsThroughTheAgentAndACertificateReusedAcrossARestart() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      VaultHttp http = new VaultHttp(vault.address(), vault.rootToken());
      http.write("sys/mounts/pki", Map.of("type", "pki", "config", Map.of("max_lease_ttl", "87600h")));
      http.write("pki/root/generate/internal", Map.of("common_name", "Dev Root", "ttl", "8760h"));
      http.write("pki/roles/web", Map.of("allowed_domains", "svc.test", "allow_subdomains", true, "max_ttl", "72h"));
      kv(vault, "app", "{\"v\":\"first\"}");
      Files.writeString(dir.resolve("token"), vault.rootToken());
      Path out = dir.resolve("nested/deeper/app.conf"); // create_dest_dirs (default true)
      Path missing = dir.resolve("missing.txt");
      Path cert = dir.resolve("web.pem");
      Path commands = dir.resolve("commands.log");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, "vault { address = " + q(vault.address()) + " }\n"
          + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = " + q(dir.resolve("token"))
          + " }\n  }\n}\n"
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
          + "  destination = " + q(out) + "\n  perms = \"0600\"\n  backup = true\n"
          + "  command = \"echo rendered >> " + commands + "\"\n  wait {\n    min = \"1s\"\n  }\n}\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.nokey }}{{ end }}\"\n"
          + "  destination = " + q(missing) + "\n  error_on_missing_key = true\n}\n"
          + "template {\n  contents = \"{{ with pkiCert \\\"pki/issue/web\\\" \\\"common_name=a.svc.test\\\" "
          + "\\\"ttl=24h\\\" }}{{ .Cert }}{{ .Key }}{{ end }}\"\n  destination = " + q(cert) + "\n}\n");
      Path log = dir.resolve("agent.log");
      Process p = agent(log, Map.of(), "-config", config.toString());
      String issued;
      try {
        await("first render", SOON, () -> read(out).equals("first") && read(cert).contains("PRIVATE KEY")
            || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        await("command", SOON, () -> read(commands).equals("rendered\n"));
        await("missing key error", SOON, () -> read(log).contains("map has no entry for key"));
        assertThat(missing).doesNotExist();
        issued = read(cert);

        kv(vault, "app", "{\"v\":\"second\"}");
        await("changed secret", SOON, () -> read(out).equals("second"));
        assertThat(Path.of(out + ".bak")).hasContent("first");
        await("command again", SOON, () -> read(commands).equals("rendered\nrendered\n"));
        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }

      Path log2 = dir.resolve("agent2.log");
      Process again = agent(log2, Map.of(), "-config", config.toString());
      try {
        await("restarted agent rendered", SOON, () -> read(log2).contains("missing.txt") || !again.isAlive());
        Thread.sleep(2000);
        assertThat(read(cert)).as("a valid certificate on disk is reused, not issued again").isEqualTo(issued);
        assertThat(read(log2)).doesNotContain("certificate issued");
        signal(again, "TERM");
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
      } finally {
        again.destroyForcibly();
      }
    }
  }

  @Test
  void approleLogsInAgainBeforeItsTokenDiesAndTheSinkHoldsAWrappedToken() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      VaultHttp http = new VaultHttp(vault.address(), vault.rootToken());
      http.write("sys/auth/approle", Map.of("type", "approle"));
      http.write("sys/policies/acl/app", Map.of("policy",
          "path \"secret/data/app\" { capabilities = [\"read\"] }\n"
              + "path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }\n"));
      http.write("auth/approle/role/web", Map.of("token_policies", List.of("app"), "token_ttl", "4s",
          "token_max_ttl", "8s"));
      Files.writeString(dir.resolve("role-id"), http.get("auth/approle/role/web/role-id").string("role_id"));
      Files.writeString(dir.resolve("secret-id"),
          http.write("auth/approle/role/web/secret-id", Map.of()).string("secret_id"));
      kv(vault, "app", "{\"v\":\"first\"}");
      Path out = dir.resolve("app.txt");
      Path sink = dir.resolve("sink");
      Path config = dir.resolve("agent.hcl");
      Files.writeString(config, "vault { address = " + q(vault.address()) + " }\n"
          + "auto_auth {\n  method \"approle\" {\n    config = {\n      role_id_file_path = " + q(dir.resolve("role-id"))
          + "\n      secret_id_file_path = " + q(dir.resolve("secret-id"))
          + "\n      remove_secret_id_file_after_reading = false\n    }\n  }\n"
          + "  sink \"file\" {\n    wrap_ttl = \"5m\"\n    config = { path = " + q(sink) + " }\n  }\n}\n"
          + "template_config { static_secret_render_interval = \"1s\" }\n"
          + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
          + "  destination = " + q(out) + "\n}\n");
      Path log = dir.resolve("agent.log");
      Process p = agent(log, Map.of(), "-config", config.toString());
      try {
        await("first render", SOON, () -> read(out).equals("first") || !p.isAlive());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        await("a second login before the 8s max TTL ends", SOON,
            () -> count(log, "authentication successful") >= 2);
        kv(vault, "app", "{\"v\":\"second\"}");
        await("the new token reads the changed secret", SOON, () -> read(out).equals("second"));

        // as Vault Agent writes it: the wrap_info as JSON, whose token unwraps to the agent's token
        String wrapping = JSON.readTree(read(sink)).path("token").asText();
        assertThat(wrapping).isNotEmpty();
        VaultHttp.Response unwrapped = http.withToken(wrapping).post("sys/wrapping/unwrap", Map.of());
        assertThat(unwrapped.status()).as(unwrapped.body()).isEqualTo(200);
        String agentToken = String.valueOf(unwrapped.data().get("token")); // sys/wrapping/wrap of {"token": …}
        assertThat(http.withToken(agentToken).get("auth/token/lookup-self").string("display_name"))
            .contains("approle");
        assertThat(read(log)).doesNotContain(wrapping).doesNotContain(agentToken);
        signal(p, "TERM");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
