package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public API's behaviour; Go's semantics themselves are covered by {@link GoldenTest}. */
class TemplateTest {

  @Test
  void parsesOnceAndExecutesWithDifferentData() throws Exception {
    Template t = Template.parse("t", "{{.name}}={{len .items}}");

    assertThat(t.execute(Map.of("name", "a", "items", List.of(1L, 2L)))).isEqualTo("a=2");
    assertThat(t.execute(Map.of("name", "b", "items", List.of()))).isEqualTo("b=0");
  }

  @Test
  void parseErrorsAreReportedBeforeAnyExecution() {
    assertThatThrownBy(() -> Template.parse("cfg", "ok\n{{ if .x }}"))
        .isInstanceOfSatisfying(TemplateException.class, e -> {
          assertThat(e.phase()).isEqualTo(TemplateException.Phase.PARSE);
          assertThat(e.getMessage()).isEqualTo("template: cfg:2: unexpected EOF");
        });
  }

  @Test
  void executionErrorCarriesGoPositionAndNoOutput() throws Exception {
    Template t = Template.parse("cfg", "password={{ .a.b }}");

    assertThatThrownBy(() -> t.execute(Map.of("a", "x")))
        .isInstanceOfSatisfying(TemplateException.class, e -> {
          assertThat(e.phase()).isEqualTo(TemplateException.Phase.EXECUTE);
          assertThat(e.getMessage()).isEqualTo(
              "template: cfg:1:14: executing \"cfg\" at <.a.b>: can't evaluate field b in type interface {}");
        });
  }

  @Test
  void lookupFindsDefinedTemplates() throws Exception {
    Template t = Template.parse("main", "{{define \"greet\"}}hi {{.}}{{end}}[{{template \"greet\" .}}]");

    assertThat(t.templateNames()).containsExactlyInAnyOrder("greet", "main");
    assertThat(t.lookup("nope")).isEmpty();
    assertThat(t.lookup("greet").orElseThrow().execute("bob")).isEqualTo("hi bob");
    assertThat(t.executeTemplate("greet", "ann", ExecOptions.defaults())).isEqualTo("hi ann");
    assertThat(t.execute("x")).isEqualTo("[hi x]");
  }

  @Test
  void executeTemplateOfUnknownNameFailsAsGo() throws Exception {
    Template t = Template.parse("main", "x");

    assertThatThrownBy(() -> t.executeTemplate("other", null, ExecOptions.defaults()))
        .hasMessage("template: no template \"other\" associated with template \"main\"");
  }

  @Test
  void elseWithChainsAsInGo123() throws Exception {
    Template t = Template.parse("t", "{{with .a}}A{{.}}{{else with .b}}B{{.}}{{else}}C{{end}}");

    assertThat(Nodes.format(t.tree().root()))
        .isEqualTo("{{with .a}}A{{.}}{{else}}{{with .b}}B{{.}}{{else}}C{{end}}{{end}}");
    assertThat(t.execute(Map.of("a", 1L, "b", 2L))).isEqualTo("A1");
    assertThat(t.execute(Map.of("b", 2L))).isEqualTo("B2");
    assertThat(t.execute(Map.of())).isEqualTo("C");
  }

  @Test
  void elseWithOnlyContinuesAWith() {
    assertThatThrownBy(() -> Template.parse("t", "{{if .a}}{{else with .b}}{{end}}"))
        .hasMessage("template: t:1: unexpected <with> in input");
    assertThatThrownBy(() -> Template.parse("t", "{{with .a}}{{else if .b}}{{end}}"))
        .hasMessage("template: t:1: unexpected <if> in input");
  }

  @Test
  void functionsMustBeNamedAtParseTime() {
    assertThatThrownBy(() -> Template.parse("t", "{{ toUpper .x }}"))
        .hasMessage("template: t:1: function \"toUpper\" not defined");
  }

  @Test
  void functionNamedAtParseButMissingAtExecution() throws Exception {
    Template t = Template.parse("t", "{{ toUpper .x }}", ParseOptions.defaults().withFunctionNames(Set.of("toUpper")));

    assertThatThrownBy(() -> t.execute(Map.of("x", "a")))
        .hasMessage("template: t:1:3: executing \"t\" at <toUpper>: \"toUpper\" is not a defined function");
  }

