package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

  @Test
  void everyValueInOrderDecoded() {
    assertThat(QueryString.parse("a=1&b&a=2&&c=x+y%26z")).containsExactly(Map.entry("a", List.of("1", "2")),
        Map.entry("b", List.of("")), Map.entry("c", List.of("x y&z")));
    assertThat(QueryString.parse("")).isEmpty();
    assertThat(QueryString.parse(null)).isEmpty();
  }
}
