package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyTest {

  @Test
  void readKeysFollowConsulTemplateIds() {
    assertThat(Dependency.VaultRead.parse("path").key()).isEqualTo("vault.read(path)");
    assertThat(Dependency.VaultRead.parse("path?version=3").key()).isEqualTo("vault.read(path.v3)");
    assertThat(Dependency.VaultRead.parse(" /leading/slash/ ").path()).isEqualTo("leading/slash");
    assertThat(Dependency.VaultRead.parse("path?version=3").query()).isEqualTo(Map.of("version", List.of("3")));
    assertThatThrownBy(() -> Dependency.VaultRead.parse(" / ")).hasMessageStartingWith("vault.read: invalid format");
  }

  @Test
  void readsDifferingInOtherQueryParametersDoNotCollide() {
    // consul-template's IDs would collide here; vaultlet keeps the requests apart
    assertThat(Dependency.VaultRead.parse("p?a=1").key()).isNotEqualTo(Dependency.VaultRead.parse("p?a=2").key());
  }

  @Test
  void writeKeysHashTheSortedData() {
    assertThat(new Dependency.VaultWrite("path", Map.of()).key()).isEqualTo("vault.write(path -> da39a3ee)");
    assertThat(new Dependency.VaultWrite("path", Map.of("foo", "bar")).key())
        .isEqualTo("vault.write(path -> ab03a894)");
  }

  @Test
  void dependenciesAreValuesEqualWhenTheirFieldsAre() {
    assertThat(Dependency.VaultRead.parse("/p?version=2")).isEqualTo(new Dependency.VaultRead("p",
        Map.of("version", List.of("2")))).hasSameHashCodeAs(Dependency.VaultRead.parse("p?version=2"));
    assertThat(new Dependency.VaultWrite("/t/", Map.of("b", "2", "a", "1")))
        .isEqualTo(new Dependency.VaultWrite("t", Map.of("a", "1", "b", "2")))
        .isNotEqualTo(new Dependency.VaultWrite("t", Map.of("a", "1")))
        .hasToString("VaultWrite[path=t, data={a=1, b=2}]");
    assertThat(new Dependency.VaultPki("pki/issue/r", Map.of("common_name", "a"), null))
        .isEqualTo(new Dependency.VaultPki("/pki/issue/r", Map.of("common_name", "a"), ""))
        .isNotEqualTo(new Dependency.VaultPki("pki/issue/r", Map.of("common_name", "a"), "/d"));
  }

  @Test
  void listAndPkiKeys() {
    assertThat(new Dependency.VaultList("/secret/").key()).isEqualTo("vault.list(secret)");
    assertThatThrownBy(() -> new Dependency.VaultList("")).hasMessageStartingWith("vault.list: invalid format");
    assertThat(new Dependency.VaultPki("pki/issue/r", Map.of(), "/dev/null").key())
        .isEqualTo("vault.pki(pki/issue/r->/dev/null)");
    assertThat(new Dependency.VaultPki("pki/issue/r", Map.of("common_name", "a"), "/d").key())
        .isNotEqualTo(new Dependency.VaultPki("pki/issue/r", Map.of("common_name", "b"), "/d").key());
  }

  @Test
  void vaultNumbersAreIntegersWhenTheyCanBe() throws Exception {
    Object body = GoJson.parse("{\"a\": 3600, \"b\": 1.5, \"c\": 123456789012345678901234567890}",
        GoJson.Numbers.INTEGERS_AS_LONG);
    assertThat(body).isEqualTo(Map.of("a", 3600L, "b", 1.5, "c", "123456789012345678901234567890"));
    assertThat(GoJson.parse("[7]", GoJson.Numbers.FLOAT64)).isEqualTo(List.of(7.0));
  }

  @Test
  void equalKeysShareOneBrainEntry() {
    MemoryBrain brain = new MemoryBrain();
    brain.remember(Dependency.VaultRead.parse("/secret/foo"), "x");
    assertThat(brain.recall(Dependency.VaultRead.parse("secret/foo/"))).contains("x");
    brain.remember(new Dependency.VaultList("a"), null);
    assertThat(brain.recall(new Dependency.VaultList("a"))).contains(Brain.NIL);
  }
}
