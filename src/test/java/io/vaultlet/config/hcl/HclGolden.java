package io.vaultlet.config.hcl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One fixture and what the Go HCL1 library made of it (src/test/go/hclgolden writes the goldens): either the decoded
 * value and the node positions, or the error it reported.
 */
record HclGolden(String name, Path fixture, Object value, List<String> ast, Failure error) {

  /** The library's error: phase parse, decode or panic, and the position it gave (0 when it gave none). */
  record Failure(String phase, String message, int line, int column) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  static Path resourceDir(String name) {
    try {
      return Path.of(HclGolden.class.getResource("/hcl/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * OpenBao's agent fixtures in {@code ../shared/corpus/agent-config} (one level further up from a git worktree); they
   * are read there, not copied into the project. Their goldens are committed under {@code golden/agent-config}.
   */
  static final Path SHARED_AGENT_CONFIG = Stream.of(Path.of("..", "shared", "corpus", "agent-config"),
          Path.of("..", "..", "shared", "corpus", "agent-config"))
      .filter(Files::isDirectory).findFirst().orElse(Path.of("..", "shared", "corpus", "agent-config"));

  /**
   * Every fixture with its golden, in a stable order: our grammar fixtures (src/test/resources/hcl/fixtures) and, when
   * {@code ../shared} is there, OpenBao's agent fixtures as {@code agent-config/…}.
   */
  static List<HclGolden> all() {
    List<HclGolden> out = new ArrayList<>(all(resourceDir("fixtures"), resourceDir("golden"), ""));
    if (Files.isDirectory(SHARED_AGENT_CONFIG)) {
      out.addAll(all(SHARED_AGENT_CONFIG, resourceDir("golden/agent-config"), "agent-config/"));
    }
    return out;
  }

  /** Every file under {@code fixtures} with its golden {@code golden/<relative path>.json}. */
  static List<HclGolden> all(Path fixtures, Path golden) {
    return all(fixtures, golden, "");
  }

  private static List<HclGolden> all(Path fixtures, Path golden, String prefix) {
    try (Stream<Path> files = Files.walk(fixtures)) {
      List<HclGolden> out = new ArrayList<>();
      for (Path fixture : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        String rel = fixtures.relativize(fixture).toString().replace('\\', '/');
        if (rel.endsWith("README.md")) {
          continue;
        }
        out.add(load(prefix + rel, fixture, golden.resolve(rel + ".json")));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HclGolden load(String name, Path fixture, Path goldenFile) throws IOException {
    if (!Files.exists(goldenFile)) {
      throw new IllegalStateException("no golden for " + name + ": run src/test/go/hclgolden/generate.sh");
    }
    JsonNode root = JSON.readTree(goldenFile.toFile());
    if (root.has("error")) {
      JsonNode e = root.get("error");
      return new HclGolden(name, fixture, null, List.of(), new Failure(e.get("phase").asText(),
          e.get("message").asText(), e.get("line").asInt(), e.get("column").asInt()));
    }
    Object value = JSON.treeToValue(root.get("value"), Object.class);
    List<String> ast = new ArrayList<>();
    root.get("ast").forEach(n -> ast.add(n.asText()));
    return new HclGolden(name, fixture, value, ast, null);
  }

  @Override
  public String toString() {
    return name;
  }
}
