package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.ConfigLoader;
import io.vaultlet.config.LoadedConfig;
import io.vaultlet.dev.DevOptions;
import io.vaultlet.dev.DevServer;
import io.vaultlet.testing.VaultHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Agent#reload} in process, against the emulator in real time. */
class AgentReloadTest {

  @TempDir Path dir;

  private LoadedConfig load(DevServer vault, String templates) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, vault.rootToken());
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + vault.address() + "\" }\n"
        + "auto_auth {\n  method \"token_file\" {\n    config = { token_file_path = \"" + tokenFile + "\" }\n  }\n"
        + "  sink \"file\" { config = { path = \"" + dir.resolve("sink") + "\" } }\n}\n"
        + templates);
    return ConfigLoader.load(List.of(hcl), Map.of());
  }

  private static String template(String contents, Path out) {
    return "template {\n  contents = \"" + contents + "\"\n  destination = \"" + out + "\"\n}\n";
  }

  private static void awaitFile(Path p) throws InterruptedException {
    for (int i = 0; i < 200 && !Files.exists(p); i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void aReloadAddsTemplatesToAnAgentStartedWithoutAny() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.defaults())) {
      new VaultHttp(vault.address(), vault.rootToken()).write("secret/data/app", Map.of("data", Map.of("v", "hi")));
      Path out = dir.resolve("late.txt");
      AtomicReference<LoadedConfig> next = new AtomicReference<>(load(vault, ""));
      try (Agent agent = new Agent(next.get(), next::get, null)) {
        agent.start();
        assertThat(agent.templateStatus()).isEmpty();

        next.set(load(vault, template("{{ with secret \\\"secret/app\\\" }}{{ .Data.data.v }}{{ end }}", out)));
        agent.reload();
        awaitFile(out);

        assertThat(out).hasContent("hi");
        assertThat(agent.config().templates()).hasSize(1);
      }
    }
  }

  @Test
  void aTemplateSourceThatCannotBeReadKeepsTheRunningTemplates() throws Exception {
    try (DevServer vault = DevServer.start(DevOptions.defaults())) {
      Path out = dir.resolve("a.txt");
      AtomicReference<LoadedConfig> next = new AtomicReference<>(load(vault, template("one", out)));
      try (Agent agent = new Agent(next.get(), next::get, null)) {
        agent.start();
        awaitFile(out);
        assertThat(out).hasContent("one");

        Path src = dir.resolve("gone.ctmpl");
        Files.writeString(src, "x");
        next.set(load(vault, "template {\n  source = \"" + src + "\"\n  destination = \"" + dir.resolve("b.txt")
            + "\"\n}\n"));
        Files.delete(src); // validated, then gone before the runtime reads it
        agent.reload();

        assertThat(agent.config().templates()).singleElement()
            .satisfies(t -> assertThat(t.destination()).isEqualTo(out.toString()));
        assertThat(agent.templateStatus().orElseThrow().templates()).hasSize(1);
      }
    }
  }
}
