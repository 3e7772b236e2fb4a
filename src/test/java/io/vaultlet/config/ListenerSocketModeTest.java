package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.config;
import static io.vaultlet.config.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code socket_mode} is bound once, as a mode (review: duplicates, ListenerServer.permissions). */
class ListenerSocketModeTest {

  private static Optional<Integer> mode(String value) {
    return config("listener \"unix\" {\n  address = \"/tmp/a.sock\"\n  socket_mode = " + value + "\n}\n")
        .listeners().get(0).options().socketMode();
  }

  @Test
  void anOctalStringOrNumberIsTheMode() {
    assertThat(mode("\"0660\"")).contains(0660);
    assertThat(mode("\"640\"")).contains(0640);
    assertThat(mode("0600")).contains(0600);
    assertThat(config("listener \"unix\" {\n  address = \"/tmp/a.sock\"\n}\n").listeners().get(0).options()
        .socketMode()).isEmpty();
  }

  /** As Vault: such a file loads (Vault's own fixtures have {@code socket_mode = "configmode"}); it cannot start. */
  @Test
  void anythingElseLoadsWithAWarningThatSaysWhere() {
    LoadedConfig loaded = load("listener \"unix\" {\n  address = \"/tmp/a.sock\"\n  socket_mode = \"rw-rw----\"\n}\n");
    assertThat(loaded.config().listeners().get(0).options().socketMode()).contains(ListenerSettings.INVALID_MODE);
    assertThat(loaded.warnings()).anySatisfy(p -> {
      assertThat(p.position().line()).isEqualTo(3);
      assertThat(p.message()).contains("'socket_mode' must be an octal mode").contains("cannot start");
    });
  }
}
