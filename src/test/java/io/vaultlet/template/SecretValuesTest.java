package io.vaultlet.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

  @Test
  void registrationMemoryComparesValuesByIdentity() {
    SecretValues.IdentityWeakSet set = new SecretValues.IdentityWeakSet();
    PemEncoded first = new PemEncoded("cert", "key-material", "ca", null);
    PemEncoded equalButNew = new PemEncoded("cert", "key-material", "ca", null);
    set.add(first);
    assertThat(set.contains(first)).isTrue();
    assertThat(set.contains(equalButNew)).isFalse();
    set.add(first);
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void aKvV2SecretsMetadataIsNotSecret() {
    Map<String, Object> data = Map.of(
        "data", Map.of("password", "s3cret-value-1", "user", "app-user"),
        "metadata", Map.of("version", 3L, "created_time", "2026-01-01T00:00:00.123456Z",
            "custom_metadata", Map.of("vaultlet_rotation_phase", "deactivated")));
    Secret kv2 = new Secret("", "", 0, false, data, List.of(), null, null);
    assertThat(SecretValues.of(kv2)).contains("s3cret-value-1", "app-user")
        .doesNotContain("deactivated", "2026-01-01T00:00:00.123456Z");
    Secret kv1 = new Secret("", "", 0, false, Map.of("phase", "deactivated"), List.of(), null, null);
    assertThat(SecretValues.of(kv1)).contains("deactivated");
  }
}
