package io.vaultlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vaultlet config check}, run in-process. */
class ConfigCheckCommandTest {

  private static final String SECRET_ID = "5f6c7a9e-secret-id-value-2b1d";
  private static final String TOKEN = "hvs.CAESIJ3v9tokenvalueAbCdEfGhIjKlMn";
  private static final String PASSWORD = "correct-horse-battery-staple";

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    CommandLine cmd = Main.newCommandLine();
    ConfigCheckCommand check = cmd.getSubcommands().get("config").getSubcommands().get("check").getCommand();
    check.environment = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void validConfigPrintsTheEffectiveConfigurationAsJson() throws Exception {
    Path file = write("agent.hcl", """
        auto_auth {
          method "approle" {
            config = { role_id_file_path = "/etc/role-id" }
          }
          sink "file" { config = { path = "/run/token" } }
        }
        template {
          contents    = "{{ with secret \\"kv/app\\" }}{{ .Data.data.user }}{{ end }}"
          destination = "/run/app.env"
          perms       = 0600
          wait { min = "5s" }
        }
        """);
    Result r = run(Map.of("VAULT_ADDR", "http://env:8200"), "config", "check", "-config", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/vault/address").asText()).isEqualTo("http://env:8200");
    assertThat(json.at("/vault/retry/num_retries").asInt()).isEqualTo(12);
    assertThat(json.at("/auto_auth/method/mount_path").asText()).isEqualTo("auth/approle");
    assertThat(json.at("/auto_auth/method/min_backoff").asText()).isEqualTo("1s");
    assertThat(json.at("/auto_auth/method/config/role_id_file_path").asText()).isEqualTo("/etc/role-id");
    assertThat(json.at("/auto_auth/sink/0/config/mode").asText()).isEqualTo("0640");
    assertThat(json.at("/template/0/perms").asText()).isEqualTo("0600");
    assertThat(json.at("/template/0/wait/max").asText()).isEqualTo("20s");
    assertThat(json.at("/template_config/static_secret_render_interval").asText()).isEqualTo("5m0s");
  }

  @Test
  void vaultFlagsBeatTheEnvironmentAndTheFile() throws Exception {
    Path file = write("agent.hcl", """
        vault {
          address         = "https://file:8200"
          tls_server_name = "file.example"
        }
        template {
          contents    = "x"
          destination = "/run/x"
        }
        """);
    Result r = run(Map.of("VAULT_ADDR", "http://env:8200", "VAULT_TLS_SERVER_NAME", "env.example"),
        "config", "check", "-config", file.toString(), "-address=http://flag:8200", "-tls-skip-verify");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/vault/address").asText()).isEqualTo("http://flag:8200");
    assertThat(json.at("/vault/tls_server_name").asText()).isEqualTo("env.example");
    assertThat(json.at("/vault/tls_skip_verify").asBoolean()).isTrue();
  }

  @Test
  void warningsGoToStderrAndTheExitCodeStaysZero() throws Exception {
    Path file = write("agent.hcl", """
        auto_auth {
          method "approle" {}
        }
        cache { use_auto_auth_token = true }
        listener "tcp" {
          address = "127.0.0.1:8100"
        }
        """);
    Result r = run(Map.of(), "config", "check", "-config", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err().lines()).containsExactly(
        file + ":5:1: warning: listener \"tcp\" serves TLS unless 'tls_disable' is true: without 'tls_cert_file'"
            + " and 'tls_key_file' it cannot start");
  }

  @Test
  void invalidConfigExitsOneWithOneLinePerProblem() throws Exception {
    Path file = write("agent.hcl", """
        auto_auth {
          method "approle" {
            wrap_ttl = "soon"
          }
          sink "socket" { config = { path = "/t" } }
        }
        """);
    Result r = run(Map.of(), "config", "check", "-config", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        file + ":3:16: 'auto_auth.method.wrap_ttl': invalid duration \"soon\" (expected e.g. \"30s\", \"5m\","
            + " \"1h30m\")",
        file + ":5:3: unknown sink type \"socket\" (only \"file\" is supported)");
  }

  @Test
  void severalConfigFlagsAndDirectoriesAreMerged() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(confDir.resolve("10-auth.hcl"), "auto_auth {\n  method \"jwt\" {}\n  sink \"file\" {"
        + " config = { path = \"/t\" } }\n}\n");
    Path override = write("override.hcl", "vault {\n  address = \"http://override:8200\"\n}\n");
    Result r = run(Map.of(), "config", "check", "-config", confDir.toString(), "-config", override.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/vault/address").asText()).isEqualTo("http://override:8200");
    assertThat(json.at("/auto_auth/method/type").asText()).isEqualTo("jwt");
  }

  @Test
  void secretsFromTheConfigNeverReachStdoutOrStderr() throws Exception {
    Path file = write("agent.hcl", """
        auto_auth {
          method "approle" {
            config = {
              role_id_file_path = "/etc/role-id"
              secret_id         = "%s"
              nested = { password = "%s" }
            }
          }
          sink "file" { config = { path = "/run/token", token = "%s" } }
        }
        template {
          contents    = "static token %s"
          destination = "/run/token-copy"
        }
        listener "tcp" {
          address       = "127.0.0.1:8100"
          tls_key_file  = "/etc/tls/key.pem"
          client_key    = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEabc\\n-----END RSA PRIVATE KEY-----"
        }
        """.formatted(SECRET_ID, PASSWORD, TOKEN, TOKEN));
    List<Result> results = new ArrayList<>();
    results.add(run(Map.of(), "config", "check", "-config", file.toString()));
    Path broken = write("broken.hcl", Files.readString(file) + "\nexec {\n  unknown_key = \"" + SECRET_ID + "\"\n}\n");
    results.add(run(Map.of(), "config", "check", "-config", broken.toString()));

    assertThat(results.get(0).code()).as(results.get(0).err()).isZero();
    assertThat(results.get(1).code()).isEqualTo(1);
    for (Result r : results) {
      for (String secret : List.of(SECRET_ID, TOKEN, PASSWORD, "MIIEabc")) {
        assertThat(r.out()).doesNotContain(secret);
        assertThat(r.err()).doesNotContain(secret);
      }
    }
    JsonNode json = new ObjectMapper().readTree(results.get(0).out());
    assertThat(json.at("/auto_auth/method/config/secret_id").asText()).isEqualTo("[redacted]");
    assertThat(json.at("/auto_auth/method/config/nested/password").asText()).isEqualTo("[redacted]");
    assertThat(json.at("/auto_auth/method/config/role_id_file_path").asText()).isEqualTo("/etc/role-id");
    assertThat(json.at("/listener/0/tls_key_file").asText()).as("a path is not a secret").isEqualTo("/etc/tls/key.pem");
  }

  @Test
  void strictTurnsKeysVaultIgnoresIntoErrors() throws Exception {
    Path file = write("agent.hcl", """
        auto_auth {
          method "approle" {
            config = { role_id_file_path = "/etc/role-id" }
          }
          sink "file" { config = { path = "/run/token" } }
        }
        template_config {
          error_on_missing_key = true
        }
        """);
    Result lenient = run(Map.of(), "config", "check", "-config", file.toString());
    assertThat(lenient.code()).as(lenient.err()).isZero();
    assertThat(lenient.err()).isEqualTo(file + ":8:3: warning: unknown key 'error_on_missing_key' in 'template_config'"
        + " is ignored ('error_on_missing_key' belongs in 'template')" + System.lineSeparator());

    Result strict = run(Map.of(), "config", "check", "-strict", "-config", file.toString());
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).isEqualTo(file + ":8:3: unknown key 'error_on_missing_key' in 'template_config'"
        + " ('error_on_missing_key' belongs in 'template') (Vault Agent ignores it; -strict makes it an error)"
        + System.lineSeparator());
  }

