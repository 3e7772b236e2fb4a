package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.Agent;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent wiring: auto-auth hands its token to the template runtime, files render, exit_after_auth waits. */
class AgentTemplatesTest {

  @TempDir
  Path dir;

  private LoadedConfig config(DevServer vault, Path out, boolean exitAfterAuth) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, vault.rootToken());
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + vault.address() + "\" }\n"
        + (exitAfterAuth ? "exit_after_auth = true\n" : "")
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + tokenFile + "\" }\n  }\n}\n"
        + "template {\n  contents = \"{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}\"\n"
        + "  destination = \"" + out + "\"\n}\n");
    return ConfigLoader.load(List.of(hcl), Map.of());
  }

  @Test
  void autoAuthTokensReachTheTemplatesAndFilesRender() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.defaults())) {
      new VaultHttp(vault.address(), vault.rootToken()).write("secret/data/app", Map.of("data", Map.of("v", "hi")));
      Path out = dir.resolve("app.txt");
      LoadedConfig loaded = config(vault, out, false);
      try (Agent agent = new Agent(loaded, () -> loaded, null)) {
        agent.start();
        for (int i = 0; i < 200 && !Files.exists(out); i++) {
          Thread.sleep(50);
        }
        assertThat(out).hasContent("hi");
        assertThat(agent.templateStatus()).isPresent();
        assertThat(agent.forwardToChild("SIGTERM")).isFalse(); // no exec child: the caller stops the agent
      }
    }
  }

  @Test
  void exitAfterAuthExitsZeroOnceEveryTemplateRendered() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.defaults())) {
      new VaultHttp(vault.address(), vault.rootToken()).write("secret/data/app", Map.of("data", Map.of("v", "once")));
      Path out = dir.resolve("once.txt");
      LoadedConfig loaded = config(vault, out, true);
      try (Agent agent = new Agent(loaded, () -> loaded, null)) {
        agent.start();
        Optional<Integer> code = agent.awaitStop(10, TimeUnit.SECONDS);
        assertThat(code).contains(0);
        assertThat(out).hasContent("once");
      }
    }
  }
}
