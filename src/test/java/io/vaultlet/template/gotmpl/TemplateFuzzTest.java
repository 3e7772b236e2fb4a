package io.vaultlet.template.gotmpl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.testing.Fuzz;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the template lexer and parser, and runs what parses (builtins only, under a render budget): for any text the
 * only failures are the documented ones — a {@link TemplateException} (parse or execution error) or
 * {@link RenderBudget.Exceeded} — in bounded time and on a 512 KiB stack. See {@link Fuzz}.
 */
class TemplateFuzzTest {

  private static final List<String> WORDS = List.of("{{", "}}", "{{- ", " -}}", "(", ")", "|", "$", "$x := ",
      "$x = ", ".", ".a.b", "range ", "if ", "else ", "else if ", "with ", "end", "define \"t\"", "template \"t\"",
      "block \"b\" .", "break", "continue", "printf \"%v\" ", "index ", "slice ", "len ", "and ", "or ", "not ",
      "eq ", "\"", "`", "'a'", "0x1p-2", "1e309", "nil", "true", "/*", "*/", "\\", "\n", "é", "{{ (", ") }}",
      "{{ if 1 }}", "{{ end }}", "{{ range $i, $v := . }}");

  @Test
  void templatesFailOnlyWithTemplateErrors() throws Exception {
    List<String> seeds = new ArrayList<>();
    JsonNode cases = new ObjectMapper().readTree(Path.of("src/test/resources/gotmpl/cases.json").toFile());
    for (JsonNode c : cases) {
      seeds.add(c.path("template").asText());
    }
    RenderBudget.Limits limits = new RenderBudget.Limits(200_000, Duration.ofSeconds(2), 1 << 20);
    new Fuzz("template", seeds, WORDS).run(input -> {
      Template t = Template.parse("fuzz", input);
      RenderBudget previous = RenderBudget.enter(RenderBudget.start(limits, System::nanoTime));
      try {
        t.execute(null);
      } finally {
        RenderBudget.exit(previous);
      }
    }, e -> e instanceof TemplateException || e instanceof RenderBudget.Exceeded);
  }
}
