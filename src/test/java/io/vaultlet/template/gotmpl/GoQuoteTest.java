package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoQuoteTest {

  /** src/test/resources/gofmt/isprint.txt lists, from Go, the ranges where strconv.IsPrint is true. */
  @Test
  void isPrintAgreesWithGoOnEveryCodePoint() throws IOException {
    BitSet goPrintable = new BitSet(GoQuote.MAX_RUNE + 1);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        GoQuoteTest.class.getResourceAsStream("/gofmt/isprint.txt"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#")) {
          String[] range = line.split("-");
          goPrintable.set(Integer.parseInt(range[0], 16), Integer.parseInt(range[1], 16) + 1);
        }
      }
    }
    List<String> differences = new ArrayList<>();
    for (int cp = 0; cp <= GoQuote.MAX_RUNE; cp++) {
      if (GoQuote.isPrint(cp) != goPrintable.get(cp)) {
        differences.add(String.format("U+%04X go=%s", cp, goPrintable.get(cp)));
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void loneSurrogatesQuoteAsTheInvalidBytesGoWouldHold() {
    StringBuilder sb = new StringBuilder();
    GoQuote.appendQuoted(sb, "a\uD800b\uDC00", false);
    assertThat(sb).hasToString("\"a\\xed\\xa0\\x80b\\xed\\xb0\\x80\"");
    assertThat(GoQuote.canBackquote("a\uD800")).isFalse();
    assertThat(GoQuote.canBackquote("\uD83D\uDE00 ok")).isTrue();
  }
}
