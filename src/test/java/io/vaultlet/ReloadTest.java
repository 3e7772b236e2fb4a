package io.vaultlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a SIGHUP applies and what it reports as needing a restart. */
class ReloadTest {

  @TempDir Path dir;

  private static final String VAULT = "vault { address = \"http://127.0.0.1:8200\" }\n";
  private static final String AUTH = "auto_auth {\n  method \"token_file\" {\n"
      + "    config = { token_file_path = \"/run/token\" }\n  }\n"
      + "  sink \"file\" { config = { path = \"/run/sink\" } }\n}\n";
  private static final String TEMPLATE = "template {\n  contents = \"x\"\n  destination = \"/tmp/x\"\n}\n";

  private AgentConfig config(String hcl) throws Exception {
    Path file = dir.resolve("agent.hcl");
    Files.writeString(file, hcl);
    return ConfigLoader.load(List.of(file), Map.of()).config();
  }

  @Test
  void movingBlocksInTheFileIsNoChange() throws Exception {
    AgentConfig before = config(VAULT + AUTH + TEMPLATE);
    AgentConfig after = config(TEMPLATE + "\n\n" + AUTH + "\n" + VAULT);

    assertThat(Reload.needingRestart(before, after)).isEmpty();
    assertThat(before).isNotEqualTo(after); // positions differ: plain equality would report every block
  }

  @Test
  void vaultAutoAuthAndTemplateConfigChangesAreReportedAndNotApplied() throws Exception {
    AgentConfig before = config(VAULT + AUTH + TEMPLATE);
    AgentConfig after = config(VAULT.replace("8200", "8201") + AUTH.replace("/run/sink", "/run/other")
        + "template_config { static_secret_render_interval = \"1m\" }\n" + TEMPLATE.replace("/tmp/x", "/tmp/y")
        + "log_level = \"debug\"\n");

    assertThat(Reload.needingRestart(before, after)).containsExactly("vault", "auto_auth", "template_config");
    AgentConfig applied = Reload.applicable(before, after);
    assertThat(applied.vault()).isEqualTo(before.vault());
    assertThat(applied.autoAuth()).isEqualTo(before.autoAuth());
    assertThat(applied.templateSettings()).isEqualTo(before.templateSettings());
    assertThat(applied.templates()).isEqualTo(after.templates());
    assertThat(applied.log()).isEqualTo(after.log());
  }
}
