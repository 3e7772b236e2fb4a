package io.vaultlet.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {

  @Test
  void absentOrBlankFieldsTakeTheDefault() {
    Map<String, Object> data = Map.of("flag", "", "n", " ");
    assertThat(Fields.bool(data, "flag", true)).isTrue();
    assertThat(Fields.bool(data, "missing", false)).isFalse();
    assertThat(Fields.integer(data, "n", 7)).isEqualTo(7);
    assertThat(Fields.duration(data, "missing")).isZero();
    assertThat(Fields.string(data, "missing")).isEmpty();
  }

  @Test
  void convertsVaultsWeakTypes() {
    Map<String, Object> data = Map.of("flag", "T", "n", "42", "ttl", "1m30.5s", "list", "a, b,,c");
    assertThat(Fields.bool(data, "flag", false)).isTrue();
    assertThat(Fields.integer(data, "n", 0)).isEqualTo(42);
    assertThat(Fields.duration(data, "ttl")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Fields.list(data, "list")).containsExactly("a", "b", "c");
  }

  @Test
  void aBadValueIsA400InVaultsWords() {
    Map<String, Object> data = Map.of("flag", "maybe", "n", "ten", "big", 1L << 40);
    assertThatThrownBy(() -> Fields.bool(data, "flag", false)).isInstanceOfSatisfying(DevException.class,
        e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("Field validation failed: error converting input maybe for field \"flag\"");
    assertThatThrownBy(() -> Fields.integer(data, "n", 0))
        .hasMessageContaining("Field validation failed: error converting input ten for field \"n\"");
    assertThatThrownBy(() -> Fields.int32(data, "big", 0))
        .hasMessageContaining("for field \"big\": value out of range");
  }
}
