package io.vaultlet.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's {@code encoding/json} string quoting, the one implementation (templates, listener, JSON log). */
class JsonQuoteTest {

  @Test
  void quotesAsGoMarshalDoes() {
    // json.Marshal("a\"b\\c\n\r\t\u0001<>&\u2028\u2029é😀")
    assertThat(JsonQuote.quote("a\"b\\c\n\r\t\u0001<>&\u2028\u2029é😀"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028\\u2029é😀\"");
    assertThat(JsonQuote.quote("")).isEqualTo("\"\"");
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() {
    assertThat(JsonQuote.quote("x\ud83dy")).isEqualTo("\"x\\ufffdy\"");
    assertThat(JsonQuote.quote("\ude00")).isEqualTo("\"\\ufffd\"");
  }

  @Test
  void withoutHtmlEscapesAsTheLogWrites() {
    StringBuilder sb = new StringBuilder();
    JsonQuote.quote(sb, "<a & b>", false);
    assertThat(sb).hasToString("\"<a & b>\"");
  }
}
