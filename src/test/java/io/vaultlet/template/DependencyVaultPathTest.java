package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One answer to "which Vault path is this" (the rotate endpoint's lease selector, offline template sources). */
class DependencyVaultPathTest {

  @Test
  void theVaultPathOfEachKind() {
    assertThat(new Dependency.VaultRead("secret/app", Map.of("version", List.of("2"))).vaultPath())
        .isEqualTo("secret/app");
    assertThat(new Dependency.VaultList("secret/app").vaultPath()).isEqualTo("secret/app");
    assertThat(new Dependency.LocalFile("/etc/x").vaultPath()).isEmpty();
  }
}
