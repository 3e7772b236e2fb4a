package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 56 unit cases translated from consul-template's dependency and config tests. The sections about Vault paths
 * and dependency IDs run here; the others run where their code lives (KV v2 path shim: {@code io.vaultlet.vault},
 * wait: {@code io.vaultlet.config}, retry: {@code io.vaultlet.support}), and docs/compatibility.md must name each.
 */
class ConsulTemplateUnitCasesTest {

  private static final Set<String> RUN_HERE = Set.of(
      "vault_read_query_parse", "vault_read_dependency_id", "vault_write_dependency_id", "vault_list_query_parse");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sections() throws Exception {
    Path dir = CorpusFiles.corpusDir().orElse(null);
    Assumptions.assumeTrue(dir != null, "consul-template corpus not found at ../shared/corpus/consul-template");
    return (Map<String, Object>) GoJson.parse(Files.readString(dir.resolve("unit-cases.json")),
        GoJson.Numbers.INTEGERS_AS_LONG);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> cases(String section) throws Exception {
    return (List<Map<String, Object>>) ((Map<String, Object>) sections().get(section)).get("cases");
  }

  @Test
  void readQueryParse() throws Exception {
    for (Map<String, Object> c : cases("vault_read_query_parse")) {
      String input = (String) c.get("input");
      if (Boolean.TRUE.equals(c.get("expect_error"))) {
        assertThatThrownBy(() -> Dependency.VaultRead.parse(input)).as((String) c.get("name"))
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        Dependency.VaultRead r = Dependency.VaultRead.parse(input);
        assertThat(r.path()).as((String) c.get("name")).isEqualTo(c.get("raw_path"));
        assertThat((Object) r.query()).as((String) c.get("name")).isEqualTo(c.get("query"));
      }
    }
  }

  @Test
  void readDependencyIds() throws Exception {
    for (Map<String, Object> c : cases("vault_read_dependency_id")) {
      assertThat(Dependency.VaultRead.parse((String) c.get("input")).key()).isEqualTo(c.get("expected"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void writeDependencyIds() throws Exception {
    for (Map<String, Object> c : cases("vault_write_dependency_id")) {
      Map<String, String> data = c.get("data") == null ? Map.of() : (Map<String, String>) c.get("data");
      assertThat(new Dependency.VaultWrite((String) c.get("path"), data).key()).isEqualTo(c.get("expected"));
    }
  }

  @Test
  void listQueryParse() throws Exception {
    for (Map<String, Object> c : cases("vault_list_query_parse")) {
      String input = (String) c.get("input");
      if (Boolean.TRUE.equals(c.get("expect_error"))) {
        assertThatThrownBy(() -> new Dependency.VaultList(input)).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(new Dependency.VaultList(input).path()).isEqualTo(c.get("path"));
      }
    }
  }

  @Test
  void sectionsNotRunHereAreDocumented() throws Exception {
    String doc = Files.readString(Path.of("docs/compatibility.md"));
    int total = 0;
    for (Map.Entry<String, Object> e : sections().entrySet()) {
      @SuppressWarnings("unchecked")
      int n = ((List<Object>) ((Map<String, Object>) e.getValue()).get("cases")).size();
      total += n;
      if (!RUN_HERE.contains(e.getKey())) {
        assertThat(doc).as("docs/compatibility.md must say where unit-case section %s is covered", e.getKey())
            .contains("`" + e.getKey() + "`");
      }
    }
    assertThat(total).isEqualTo(56);
  }
}
