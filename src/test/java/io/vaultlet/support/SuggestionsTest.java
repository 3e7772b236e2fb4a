package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void toleratesTyposButNotStrangers() {
    assertThat(Suggestions.closest("wrap_tll", List.of("wrap_ttl", "mount_path"))).contains("wrap_ttl");
    assertThat(Suggestions.closest("exit-on-err", List.of("exit_on_err"))).contains("exit_on_err");
    assertThat(Suggestions.closest("xyz", List.of("wrap_ttl"))).isEmpty();
    assertThat(Suggestions.closest("toUpperr", List.of("toLower", "toUpper", "toTitle"))).contains("toUpper");
    assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
  }

  @Test
  void longWordsGetNoSuggestion() {
    String longKey = "wrap_ttl" + "x".repeat(Suggestions.MAX_WORD);
    assertThat(Suggestions.closest(longKey, List.of("wrap_ttl"))).isEmpty();
    assertThat(Suggestions.didYouMean(longKey, List.of("wrap_ttl"))).isEmpty();
  }
}
