package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.config;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * vaultlet's limits in {@code template_config}, {@code vault.client_timeout} / {@code VAULT_CLIENT_TIMEOUT}, the depth
 * limit of configuration files (HCL and JSON), and long values in problems cut with an ellipsis.
 */
class ConfigLimitsTest {

  @Test
  void defaultsWithoutAnyKey() {
    AgentConfig c = config(AUTO_AUTH);
    assertThat(c.templateSettings().limits()).isEqualTo(new Limits(4L << 20, 4L << 20, 4L << 20, 10_000_000,
        Duration.ofSeconds(5)));
    assertThat(c.vault().clientTimeout()).isEmpty();
  }

  @Test
  void everyLimitHasAKey() {
    AgentConfig c = config(AUTO_AUTH + """
        template_config {
          max_output_size   = "1MiB"
          max_file_size     = "512KiB"
          max_response_size = 2048
          max_render_steps  = 5000
          max_render_time   = "250ms"
        }
        vault { client_timeout = "90s" }
        """);
    assertThat(c.templateSettings().limits())
        .isEqualTo(new Limits(1L << 20, 512L << 10, 2048, 5000, Duration.ofMillis(250)));
    assertThat(c.vault().clientTimeout()).contains(Duration.ofSeconds(90));
  }

  @Test
  void badLimitsAreErrorsAtTheirPosition() {
    List<Problem> problems = errors(AUTO_AUTH + """
        template_config {
          max_output_size  = "lots"
          max_file_size    = 0
          max_render_steps = -1
          max_render_time  = 5
        }
        """);
    assertThat(problems).extracting(Problem::toString).containsExactlyInAnyOrder(
        "agent.hcl:14:22: 'template_config.max_output_size': invalid size \"lots\": write bytes or a unit, e.g. "
            + "\"16MiB\"",
        "agent.hcl:15:22: 'template_config.max_file_size' must be a positive size, e.g. \"16MiB\"",
        "agent.hcl:16:22: 'template_config.max_render_steps' must be a positive number of steps",
        "agent.hcl:17:22: 'template_config.max_render_time' needs a unit: write \"5s\" for seconds (Vault would read"
            + " a bare number here as nanoseconds)");
  }

  @Test
  void vaultClientTimeoutFromTheEnvironmentBeatsTheFile() {
    String file = AUTO_AUTH + "vault { client_timeout = 30 }\n";
    assertThat(config(file).vault().clientTimeout()).contains(Duration.ofSeconds(30));
    assertThat(load(Map.of("VAULT_CLIENT_TIMEOUT", "45"), ConfigOverrides.none(), file).config().vault()
        .clientTimeout()).contains(Duration.ofSeconds(45));
    assertThat(load(Map.of("VAULT_CLIENT_TIMEOUT", "2m"), ConfigOverrides.none(), file).config().vault()
        .clientTimeout()).contains(Duration.ofMinutes(2));
    assertThat(load(Map.of("VAULT_CLIENT_TIMEOUT", "0"), ConfigOverrides.none(), file).config().vault()
        .clientTimeout()).as("0: the default, never unbounded").isEqualTo(Optional.empty());
    assertThat(errors(Map.of("VAULT_CLIENT_TIMEOUT", "soon"), file)).extracting(Problem::toString)
        .singleElement().asString().startsWith("VAULT_CLIENT_TIMEOUT: ");
  }

  @Test
  void aTwentyThousandDeepFileIsAParseErrorWithItsPosition() {
    String deepList = "x = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
    assertThat(errors(AUTO_AUTH + deepList)).extracting(Problem::toString).singleElement().asString()
        .startsWith("agent.hcl:13:105: ").contains("nesting is deeper than 100 levels");
    String deepBlocks = "vault " + "{ a ".repeat(20_000) + "}".repeat(20_000) + "\n";
    assertThat(errors(AUTO_AUTH + deepBlocks)).extracting(Problem::toString).singleElement().asString()
        .startsWith("agent.hcl:13:").contains("nesting is deeper than 100 levels");
    String deepJson = "{\"x\": " + "{\"a\": ".repeat(20_000) + "1" + "}".repeat(20_000) + "}";
    assertThat(errors(deepJson)).extracting(Problem::toString).singleElement().asString()
        .startsWith("agent.hcl:1:").contains("nesting is deeper than 100 levels");
  }

  @Test
  void aMegabyteUnknownKeyIsNamedByItsStart() {
    String key = "k".repeat(1_000_000);
    List<Problem> problems = errors(AUTO_AUTH + "template {\n  contents = \"x\"\n  destination = \"/tmp/x\"\n  "
        + key + " = 1\n}\n");
    assertThat(problems).extracting(Problem::toString).singleElement().asString()
        .startsWith("agent.hcl:16:3: unknown key '" + "k".repeat(64) + "…'")
        .hasSizeLessThan(300);
  }
}
