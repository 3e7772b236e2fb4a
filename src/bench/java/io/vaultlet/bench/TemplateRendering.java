package io.vaultlet.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Renders the templates of {@code bench/templates/} parsed once, many times (docs/performance.md):
 *
 * <ul>
 *   <li>{@link #agent()}: what the agent does per render, {@code io.vaultlet.template.Template.execute} over a
 *       pre-filled {@code MemoryBrain} (the per-render function context, brain look-ups, secret registration
 *       for redaction, the engine);
 *   <li>{@link #engine()}: the Go template engine alone with stub {@code secret}/{@code env}/{@code toUpper}, the
 *       same work as the Go side ({@code bench/go}).
 * </ul>
 *
 * <p>Setup fails the run unless both paths render exactly Go's output for the template.
 *
 * <p>Warm-up is 8 x 2 s because on a loaded machine the JIT compiler threads get little CPU: with 3 x 1 s the 100-key
 * template was still being compiled during measurement (iterations fell from 640 to 85 us), and with 5 x 2 s the
 * agent path's CPU time per render still fell from 131 to 84 us across the measured iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class TemplateRendering {

  @Param({"env", "kv-config", "cert-bundle"})
  public String template;

  private BenchFixtures.AgentPath agentPath;
  private BenchFixtures.EnginePath enginePath;

  @Setup
  public void setUp() throws Exception {
    BenchFixtures fixtures = BenchFixtures.load();
    fixtures.verify(template);
    agentPath = fixtures.agentPath(template);
    enginePath = fixtures.enginePath(template);
  }

  @Benchmark
  public String agent() throws Exception {
    return agentPath.render();
  }

  @Benchmark
  public String engine() throws Exception {
    return enginePath.render();
  }
}
