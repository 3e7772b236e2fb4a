package io.vaultlet.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultlet.listener.http.Headers;
import io.vaultlet.listener.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Which requests the lease cache treats as the same (review: "Work in the wrong place", CacheKey). */
class CacheKeyTest {

  private static String key(String query, String token) {
    return CacheKey.of(new HttpRequest("GET", "/v1/database/creds/app", query, false, new Headers(), new byte[0],
        "127.0.0.1:1", false), token).hash();
  }

  @Test
  void everyValueOfARepeatedParameterCounts() {
    assertThat(key("a=1&a=2", "t")).isNotEqualTo(key("a=1&a=3", "t"));
    assertThat(key("a=1&a=2", "t")).isNotEqualTo(key("a=1", "t"));
    assertThat(key("a=1&a=2", "t")).as("the values of one name keep their order").isNotEqualTo(key("a=2&a=1", "t"));
  }

  @Test
  void parameterOrderAndEmptyPairsDoNotCount() {
    assertThat(key("b=2&a=1", "t")).isEqualTo(key("a=1&b=2", "t"));
    assertThat(key("a=1&&b=2&", "t")).isEqualTo(key("a=1&b=2", "t"));
    assertThat(CacheKey.query("z&b=2&a=1&b=1")).isEqualTo("a=1&b=2&b=1&z");
  }

  @Test
  void tokenAndQueryAreBothPartOfTheKey() {
    assertThat(key("", "t")).isNotEqualTo(key("", "u"));
    assertThat(key("", null)).isEqualTo(key("", ""));
    assertThat(key("", "t")).isNotEqualTo(key("a=1", "t")).hasSize(64);
  }
}
