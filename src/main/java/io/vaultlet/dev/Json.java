package io.vaultlet.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON in and out of the emulator: plain maps and lists, key order kept, explicit nulls written. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON object; an empty body is an empty map; anything else throws {@link IOException}. */
  static Map<String, Object> readObject(byte[] body) throws IOException {
    if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return new LinkedHashMap<>();
    }
    Object v = MAPPER.readValue(body, Object.class);
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw new IOException("not a JSON object");
    }
    return MAPPER.convertValue(v, MAP);
  }

  /** {@code {"errors":[…]}}. */
  static byte[] errors(List<String> errors) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errors", errors);
    return write(m);
  }

  /** A deep copy through JSON (stored KV data must not alias what the caller holds). */
  static Map<String, Object> copy(Map<String, Object> value) {
    if (value == null) {
      return null;
    }
    return MAPPER.convertValue(value, MAP);
  }
}
