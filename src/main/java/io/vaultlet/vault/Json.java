package io.vaultlet.vault;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The client's Jackson setup: numbers keep their exact JSON form (integers as integers of the needed width, decimals as
 * BigDecimal with their trailing zeros), as Go's {@code json.Number} keeps them for templates.
 */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Json() {}

  /** The body's JSON tree; any malformed input (a number no BigDecimal can hold, too deep, …) is an IOException. */
  static JsonNode parse(byte[] body) throws IOException {
    try {
      return MAPPER.readTree(body);
    } catch (RuntimeException e) {
      throw new IOException("malformed JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  static byte[] write(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      // never include the body: it may hold secrets
      throw new IllegalArgumentException("request body cannot be serialised as JSON: " + e.getClass().getSimpleName());
    }
  }
}
