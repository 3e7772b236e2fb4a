package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code gotmpl/goldens.json} (written by Go's text/template, see src/test/go/tmplgolden) and
 * expects the same output, or the same error text in the same phase, and the same parse tree rendering.
 */
class GoldenTest {

  private static final Map<String, TemplateFunction> FUNCTIONS = TestFunctions.all();

  static Stream<Arguments> goldens() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in = GoldenTest.class.getResourceAsStream("/gotmpl/goldens.json")) {
      JsonNode root = mapper.readTree(in);
      List<Arguments> out = new ArrayList<>();
      for (JsonNode c : root) {
        out.add(Arguments.of(c.get("name").asText(), c));
      }
      return out.stream();
    }
  }

  @Test
  void goldensAreUpToDateWithTheCases() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode cases;
    JsonNode goldens;
    try (InputStream c = GoldenTest.class.getResourceAsStream("/gotmpl/cases.json");
        InputStream g = GoldenTest.class.getResourceAsStream("/gotmpl/goldens.json")) {
      cases = mapper.readTree(c);
      goldens = mapper.readTree(g);
    }
    assertThat(goldens.size()).as("regenerate goldens: see docs/template-language.md").isEqualTo(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      for (String field : List.of("name", "template", "data", "leftDelim", "rightDelim", "missingKey", "execName")) {
        assertThat(goldens.get(i).get(field)).as("%s of case %s", field, cases.get(i).get("name"))
            .isEqualTo(cases.get(i).get(field));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void matchesGo(String name, JsonNode golden) throws Exception {
    ParseOptions parseOptions = ParseOptions.defaults()
        .withDelimiters(text(golden, "leftDelim"), text(golden, "rightDelim"))
        .withFunctionNames(FUNCTIONS.keySet());
    ExecOptions execOptions = ExecOptions.defaults().withFunctions(FUNCTIONS)
        .withMissingKey(missingKey(text(golden, "missingKey")));
    Object data = golden.has("data") ? toModel(golden.get("data")) : null;
    String template = golden.get("template").asText();
    String phase = text(golden, "phase");

    if ("parse".equals(phase)) {
      assertThatThrownBy(() -> Template.parse(name, template, parseOptions))
          .isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.phase()).isEqualTo(TemplateException.Phase.PARSE);
            assertThat(e.getMessage()).isEqualTo(golden.get("error").asText());
          });
      return;
    }
    Template t = Template.parse(name, template, parseOptions);
    if (golden.has("tree")) {
      assertThat(Nodes.format(t.tree().root())).as("parse tree").isEqualTo(golden.get("tree").asText());
    }
    String execName = text(golden, "execName");
    if ("exec".equals(phase)) {
      assertThatThrownBy(() -> run(t, execName, data, execOptions))
          .isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.phase()).isEqualTo(TemplateException.Phase.EXECUTE);
            assertThat(e.getMessage()).isEqualTo(golden.get("error").asText());
          });
      return;
    }
    assertThat(run(t, execName, data, execOptions)).isEqualTo(golden.get("output").asText());
  }

  private static String run(Template t, String execName, Object data, ExecOptions options)
      throws TemplateException {
    return execName.isEmpty() ? t.execute(data, options) : t.executeTemplate(execName, data, options);
  }

  private static ExecOptions.MissingKey missingKey(String option) {
    return switch (option) {
      case "error" -> ExecOptions.MissingKey.ERROR;
      case "zero" -> ExecOptions.MissingKey.ZERO;
      default -> ExecOptions.MissingKey.DEFAULT;
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? "" : v.asText();
  }

  /** JSON to the template data model, as the Go generator decodes it. */
  static Object toModel(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), toModel(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(toModel(e)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.asLong() : (Object) n.asDouble();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isNull()) {
      return null;
    }
    return n.asText();
  }
}
