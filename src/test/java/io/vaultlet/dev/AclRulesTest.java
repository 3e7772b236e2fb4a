package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AclRulesTest {

  private static Acl acl(String hcl) {
    return Acl.of(List.of(Policy.parse("p", hcl)));
  }

  @Test
  void mostSpecificRuleWinsOverABroaderGlob() {
    Acl a = acl("path \"secret/*\" { capabilities = [\"read\"] }\n"
        + "path \"secret/data/*\" { capabilities = [\"update\"] }");
    assertThat(a.allows("secret/data/x", "update")).isTrue();
    assertThat(a.allows("secret/data/x", "read")).as("rules do not merge across patterns").isFalse();
    assertThat(a.allows("secret/other", "read")).isTrue();
  }

  @Test
  void exactPathBeatsGlobAndLegacyPolicyWordsExpand() {
    Acl a = acl("path \"kv/a\" { policy = \"deny\" }\npath \"kv/*\" { policy = \"write\" }");
    assertThat(a.allows("kv/a", "read")).isFalse();
    assertThat(a.allows("kv/b", "delete")).isTrue();
  }

  @Test
  void listOnAFolderMatchesTheRuleWithoutTheSlash() {
    Acl a = acl("path \"secret/metadata\" { capabilities = [\"list\"] }");
    assertThat(a.allows("secret/metadata/", "list")).isTrue();
  }

  @Test
  void jsonPoliciesParseToo() {
    Acl a = Acl.of(List.of(Policy.parse("j", "{\"path\":{\"secret/*\":{\"capabilities\":[\"read\"]}}}")));
    assertThat(a.allows("secret/x", "read")).isTrue();
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(() -> Policy.parse("bad", "path \"x\" {\n  capabilities = [\"read\"\n"))
        .isInstanceOf(DevException.class).hasMessageContaining("failed to parse policy");
  }

  @Test
  void priorityFollowsVaultsOrdering() {
    assertThat(Acl.comparePriority("secret/+/x", "secret/a*")).isLessThan(0);
    assertThat(Acl.comparePriority("secret/a*", "secret/ab")).isLessThan(0);
    assertThat(Acl.comparePriority("secret/abc*", "secret/ab*")).isGreaterThan(0);
  }
}
