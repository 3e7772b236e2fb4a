package io.vaultlet.config.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture (ours under src/test/resources/hcl/fixtures, OpenBao's in ../shared/corpus/agent-config) against what github.com/hashicorp/hcl v1 made of it: the same
 * decoded value (with Go's int/float64 distinction as Long/Double), the same node positions, and for inputs the
 * library rejects, a rejection at the same line and column.
 */
class HclDifferentialTest {

  @Test
  void openBaoAgentFixturesAreAllCompared() {
    assumeTrue(Files.isDirectory(HclGolden.SHARED_AGENT_CONFIG), "OpenBao's agent fixtures ("
        + HclGolden.SHARED_AGENT_CONFIG.toAbsolutePath().normalize() + ") are absent: ../shared not mounted");
    assertThat(HclGolden.all().stream().filter(g -> g.name().startsWith("agent-config/"))).hasSize(64);
  }

  @Test
  void grammarCorpusIsComplete() {
    List<HclGolden> all = HclGolden.all();
    assertThat(all.stream().filter(g -> g.name().startsWith("grammar/invalid/")))
        .allSatisfy(g -> assertThat(g.error()).as(g.name()).isNotNull())
        .hasSizeGreaterThanOrEqualTo(15);
  }

  @TestFactory
  Stream<DynamicTest> decodesLikeTheGoLibrary() {
    return HclGolden.all().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> check(g)));
  }

  /** Asserts that the Java parser agrees with the Go library on one fixture. */
  static void check(HclGolden golden) {
    if (golden.error() == null) {
      ObjectNode root = Hcl.parse(golden.fixture());
      assertThat(HclDecode.toGeneric(root)).as("decoded value").isEqualTo(golden.value());
      if (!golden.ast().isEmpty()) {
        assertThat(positions(root)).as("node positions").isEqualTo(golden.ast());
      }
      return;
    }
    HclParseException e = catchThrowableOfType(HclParseException.class,
        () -> HclDecode.toGeneric(Hcl.parse(golden.fixture())));
    assertThat(e).as("Go rejects it (%s): %s", golden.error().phase(), golden.error().message()).isNotNull();
    assertThat(e.getMessage()).startsWith(golden.fixture().toString() + ":" + e.position().line() + ":");
    if (golden.error().line() > 0) {
      assertThat(e.position().line()).as("line of: %s", e.getMessage()).isEqualTo(golden.error().line());
      if (golden.error().phase().equals("parse")) {
        assertThat(e.position().column()).as("column of: %s", e.getMessage()).isEqualTo(golden.error().column());
      }
    }
  }

  /** The same listing as the Go generator's {@code walkList}. */
  static List<String> positions(ObjectNode root) {
    List<String> out = new ArrayList<>();
    walkItems(root, out);
    return out;
  }

  private static void walkItems(ObjectNode object, List<String> out) {
    for (Item item : object.items()) {
      String keys = item.keys().stream().map(k -> k.text() + "@" + pos(k.position())).collect(Collectors.joining(" "));
      String assign = item.assigned() ? "assign" : "block";
      out.add("item " + keys + " " + assign);
      walkNode(item.value(), out);
    }
  }

  private static void walkNode(Node node, List<String> out) {
    if (node instanceof ObjectNode object) {
      out.add("object@" + pos(object.position()));
      walkItems(object, out);
    } else if (node instanceof ListNode list) {
      out.add("list@" + pos(list.position()));
      list.elements().forEach(e -> walkNode(e, out));
    } else if (node instanceof LiteralNode literal) {
      out.add(literal.kind().name().toLowerCase(java.util.Locale.ROOT) + "@" + pos(literal.position()));
    }
  }

  private static String pos(Position p) {
    return p.line() + ":" + p.column();
  }
}
