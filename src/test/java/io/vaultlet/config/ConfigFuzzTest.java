package io.vaultlet.config;

import io.vaultlet.config.hcl.Hcl;
import io.vaultlet.config.hcl.HclDecode;
import io.vaultlet.config.hcl.HclParseException;
import io.vaultlet.config.hcl.ObjectNode;
import io.vaultlet.testing.Fuzz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HCL1 and HCL1-JSON configuration parsers, and the whole load (parser, decoder, binder, validation) behind
 * them: for any text, the only failure is the documented one ({@link HclParseException} from the parser,
 * {@link ConfigException} from the load), in bounded time and on a 512 KiB stack. See {@link Fuzz}.
 */
class ConfigFuzzTest {

  private static final List<String> HCL_WORDS = List.of("{", "}", "[", "]", "\"", "=", ",", "\n", "#", "//", "/*",
      "*/", "${", "$${", "<<EOT\n", "\nEOT\n", "<<-EOT\n", "\\", "\\u00e9", "0x", "0640", "1e3", ".5", "true", "null",
      "vault ", "template ", "auto_auth ", "method \"approle\" ", "sink \"file\" ", "config = ", "destination = ",
      "contents = ", "wait ", "exec ", "template_config ", "max_output_size = \"1MiB\"", "listener \"tcp\" ",
      "{ a ", "[[", "{\"a\": ", "\"a\": [", ":", "é", "\u0000", "\r\n");

  private static List<String> seeds(String... dirs) throws Exception {
    List<String> seeds = new ArrayList<>();
    for (String d : dirs) {
      seeds.addAll(Fuzz.filesUnder(Path.of("src/test/resources/hcl/fixtures", d)));
    }
    seeds.add(Files.readString(Path.of("agent.hcl.example")));
    return seeds;
  }

  @Test
  void hclParserAndDecoderFailOnlyWithAParseError() throws Exception {
    new Fuzz("hcl", seeds("grammar", "invalid"), HCL_WORDS).run(input -> {
      ObjectNode root = Hcl.parse("fuzz.hcl", input);
      HclDecode.toGeneric(root);
    }, e -> e instanceof HclParseException);
  }

  @Test
  void jsonConfigParserFailsOnlyWithAParseError() throws Exception {
    List<String> json = new ArrayList<>(Fuzz.filesUnder(Path.of("src/test/resources/hcl/fixtures/json")));
    json.add("{\"vault\": {\"address\": \"http://127.0.0.1:8200\"}, \"template\": [{\"contents\": \"x\", "
        + "\"destination\": \"/tmp/x\"}], \"auto_auth\": {\"method\": {\"approle\": {\"config\": {\"a\": 1}}}}}");
    new Fuzz("json", json, HCL_WORDS).run(input -> {
      ObjectNode root = Hcl.parse("fuzz.json", input.startsWith("{") ? input : "{" + input);
      HclDecode.toGeneric(root);
    }, e -> e instanceof HclParseException);
  }

  @Test
  void theWholeLoadFailsOnlyWithConfigurationProblems() throws Exception {
    new Fuzz("config", seeds("grammar"), HCL_WORDS).run(input ->
        ConfigLoader.loadSources(List.of(new ConfigLoader.Source("fuzz.hcl", input)), Map.of(),
            ConfigOverrides.none()),
        e -> e instanceof ConfigException);
  }
}
