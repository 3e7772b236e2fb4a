package io.vaultlet.vault;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;

/**
 * The client's JSON: numbers keep their exact JSON form (integers as integers of the needed width, decimals as
 * BigDecimal with their trailing zeros), as Go's {@code json.Number} keeps them for templates.
 *
 * <p>Both directions run on Jackson's streaming parser and generator: a response becomes the same tree an {@code
 * ObjectMapper} with {@code USE_BIG_DECIMAL_FOR_FLOATS} (trailing zeros kept) reads, and a request body of maps, lists,
 * strings, numbers and booleans the same bytes it writes, without loading databind's (de)serializer machinery on every
 * request. Anything else in a body (a record, a tree) is written by that {@code ObjectMapper}, made on first use.
 */
final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The mapper for request bodies beyond plain maps and lists; loaded only when one is sent. */
  private static final class Mapper {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  private Json() {}

  /**
   * The body's JSON tree ({@link MissingNode} for no content; trailing content after the first value is ignored); any
   * malformed input (a number no BigDecimal can hold, too deep, …) is an IOException.
   */
  static JsonNode parse(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t = p.nextToken();
      return t == null ? MissingNode.getInstance() : tree(p, t);
    } catch (RuntimeException e) {
      throw new IOException("malformed JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The value starting at {@code first}, containers built without recursion (depth is the parser's limit). */
  private static JsonNode tree(JsonParser p, JsonToken first) throws IOException {
    if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
      return scalar(p, first);
    }
    ArrayDeque<JsonNode> open = new ArrayDeque<>();
    JsonNode root = first == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    open.push(root);
    while (!open.isEmpty()) {
      JsonNode container = open.peek();
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of JSON input");
      }
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      String name = null;
      if (container.isObject()) {
        name = p.currentName();
        t = p.nextToken();
      }
      JsonNode value;
      if (t == JsonToken.START_OBJECT) {
        value = NODES.objectNode();
      } else if (t == JsonToken.START_ARRAY) {
        value = NODES.arrayNode();
      } else {
        value = scalar(p, t);
      }
      if (name != null) {
        ((ObjectNode) container).replace(name, value); // a repeated key: the last value, in the first one's place
      } else {
        ((ArrayNode) container).add(value);
      }
      if (value.isContainerNode()) {
        open.push(value);
      }
    }
    return root;
  }

  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT: return NODES.numberNode(p.getIntValue());
          case LONG: return NODES.numberNode(p.getLongValue());
          default: return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  static byte[] write(Object body) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        if (!plain(body)) {
          return Mapper.MAPPER.writeValueAsBytes(body);
        }
        value(g, body);
      }
      return out.toByteArray();
    } catch (IOException e) {
      // never include the body: it may hold secrets
      throw new IllegalArgumentException("request body cannot be serialised as JSON: " + e.getClass().getSimpleName());
    }
  }

  /** True when {@code v} is made only of what {@link #value} writes itself. */
  private static boolean plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Double || v instanceof Float || v instanceof BigDecimal
        || v instanceof BigInteger) {
      return true;
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        if (!plain(o)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Short s) {
      g.writeNumber(s);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeStartArray();
      for (Object o : (Collection<?>) v) {
        value(g, o);
      }
      g.writeEndArray();
    }
  }
}