  @Test
  void userFunctionsOverrideBuiltins() throws Exception {
    Template t = Template.parse("t", "{{ len .x }}");
    ExecOptions options = ExecOptions.defaults().withFunctions(Map.of("len", args -> "custom"));

    assertThat(t.execute(Map.of("x", "abc"), options)).isEqualTo("custom");
  }

  @Test
  void argumentExceptionIsReportedAtTheFunctionWithoutErrorCalling() throws Exception {
    Template t = Template.parse("t", "{{ f 1 2 }}", ParseOptions.defaults().withFunctionNames(Set.of("f")));
    ExecOptions options = ExecOptions.defaults().withFunctions(Map.of("f", args -> {
      throw new TemplateFunction.ArgumentException("wrong number of args for f: want 1 got 2");
    }));

    assertThatThrownBy(() -> t.execute(null, options))
        .hasMessage("template: t:1:3: executing \"t\" at <f>: wrong number of args for f: want 1 got 2");
  }

  @Test
  void otherFunctionFailuresAreErrorCallingAtTheCommand() throws Exception {
    Template t = Template.parse("t", "{{ f 1 2 }}", ParseOptions.defaults().withFunctionNames(Set.of("f")));
    ExecOptions options = ExecOptions.defaults().withFunctions(Map.of("f", args -> {
      throw new IllegalStateException("vault is sealed");
    }));

    assertThatThrownBy(() -> t.execute(null, options))
        .hasMessage("template: t:1:3: executing \"t\" at <f 1 2>: error calling f: vault is sealed");
  }

  @Test
  void functionsSeeTheExecutionContext() throws Exception {
    List<Object> seen = new ArrayList<>();
    TemplateFunction probe = args -> {
      ExecutionContext ctx = ExecutionContext.current();
      seen.add(ctx.dot());
      seen.add(ctx.root());
      return ctx.executeTemplate("sub", args.get(0));
    };
    Template t = Template.parse("t", "{{define \"sub\"}}<{{.}}>{{end}}{{range .l}}{{probe .}}{{end}}",
        ParseOptions.defaults().withFunctionNames(Set.of("probe")));
    Map<String, Object> data = Map.of("l", List.of("a"));

    String out = t.execute(data, ExecOptions.defaults().withFunctions(Map.of("probe", probe)));

    assertThat(out).isEqualTo("<a>");
    assertThat(seen).containsExactly("a", data);
  }

  @Test
  void executionContextExistsOnlyDuringExecution() {
    assertThatThrownBy(ExecutionContext::current).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void functionResultsAreNormalisedToTheDataModel() throws Exception {
    Template t = Template.parse("t", "{{ eq (three) 3 }} {{ lt (half) 1.0 }}",
        ParseOptions.defaults().withFunctionNames(Set.of("three", "half")));
    ExecOptions options = ExecOptions.defaults()
        .withFunctions(Map.of("three", args -> 3, "half", args -> 0.5f));

    assertThat(t.execute(null, options)).isEqualTo("true true");
  }

  @Test
  void consulTemplateMissingKeySettings() throws Exception {
    Template t = Template.parse("t", "{{ .a }}");

    assertThat(t.execute(Map.of(), new ExecOptions(Map.of(), false))).isEqualTo("<no value>");
    assertThatThrownBy(() -> t.execute(Map.of(), new ExecOptions(Map.of(), true)))
        .hasMessage("template: t:1:3: executing \"t\" at <.a>: map has no entry for key \"a\"");
  }

  @Test
  void customDelimiters() throws Exception {
    Template t = Template.parse("t", "{{ raw }} [[ .x ]]", ParseOptions.defaults().withDelimiters("[[", "]]"));

    assertThat(t.execute(Map.of("x", 1L))).isEqualTo("{{ raw }} 1");
  }

  @Test
  void concurrentExecutionsDoNotInterfere() throws Exception {
    Template t = Template.parse("t", "{{range $i, $v := .}}{{$i}}:{{$v}};{{end}}");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int n = 0; n < 40; n++) {
        long seed = n;
        results.add(pool.submit(() -> {
          List<Object> data = List.of(seed, seed + 1);
          String expected = "0:" + seed + ";1:" + (seed + 1) + ";";
          for (int k = 0; k < 200; k++) {
            if (!t.execute(data).equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
