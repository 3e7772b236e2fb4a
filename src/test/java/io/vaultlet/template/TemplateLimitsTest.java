package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vaultlet.config.Limits;
import io.vaultlet.template.gotmpl.RenderBudget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * vaultlet's per-render limits (docs/limits.md): steps, time and output size end one render with an error that names
 * the limit and the key that raises it; nesting too deep to parse is Go's {@code max expression depth exceeded};
 * functions that would build something huge are stopped before they allocate it.
 */
class TemplateLimitsTest {

  private final MemoryBrain brain = new MemoryBrain();

  private static Template go(String text, RenderBudget.Limits limits) {
    return Template.builder("t", text).processEnv(k -> null).limits(limits).build();
  }

  private static RenderBudget.Limits defaults() {
    Limits d = Limits.defaults();
    return new RenderBudget.Limits(d.maxRenderSteps(), d.maxRenderTime(), d.maxOutputSize());
  }

  private static RenderBudget.Limits steps(long n) {
    return new RenderBudget.Limits(n, Duration.ofHours(1), Long.MAX_VALUE);
  }

  private static RenderBudget.Limits output(long n) {
    return new RenderBudget.Limits(Long.MAX_VALUE, Duration.ofHours(1), n);
  }

  @Test
  void aRunawayRangeStopsAtTheStepBudgetNamingTheKey() throws Exception {
    Template t = go("{{ range $i := loop 2000 }}{{ range loop 2000 }}{{ end }}{{ end }}done", steps(100_000));
    assertThatThrownBy(() -> t.execute(brain, Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessage("execute: render exceeded its step budget (100000 steps); raise it with "
            + "template_config.max_render_steps");
    assertThat(go("{{ range loop 100 }}{{ end }}done", steps(1_000)).execute(brain, Map.of()).output())
        .isEqualTo("done");
  }

  @Test
  void threeHundredMillionIterationsFailAtOnceUnderTheDefaults() {
    Template t = go("{{ range loop 300000000 }}{{ end }}", defaults());
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> t.execute(brain, Map.of())).hasMessageContaining("max_render_steps"));
    Template sprig = go("{{ range sprig_until 300000000 }}{{ end }}", defaults());
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> sprig.execute(brain, Map.of())).hasMessageContaining("max_render_steps"));
  }

  @Test
  void theTimeBudgetIsMeasuredOnTheGivenClock() {
    AtomicLong now = new AtomicLong();
    Template t = Template.builder("t", "{{ range loop 3000 }}{{ range loop 1000 }}{{ end }}{{ end }}")
        .processEnv(k -> null)
        .limits(new RenderBudget.Limits(Long.MAX_VALUE, Duration.ofSeconds(5), Long.MAX_VALUE))
        .nanoTime(() -> now.addAndGet(Duration.ofMillis(10).toNanos())) // 10 ms pass at every look at the clock
        .build();
    assertThatThrownBy(() -> t.execute(brain, Map.of()))
        .hasMessage("execute: render exceeded its time budget (PT5S); raise it with template_config.max_render_time");
  }

  @Test
  void aBacktrackingRegexIsEndedByTheTimeBudget() {
    AtomicLong now = new AtomicLong();
    Template t = Template.builder("t", "{{ regexMatch \"(.*a){14}$\" \"" + "a".repeat(40) + "b\" }}")
        .processEnv(k -> null)
        .limits(new RenderBudget.Limits(Long.MAX_VALUE, Duration.ofSeconds(5), Long.MAX_VALUE))
        .nanoTime(() -> now.addAndGet(Duration.ofMillis(10).toNanos()))
        .build();
    assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        assertThatThrownBy(() -> t.execute(brain, Map.of())).hasMessageContaining("max_render_time"));
  }

  @Test
  void outputStopsAtTheLimitCountedInUtf8Bytes() throws Exception {
    assertThatThrownBy(() -> go("{{ range loop 100 }}0123456789{{ end }}", output(500)).execute(brain, Map.of()))
        .hasMessage("execute: rendered output exceeds its size limit (500 bytes); raise it with "
            + "template_config.max_output_size");
    assertThat(go("{{ range loop 50 }}0123456789{{ end }}", output(500)).execute(brain, Map.of()).output())
        .hasSize(500);
    // 200 characters, 400 bytes
    assertThatThrownBy(() -> go("{{ range loop 200 }}é{{ end }}", output(300)).execute(brain, Map.of()))
        .hasMessageContaining("max_output_size");
  }

  @Test
  void hugeValuesAreRefusedBeforeTheyAreBuilt() {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThatThrownBy(() -> go("{{ sprig_repeat 2000000000 \"xxxxxxxx\" }}", defaults()).execute(brain, Map.of()))
          .hasMessageContaining("max_output_size");
      assertThatThrownBy(() -> go("{{ \"a\" | indent 2000000000 }}", defaults()).execute(brain, Map.of()))
          .hasMessageContaining("max_output_size");
    });
  }

  @Test
  void theBudgetIsNotSwallowedByAFunctionThatRunsAnotherTemplate() {
    Template t = go("{{ define \"x\" }}{{ range loop 5000 }}{{ end }}{{ end }}{{ executeTemplate \"x\" }}",
        steps(1_000));
    assertThatThrownBy(() -> t.execute(brain, Map.of()))
        .hasMessageStartingWith("execute: render exceeded its step budget (1000 steps)");
  }

  @Test
  void handlebarsOutputIsBoundedToo() {
    Template t = Template.builder("t.hbs", "{{#each (loop 1000)}}0123456789{{/each}}").dialect(Dialect.HANDLEBARS)
        .processEnv(k -> null).limits(output(500)).build();
    assertThatThrownBy(() -> t.execute(brain, Map.of())).hasMessageContaining("max_output_size");
  }

  @Test
  void nestingTooDeepIsGosParseErrorNotAStackOverflow() {
    String parens = "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}";
    assertThatThrownBy(() -> go(parens, defaults()).execute(brain, Map.of()))
        .isInstanceOfSatisfying(RenderException.class, e -> assertThat(e.phase()).isEqualTo(RenderException.Phase.PARSE))
        .hasMessage("parse: template: t:1: max expression depth exceeded");
    String ifs = "{{ if true }}".repeat(20_000) + "x" + "{{ end }}".repeat(20_000);
    assertThatThrownBy(() -> go(ifs, defaults()).check()).hasMessageContaining("max expression depth exceeded");
    String elseIfs = "{{ if false }}" + "{{ else if false }}".repeat(20_000) + "{{ end }}";
    assertThatThrownBy(() -> go(elseIfs, defaults()).check()).hasMessageContaining("max expression depth exceeded");
  }

  @Test
  void nestingWithinTheLimitParsesAndRuns() throws Exception {
    String parens = "{{ " + "(print ".repeat(150) + "1" + ")".repeat(150) + " }}";
    assertThat(go(parens, defaults()).execute(brain, Map.of()).output()).isEqualTo("1");
    String ifs = "{{ if true }}".repeat(150) + "x" + "{{ end }}".repeat(150);
    assertThat(go(ifs, defaults()).execute(brain, Map.of()).output()).isEqualTo("x");
  }
}
