package io.vaultlet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.ConfigLoader;
import io.vaultlet.lease.EmulatorHarness;
import io.vaultlet.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14's log scan: templates that fail on a secret — the {@code pkiCert} private key given to
 * {@code parseFloat}, a KV value passed through other functions first — at every log level and in both log formats.
 * The failure is logged (with Go's wording), the secret never: not the key's PEM armour, not a piece of a value.
 */
class TemplateErrorLogTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PASSWORD = "pw-" + RUN + "-not-a-number";
  private static final String JSON = "{\"token\":\"t0k-" + RUN + "\"}";

  @TempDir Path dir;

  private EmulatorHarness h;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private Log.Level previous;

  @BeforeEach
  void start() throws Exception {
    h = new EmulatorHarness();
    h.pki("24h");
    h.kv("app", Map.of("password", PASSWORD, "json", JSON));
    previous = Log.level();
    Log.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    Log.configure(previous, Log.Format.STANDARD);
    Log.setOutput(System.err);
    h.close();
  }

  private AgentConfig config() throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(hcl, "vault { address = \"" + h.vault.address() + "\" }\n"
        + template("{{ with pkiCert \\\"pki/issue/svc\\\" \\\"common_name=a.svc.test\\\" }}{{ .Key | parseFloat }}"
            + "{{ end }}", "key.txt")
        + template("{{ with secret \\\"secret/app\\\" }}{{ .Data.data.password | trimSpace | parseInt }}{{ end }}",
            "pw.txt")
        + template("{{ with secret \\\"secret/app\\\" }}{{ add (.Data.data.json | toUpper) 1 }}{{ end }}", "json.txt"));
    return ConfigLoader.load(List.of(hcl), Map.of()).config();
  }

  private String template(String contents, String out) {
    return "template {\n  contents = \"" + contents + "\"\n  destination = \"" + dir.resolve(out) + "\"\n}\n";
  }

  @Test
  void aSecretAFunctionFailedOnIsInNoLogLineAtAnyLevelInEitherFormat() throws Exception {
    AgentConfig config = config();
    for (Log.Format format : Log.Format.values()) {
      for (Log.Level level : Log.Level.values()) {
        captured.reset();
        Log.configure(level, format);
        TemplateRuntime runtime = TemplateRuntime.create(config, h.client, h.scheduler, code -> { });
        try {
          runtime.start();
          h.settle();
          h.advance(Duration.ofSeconds(1));
        } finally {
          runtime.close();
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        String where = format + "/" + level + ":\n" + logs;
        assertThat(logs).as(where).contains("template failed to render")
            .contains("strconv.ParseFloat: parsing").contains("strconv.ParseInt: parsing")
            .contains("unknown type for");
        assertThat(logs).as(where).doesNotContain("PRIVATE KEY", "BEGIN", "END EC", RUN, "T0K-", "NOT-A-NUMBER");
        assertThat(dir.resolve("key.txt")).doesNotExist();
      }
    }
  }
}
