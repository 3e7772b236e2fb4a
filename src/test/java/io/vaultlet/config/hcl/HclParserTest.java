package io.vaultlet.config.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HclParserTest {

  private static ObjectNode parse(String text) {
    return Hcl.parse("agent.hcl", text);
  }

  private static Object value(String text, String key) {
    return ((LiteralNode) parse(text).items(key).get(0).value()).value();
  }

  private static String errorOf(String text) {
    return catchThrowableOfType(HclParseException.class, () -> HclDecode.toGeneric(parse(text))).getMessage();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Positions

  @Test
  void recordsOneBasedPositionsOfKeysAndValues() {
    ObjectNode root = parse("""
        pid_file = "./pidfile"
        auto_auth {
          method "aws" {
            config = { role = "web" }
          }
        }
        list = [1, [2]]
        """);

    assertThat(root.position()).isEqualTo(new Position("agent.hcl", 1, 1));
    Item pid = root.items("pid_file").get(0);
    assertThat(pid.position()).isEqualTo(new Position("agent.hcl", 1, 1));
    assertThat(pid.assigned()).isTrue();
    assertThat(pid.value().position()).isEqualTo(new Position("agent.hcl", 1, 12));

    Item autoAuth = root.items("auto_auth").get(0);
    assertThat(autoAuth.assigned()).isFalse();
    assertThat(autoAuth.value().position().toString()).isEqualTo("agent.hcl:2:11");

    Item method = ((ObjectNode) autoAuth.value()).items("method").get(0);
    assertThat(method.labels()).containsExactly("aws");
    assertThat(method.keys()).extracting(Item.Key::position, Item.Key::quoted).containsExactly(
        org.assertj.core.groups.Tuple.tuple(new Position("agent.hcl", 3, 3), false),
        org.assertj.core.groups.Tuple.tuple(new Position("agent.hcl", 3, 10), true));
    Item config = ((ObjectNode) method.value()).items("config").get(0);
    ObjectNode configValue = (ObjectNode) config.value();
    assertThat(configValue.position().toString()).isEqualTo("agent.hcl:4:14");
    assertThat(configValue.items("role").get(0).value().position().toString()).isEqualTo("agent.hcl:4:23");

    ListNode list = (ListNode) root.items("list").get(0).value();
    assertThat(list.position().toString()).isEqualTo("agent.hcl:7:8");
    assertThat(list.elements()).extracting(n -> n.position().column()).containsExactly(9, 12);
  }

  @Test
  void countsColumnsInCharactersNotBytesOrTabStops() {
    ObjectNode root = parse("name = \"日本語😀\" other = 1\n\ttabbed = true\n");

    assertThat(root.items("other").get(0).position().column()).isEqualTo(15);
    assertThat(root.items("tabbed").get(0).position().column()).isEqualTo(2);
  }

  @Test
  void treatsWindowsLineEndingsLikeUnixOnes() {
    ObjectNode root = parse("a = 1\r\nb = <<EOT\r\nline\r\nEOT\r\n");

    assertThat(root.items("b").get(0).position().line()).isEqualTo(2);
    assertThat(((LiteralNode) root.items("b").get(0).value()).value()).isEqualTo("line\n");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Literals

  @Test
  void readsIntegersWithGoBaseDetection() {
    assertThat(value("mode = 0640", "mode")).isEqualTo(416L);
    assertThat(value("mode = 0x10", "mode")).isEqualTo(16L);
    assertThat(value("mode = 0XfF", "mode")).isEqualTo(255L);
    assertThat(value("mode = -0640", "mode")).isEqualTo(-416L);
    assertThat(value("mode = 640", "mode")).isEqualTo(640L);
    assertThat(value("mode = 0", "mode")).isEqualTo(0L);
    assertThat(parse("mode = 0640").items("mode").get(0).value())
        .isEqualTo(new LiteralNode(new Position("agent.hcl", 1, 8), LiteralNode.Kind.NUMBER, 416L));
  }

  @Test
  void readsFloatsAsDoubles() {
    assertThat(value("f = 1.5", "f")).isEqualTo(1.5);
    assertThat(value("f = 1e3", "f")).isEqualTo(1000.0);
    assertThat(value("f = -2.5E-1", "f")).isEqualTo(-0.25);
    assertThat(value("f = 0159.5", "f")).isEqualTo(159.5);
    assertThat(((LiteralNode) parse("f = 1e3").items("f").get(0).value()).kind()).isEqualTo(LiteralNode.Kind.FLOAT);
  }

  @Test
  void readsBooleans() {
    assertThat(value("on = true", "on")).isEqualTo(true);
    assertThat(value("off = false", "off")).isEqualTo(false);
  }

  @Test
  void processesStringEscapes() {
    assertThat(value("s = \"a\\nb\\t\\\"c\\\" \\\\ \\u00e9 \\U0001F600\"", "s")).isEqualTo("a\nb\t\"c\" \\ é 😀");
    assertThat(value("s = \"\\101\\x42\"", "s")).isEqualTo("AB");
  }

  @Test
  void keepsInterpolationsLiterallyIncludingNestedQuotesAndBraces() {
    assertThat(value("s = \"${var.foo}\"", "s")).isEqualTo("${var.foo}");
    assertThat(value("s = \"${lookup(m, \"key\")}-x\"", "s")).isEqualTo("${lookup(m, \"key\")}-x");
    assertThat(value("s = \"${ {a} }\"", "s")).isEqualTo("${ {a} }");
    assertThat(value("s = \"${\"a\\tb\"}\\t\"", "s")).as("escapes inside ${} are not processed")
        .isEqualTo("${\"a\\tb\"}\t");
    assertThat(value("s = \"$${not}\"", "s")).isEqualTo("$${not}");
  }

  @Test
  void keepsHeredocTextWithItsFinalNewline() {
    LiteralNode doc = (LiteralNode) parse("doc = <<EOT\nline one\n  two \"quoted\" ${x}\nEOT\n").items("doc").get(0)
        .value();

    assertThat(doc.kind()).isEqualTo(LiteralNode.Kind.HEREDOC);
    assertThat(doc.value()).isEqualTo("line one\n  two \"quoted\" ${x}\n");
  }

  @Test
  void stripsTheTerminatorIndentFromAnIndentedHeredoc() {
    assertThat(value("doc = <<-EOT\n    first\n      second\n    EOT\n", "doc")).isEqualTo("first\n  second\n");
  }

  @Test
  void keepsAnIndentedHeredocAsWrittenWhenALineIsLessIndentedThanTheTerminator() {
    assertThat(value("doc = <<-EOT\n    first\n  second\n    EOT\n", "doc")).isEqualTo("    first\n  second\n");
  }

  @Test
  void keepsTheTerminatorIndentOfAPlainHeredocAsTheLibraryDoes() {
    assertThat(value("doc = <<EOT\nbody\n   EOT\n", "doc")).isEqualTo("body\n   ");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Structure

  @Test
  void keepsKeysAsWrittenAndUnquoted() {
    ObjectNode root = parse("with-dash.and_dots = 1\n\"quoted \\\"key\\\"\" = 2\nlistener unix { }\n");

    assertThat(root.items()).extracting(Item::name).containsExactly("with-dash.and_dots", "quoted \"key\"",
        "listener");
    assertThat(root.items().get(1).keys().get(0).quoted()).isTrue();
    assertThat(root.items().get(2).labels()).containsExactly("unix");
  }

  @Test
  void acceptsTrailingCommasAndCommaSeparatedItems() {
    ObjectNode root = parse("a = [1, 2,]\nb = { x = 1, y = 2, }\nc = 3, d = 4\n");

    assertThat(((ListNode) root.items("a").get(0).value()).elements()).hasSize(2);
    assertThat(((ObjectNode) root.items("b").get(0).value()).items()).hasSize(2);
    assertThat(root.items()).extracting(Item::name).containsExactly("a", "b", "c", "d");
  }

  @Test
  void decodesBlocksAsListsOfMapsAndLabelsAsNestedMaps() {
    Map<String, Object> out = HclDecode.toGeneric(parse("""
        vault { address = "a" }
        method "aws" { role = "r" }
        method "approle" { }
        tags = [{ k = 1 }]
        """));

    assertThat(out).containsEntry("vault", List.of(Map.of("address", "a")))
        .containsEntry("method", List.of(Map.of("aws", List.of(Map.of("role", "r"))),
            Map.of("approle", List.of(Map.of()))))
        .containsEntry("tags", List.of(Map.of("k", 1L)));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Errors

  @Test
  void reportsAnUnterminatedString() {
    assertThat(errorOf("a = \"never closed\nb = 1\n"))
        .isEqualTo("agent.hcl:1:18: unterminated string: missing closing '\"'");
  }

  @Test
  void reportsAMissingClosingBrace() {
    assertThat(errorOf("vault {\n  address = \"x\"\n"))
        .isEqualTo("agent.hcl:3:2: expected '}' to close the block opened at 1:7, found end of file");
  }

  @Test
  void reportsAKeyWithoutValue() {
    assertThat(errorOf("vault {\n  address\n}\n"))
        .isEqualTo("agent.hcl:3:1: expected '=' or '{' after key address, found '}'");
  }

  @Test
  void reportsAnIllegalCharacter() {
    assertThat(errorOf("a = 1\nb = @\n")).isEqualTo("agent.hcl:2:5: illegal character '@'");
  }

  @Test
  void reportsABadEscape() {
    assertThat(errorOf("a = \"bad \\q\"\n")).isEqualTo("agent.hcl:1:11: illegal escape sequence in string");
  }

  @Test
  void reportsAnUnterminatedHeredocAndComment() {
    assertThat(errorOf("a = <<EOT\nnever ends\n")).isEqualTo(
        "agent.hcl:3:1: heredoc not terminated: no line with the closing anchor EOT");
    assertThat(errorOf("a = 1\n/* open")).isEqualTo(
        "agent.hcl:2:8: comment not terminated: '/*' has no closing '*/'");
  }

  @Test
  void reportsListAndBlockSyntaxErrors() {
    assertThat(errorOf("a = [1 2]\n")).isEqualTo(
        "agent.hcl:1:8: expected ',' or ']' in the list opened at 1:5, found number '2'");
    assertThat(errorOf("method \"aws\" = {}\n")).isEqualTo(
        "agent.hcl:1:14: a block with labels (method \"aws\") must be followed by '{', not '='");
    assertThat(errorOf("a = b\n")).isEqualTo(
        "agent.hcl:1:5: expected a value (string, number, bool, heredoc, '{' or '['), found identifier 'b'");
    assertThat(errorOf("a = 1\n}\n")).isEqualTo("agent.hcl:2:1: expected a key, '=' or '{', found '}'");
  }

  @Test
  void reportsALexicalErrorBeforeASyntaxErrorFoundEarlier() {
    assertThat(errorOf("a = b\nc = \"\\q\"\n")).startsWith("agent.hcl:1:5:");
    assertThat(errorOf("a = [1 \"\\q\"]\n")).isEqualTo("agent.hcl:1:10: illegal escape sequence in string");
  }

  @Test
  void reportsInvalidNumbersAtTheLiteral() {
    assertThat(errorOf("a = 1\nmode = 08\n")).isEqualTo("agent.hcl:2:8: invalid number 08 (a leading 0 means octal)");
    assertThat(errorOf("mode = 0089\n")).isEqualTo("agent.hcl:1:12: illegal octal number");
    assertThat(errorOf("n = 9223372036854775808\n"))
        .isEqualTo("agent.hcl:1:5: number 9223372036854775808 is out of the 64-bit integer range");
  }

  @Test
  void reportsAKeyUsedWithAndWithoutLabels() {
    assertThat(errorOf("method \"aws\" {}\nmethod {}\n"))
        .isEqualTo("agent.hcl:2:1: method[1]: cannot mix a block without labels (or a plain value) with labelled "
            + "blocks of the same name");
  }

  @Test
  void reportsAKeyRepeatedWithAnotherType() {
    assertThat(errorOf("flag = true\nflag = \"yes\"\n"))
        .isEqualTo("agent.hcl:2:8: flag is repeated with another type: first a bool, then a string");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HCL1-JSON

  @Test
  void readsJsonIntoTheSameValuesAsTheEquivalentHcl() {
    String json = """
        {"vault": {"address": "https://v:8200"},
         "auto_auth": {"method": {"aws": {"config": {"role": "web"}}},
                       "sink": [{"type": "file"}, {"type": "file"}]},
         "template": [{"destination": "/a"}]}
        """;
    String hcl = """
        vault { address = "https://v:8200" }
        auto_auth {
          method "aws" { config { role = "web" } }
          sink { type = "file" }
          sink { type = "file" }
        }
        template { destination = "/a" }
        """;

    assertThat(HclDecode.toGeneric(Hcl.parse("agent.json", json)))
        .isEqualTo(HclDecode.toGeneric(Hcl.parse("agent.hcl", hcl)));
  }

  @Test
  void readsJsonNullAsAnEmptyStringAndKeepsRealPositions() {
    ObjectNode root = Hcl.parse("agent.json", "{\n  \"pid_file\": null,\n  \"n\": 1.5e1\n}");

    Item pid = root.items("pid_file").get(0);
    assertThat(pid.value()).isEqualTo(new LiteralNode(new Position("agent.json", 2, 15), LiteralNode.Kind.STRING, ""));
    assertThat(pid.keys().get(0).quoted()).isTrue();
    assertThat(root.items("n").get(0).position().toString()).isEqualTo("agent.json:3:3");
    assertThat(((LiteralNode) root.items("n").get(0).value()).value()).isEqualTo(15.0);
  }

  @Test
  void doesNotTreatInterpolationSpeciallyInJsonStrings() {
    ObjectNode root = Hcl.parse("agent.json", "{\"a\": \"${x \\\"y\\\"}\\t\"}");

    assertThat(((LiteralNode) root.items("a").get(0).value()).value()).isEqualTo("${x \"y\"}\t");
  }

  @Test
  void reportsJsonErrorsWithPositions() {
    assertThat(catchThrowableOfType(HclParseException.class, () -> Hcl.parse("agent.json", "{\"a\": 01}")))
        .hasMessage("agent.json:1:8: numbers cannot start with 0");
    assertThat(catchThrowableOfType(HclParseException.class, () -> Hcl.parse("agent.json", "{\"a\": [null]}")))
        .hasMessage("agent.json:1:8: expected a list element or ']', found null");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Files

  @Test
  void readsAFileAsUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent.hcl");
    Files.writeString(file, "name = \"héllo\"\n", StandardCharsets.UTF_8);

    ObjectNode root = Hcl.parse(file);

    assertThat(((LiteralNode) root.items("name").get(0).value()).value()).isEqualTo("héllo");
    assertThat(root.position().file()).isEqualTo(file.toString());
  }

  @Test
  void readsAJsonFileByItsContent(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent.json");
    Files.writeString(file, "\n{\"exit_after_auth\": true}\n", StandardCharsets.UTF_8);

    assertThat(HclDecode.toGeneric(Hcl.parse(file))).isEqualTo(Map.of("exit_after_auth", true));
  }

  @Test
  void rejectsAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent.hcl");
    Files.write(file, new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xE9, '"', '\n'});

    assertThatThrownBy(() -> Hcl.parse(file)).isInstanceOf(HclParseException.class)
        .hasMessage(file + ":1:6: illegal UTF-8 encoding");
  }
}