  @Test
  void noConfigIsAnError() {
    Result r = run(Map.of(), "config", "check");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no configuration given: pass -config <file|dir> or set VAULT_AGENT_CONFIG_PATH");
  }

  @Test
  void templateSourcesThatCannotBeReadAreErrorsWithTheirPlace() throws Exception {
    Path fifo = dir.resolve("fifo.ctmpl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path empty = write("empty.ctmpl", "");
    Path file = write("agent.hcl", ""
        + "template {\n  source = \"" + dir.resolve("missing.ctmpl") + "\"\n  destination = \"/tmp/a\"\n}\n"
        + "template {\n  source = \"" + fifo + "\"\n  destination = \"/tmp/b\"\n}\n"
        + "template {\n  source = \"" + dir + "\"\n  destination = \"/tmp/c\"\n}\n"
        + "template {\n  source = \"" + empty + "\"\n  destination = \"/tmp/d\"\n}\n");
    Result r = run(Map.of("VAULT_TOKEN", "t"), "config", "check", "-config", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(file + ":1:1: template source \"" + dir.resolve("missing.ctmpl") + "\": no such file")
        .contains(file + ":5:1: template source \"" + fifo + "\": is not a regular file")
        .contains(file + ":9:1: template source \"" + dir + "\": is a directory");
    Result skipped = run(Map.of("VAULT_TOKEN", "t"), "config", "check", "-config", file.toString(),
        "-skip-source-check");
    assertThat(skipped.code()).as(skipped.err()).isZero();

    Path ok = write("ok.hcl", "template {\n  source = \"" + empty + "\"\n  destination = \"/tmp/d\"\n}\n");
    Result warned = run(Map.of("VAULT_TOKEN", "t"), "config", "check", "-config", ok.toString());
    assertThat(warned.code()).as(warned.err()).isZero();
    assertThat(warned.err()).contains(ok + ":1:1: warning: template source \"" + empty + "\" is empty");
  }
}
