package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.auth.AuthToken;
import io.vaultlet.auth.TokenChange;
import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.lease.EmulatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRuntimeTest {

  @TempDir
  Path dir;

  private EmulatorHarness h;
  private TemplateRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    h.close();
  }

  private AgentConfig config(String hcl) throws Exception {
    Path file = dir.resolve("agent.hcl");
    Files.writeString(file, hcl);
    return ConfigLoader.load(List.of(file), Map.of()).config();
  }

  @Test
  void anAgentConfigRendersItsTemplatesOnceTheFirstTokenArrives() throws Exception {
    h.kv("app", Map.of("password", "from-kv"));
    Path src = dir.resolve("app.ctmpl");
    Files.writeString(src, "pw={{ with secret \"secret/app\" }}{{ .Data.data.password }}{{ end }} "
        + "addr={{ env \"VAULT_ADDR\" }}");
    Path out = dir.resolve("out/app.conf");
    AgentConfig config = config("vault { address = \"" + h.vault.address() + "\" }\n"
        + "template_config { static_secret_render_interval = \"1m\" }\n"
        + "template {\n  source = \"" + src + "\"\n  destination = \"" + out + "\"\n  perms = \"0600\"\n}\n");
    runtime = TemplateRuntime.create(config, h.client.withToken(null), h.scheduler, h.exitCode::set);

    runtime.tokenListener().tokenChanged(new TokenChange(AuthToken.of(h.vault.rootToken(), "acc", List.of(), false,
        h.scheduler.now(), Duration.ZERO), Optional.empty(), Optional.empty(), TokenChange.Reason.FIRST_LOGIN));
    runtime.start();
    h.settle();

    assertThat(out).hasContent("pw=from-kv addr=" + h.vault.address());
    assertThat(runtime.allRendered()).isTrue();
    h.kv("app", Map.of("password", "changed"));
    h.advance(Duration.ofMinutes(1)); // static_secret_render_interval from template_config
    assertThat(out).hasContent("pw=changed addr=" + h.vault.address());
    assertThat(runtime.status().templates()).singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo("rendered"));
  }

  /** {@code -1} disables the retries; it used to become 0 in the binder and then 12 again here. */
  @Test
  void numRetriesMinusOneDisablesTheRetries() throws Exception {
    Path hcl = dir.resolve("retries.hcl");
    java.nio.file.Files.writeString(hcl, "vault {\n  address = \"http://127.0.0.1:8200\"\n"
        + "  retry { num_retries = -1 }\n}\nauto_auth {\n  method \"token_file\" {\n"
        + "    config = { token_file_path = \"/tmp/t\" }\n  }\n}\n"
        + "template {\n  contents = \"x\"\n  destination = \"" + dir.resolve("out") + "\"\n}\n");
    io.vaultlet.config.AgentConfig c = io.vaultlet.config.ConfigLoader.load(java.util.List.of(hcl),
        java.util.Map.of()).config();
    assertThat(TemplateRuntime.retry(c.vault()).enabled()).isFalse();
  }

  @Test
  void numRetriesBecomesThePerDependencyRetryBudget() {
    assertThat(TemplateRuntime.retry(new io.vaultlet.config.VaultConfig("http://x", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), 3))
        .attempts()).isEqualTo(3);
  }
}
