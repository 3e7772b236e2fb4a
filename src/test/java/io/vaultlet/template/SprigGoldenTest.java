package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code sprig_*} case against what Go's text/template with Sprig produced ({@code src/test/go/spriggolden},
 * docs/templates.md#sprig). Cases marked {@code hand} were written from Sprig v3.3.0's source where Debian's packaged
 * libraries differ from consul-template's. Outputs must be equal; errors must be equal after the phase prefix
 * ({@code execute: }) vaultlet adds, except the few listed in {@link #MESSAGE_DIFFERS}, which must still fail.
 */
class SprigGoldenTest {

  /**
   * Go's engine converts a constant argument for a typed parameter itself, with its own wording ({@code expected
   * bool; found "x"}); vaultlet's functions see the value and say {@code wrong type for value; …}. Both fail.
   */
  private static final Map<String, String> MESSAGE_DIFFERS = Map.of(
      "ternary_notbool", "constant converted by the engine in Go",
      "get_notmap", "constant converted by the engine in Go");

  private static List<JsonNode> goldens() throws Exception {
    try (InputStream in = SprigGoldenTest.class.getResourceAsStream("/sprig/goldens.json")) {
      assertThat(in).as("src/test/resources/sprig/goldens.json").isNotNull();
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).forEach(out::add);
      return out;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesGo() throws Exception {
    return goldens().stream().map(g -> DynamicTest.dynamicTest(g.get("name").asText(), () -> check(g)));
  }

  private static void check(JsonNode g) throws Exception {
    String name = g.get("name").asText();
    Object data = g.has("data") ? GoJson.parse(g.get("data").toString(), GoJson.Numbers.INTEGERS_AS_LONG) : null;
    String output = null;
    String error = null;
    try {
      output = Template.builder(name, g.get("template").asText()).build().execute(new MemoryBrain(), Map.of(), data)
          .output();
    } catch (RenderException e) {
      error = e.getMessage().replaceFirst("^(execute|parse): ", "");
    }
    if (g.hasNonNull("output")) {
      assertThat(error).as("error of " + name).isNull();
      assertThat(output).as(name).isEqualTo(g.get("output").asText());
    } else if (MESSAGE_DIFFERS.containsKey(name)) {
      assertThat(error).as(name + " must fail").isNotNull();
      assertThat(error).as(name + " is listed as differing").isNotEqualTo(g.get("error").asText());
    } else {
      assertThat(output).as("output of failing " + name).isNull();
      // messages pass the process-wide Redactor: a value another test registered as a secret is masked in both
      assertThat(error).as(name).startsWith(io.vaultlet.support.Redactor.redact(g.get("error").asText()));
    }
  }

  @Test
  void theGoldensCoverEverySprigFunctionExceptTheRandomOnes() throws Exception {
    StringBuilder all = new StringBuilder();
    for (JsonNode g : goldens()) {
      all.append(g.get("template").asText()).append('\n');
    }
    List<String> random = List.of("randInt", "shuffle", "bcrypt", "htpasswd", "genPrivateKey", "genCA", "genCAWithKey",
        "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES",
        "buildCustomCert", "ago");
    List<String> missing = new ArrayList<>();
    for (String fn : SprigFunctions.names()) {
      if (!random.contains(fn) && !all.toString().matches("(?s).*\\bsprig_" + fn + "\\b.*")) {
        missing.add(fn);
      }
    }
    assertThat(missing).as("sprig functions without a golden (SprigPropertiesTest covers the random ones)").isEmpty();
  }
}
