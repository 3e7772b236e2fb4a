package io.vaultlet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The unit cases translated from consul-template's Go tests ({@code ../shared/corpus/consul-template/unit-cases.json}
 * from the project root, {@code ../../shared/…} from a git worktree), one section per Go test.
 */
public final class UnitCaseCorpus {

  /** Where the file is looked for, first match wins. */
  public static final List<Path> CANDIDATES = List.of(
      Path.of("..", "shared", "corpus", "consul-template", "unit-cases.json"),
      Path.of("..", "..", "shared", "corpus", "consul-template", "unit-cases.json"));

  private UnitCaseCorpus() {}

  /** The file, when it is mounted. */
  public static Optional<Path> file() {
    return CANDIDATES.stream().filter(Files::isRegularFile).findFirst();
  }

  /**
   * One dynamic test per case of {@code section}, named after the case; when the corpus is absent, one test that is
   * skipped and says so.
   */
  public static Stream<DynamicTest> tests(String section, Consumer<JsonNode> check) {
    Optional<Path> file = file();
    if (file.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest(section + ": corpus absent", () -> Assumptions.assumeTrue(false,
          "consul-template unit cases not found at " + CANDIDATES + " (../shared not mounted): " + section
              + " skipped")));
    }
    return cases(file.get(), section).stream()
        .map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> check.accept(c)));
  }

  /** The cases of {@code section} in {@code file}. */
  public static List<JsonNode> cases(Path file, String section) {
    try {
      JsonNode cases = new ObjectMapper().readTree(file.toFile()).path(section).path("cases");
      if (!cases.isArray() || cases.isEmpty()) {
        throw new IllegalStateException(file + " has no cases in section " + section);
      }
      return StreamSupport.stream(cases.spliterator(), false).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
