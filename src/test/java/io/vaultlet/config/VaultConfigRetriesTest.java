package io.vaultlet.config;

import static io.vaultlet.config.ConfigTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code retry.num_retries} as Vault Agent reads it, in one place: 0 or missing is 12, negative none. */
class VaultConfigRetriesTest {

  private static int retries(String retry) {
    return config("vault {\n  address = \"http://127.0.0.1:8200\"\n" + retry + "}\n" + ConfigTestSupport.AUTO_AUTH)
        .vault().effectiveRetries();
  }

  @Test
  void zeroOrMissingIsTwelveNegativeIsNone() {
    assertThat(retries("")).isEqualTo(12);
    assertThat(retries("  retry { num_retries = 0 }\n")).isEqualTo(12);
    assertThat(retries("  retry { num_retries = 3 }\n")).isEqualTo(3);
    assertThat(retries("  retry { num_retries = -1 }\n")).isZero();
    assertThat(VaultConfig.defaults().effectiveRetries()).isEqualTo(VaultConfig.DEFAULT_NUM_RETRIES);
    assertThat(config(ConfigTestSupport.AUTO_AUTH).vault().effectiveRetries()).isEqualTo(12);
  }
}
