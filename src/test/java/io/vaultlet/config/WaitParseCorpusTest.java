package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.AUTO_AUTH;
import static io.vaultlet.config.ConfigTestSupport.config;
import static io.vaultlet.config.ConfigTestSupport.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultlet.config.TemplateConfig.WaitConfig;
import io.vaultlet.support.UnitCaseCorpus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * consul-template's {@code TestParseWaitConfig} cases (section {@code wait_parse}) through the string form of a
 * template's {@code wait}. vaultlet words the errors as configuration problems naming the key.
 */
class WaitParseCorpusTest {

  /** consul-template's error, by name, and the problem vaultlet reports for it. */
  private static final Map<String, String> ERRORS = Map.of(
      "ErrWaitStringEmpty", "'template.wait': cannot be empty",
      "ErrWaitInvalidFormat", "'template.wait': invalid format",
      "ErrWaitNegative", "'template.wait' must not be negative",
      "ErrWaitMinLTMax", "'template.wait': min must be less than max");

  @TestFactory
  Stream<DynamicTest> parsesTheStringFormAsConsulTemplateDoes() {
    return UnitCaseCorpus.tests("wait_parse", WaitParseCorpusTest::check);
  }

  private static void check(JsonNode c) {
    String hcl = AUTO_AUTH + """
        template {
          contents    = "x"
          destination = "/out"
          wait        = "%s"
        }
        """.formatted(c.path("input").asText());
    if (c.has("expected_error")) {
      String expected = ERRORS.get(c.path("expected_error").asText());
      assertThat(expected).as("a vaultlet message for %s", c.path("expected_error")).isNotNull();
      assertThat(errors(hcl)).extracting(Problem::message).anySatisfy(m -> assertThat(m).startsWith(expected));
    } else {
      WaitConfig want = new WaitConfig(Duration.ofMillis(c.path("expected_min_ms").asLong()),
          Duration.ofMillis(c.path("expected_max_ms").asLong()));
      assertThat(config(hcl).templates().get(0).waitConfig()).isEqualTo(Optional.of(want));
    }
  }
}
