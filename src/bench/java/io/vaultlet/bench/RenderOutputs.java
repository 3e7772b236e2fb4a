package io.vaultlet.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what vaultlet renders for each benchmark template, for {@code bench/templates.sh}'s byte-for-byte comparison
 * with Go: {@code DIR/NAME.agent.out} (the agent path) and {@code DIR/NAME.engine.out} (the engine with stubs).
 *
 * <pre>java -cp target/bench/vaultlet-bench.jar io.vaultlet.bench.RenderOutputs DIR</pre>
 */
public final class RenderOutputs {

  private RenderOutputs() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: RenderOutputs DIR");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    BenchFixtures fixtures = BenchFixtures.load();
    for (String t : BenchFixtures.TEMPLATES) {
      Files.writeString(dir.resolve(t + ".agent.out"), fixtures.agentPath(t).render(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(t + ".engine.out"), fixtures.enginePath(t).render(), StandardCharsets.UTF_8);
    }
  }
}
