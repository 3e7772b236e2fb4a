package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration with keys Vault Agent ignores (a top-level {@code sink}, {@code mount_path} in {@code auto_auth},
 * {@code token} in {@code vault}: all from real configurations), run as a separate {@code vaultlet agent} process:
 * it authenticates and writes its sink as Vault Agent would, saying where each ignored key is; with {@code -strict}
 * it refuses to start, naming each key.
 */
class AgentStrictProcessTest {

  /** A token written where Vault Agent ignores it: never printed, though its key is warned about. */
  private static final String IGNORED_TOKEN = "hvs.CAESIIgnoredTokenInTheVaultBlock0123";

  @TempDir Path dir;

  private Path config(DevServer vault, Path sink) throws IOException {
    Files.writeString(dir.resolve("token"), vault.rootToken());
    Path config = dir.resolve("agent.hcl");
    Files.writeString(config, ""
        + "vault {\n"
        + "  address = \"" + vault.address() + "\"\n"
        + "  token   = \"" + IGNORED_TOKEN + "\"\n"
        + "}\n"
        + "auto_auth {\n"
        + "  mount_path = \"auth/token\"\n"
        + "  method \"token_file\" {\n"
        + "    config = { token_file_path = \"" + dir.resolve("token") + "\" }\n"
        + "  }\n"
        + "  sink \"file\" { config = { path = \"" + sink + "\" } }\n"
        + "}\n"
        + "sink \"file\" {\n"
        + "  config = { path = \"" + dir.resolve("never-written") + "\" }\n"
        + "}\n");
    return config;
  }

  private Process agent(Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.vaultlet.Main", "agent"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void withoutStrictTheAgentRunsAndWarnsOncePerIgnoredKey() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      Path sink = dir.resolve("sink-token");
      Path config = config(vault, sink);
      Path log = dir.resolve("agent.log");
      Process p = agent(log, "-config", config.toString(), "-exit-after-auth");
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(sink).hasContent(vault.rootToken());
        assertThat(dir.resolve("never-written")).doesNotExist();
        assertThat(out)
            .contains("unknown key 'token' in 'vault' is ignored: at=" + config + ":3:3")
            .contains("unknown key 'mount_path' in 'auto_auth' is ignored ('mount_path' belongs in"
                + " 'auto_auth.method'): at=" + config + ":6:3")
            .contains("unknown key 'sink' in the configuration is ignored ('sink' belongs in 'auto_auth'): at="
                + config + ":12:1")
            .doesNotContain(vault.rootToken())
            .doesNotContain(IGNORED_TOKEN);
        assertThat(out.split("unknown key 'token'", -1)).as("warned once").hasSize(2);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void withStrictTheAgentRefusesToStartAndNamesEveryKey() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.builder().build())) {
      Path sink = dir.resolve("sink-token");
      Path config = config(vault, sink);
      Path log = dir.resolve("agent.log");
      Process p = agent(log, "-strict", "-config", config.toString(), "-exit-after-auth");
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out.lines().filter(l -> l.contains("-strict makes it an error")).toList()).containsExactly(
            config + ":3:3: unknown key 'token' in 'vault' (Vault Agent ignores it; -strict makes it an error)",
            config + ":6:3: unknown key 'mount_path' in 'auto_auth' ('mount_path' belongs in 'auto_auth.method')"
                + " (Vault Agent ignores it; -strict makes it an error)",
            config + ":12:1: unknown key 'sink' in the configuration ('sink' belongs in 'auto_auth')"
                + " (Vault Agent ignores it; -strict makes it an error)");
        assertThat(sink).doesNotExist();
        assertThat(out).doesNotContain(IGNORED_TOKEN);
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
