package io.vaultlet.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client's streaming JSON against what the databind {@code ObjectMapper} it replaced reads and writes: the same
 * trees (node types included: {@code IntNode}/{@code LongNode}/{@code BigIntegerNode}, {@code DecimalNode} with its
 * trailing zeros) and the same request bytes, on hand-picked and on generated documents.
 */
class JsonTest {

  /** The mapper {@code Json} used before (its settings). */
  private static final ObjectMapper DATABIND = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private static final List<String> DOCUMENTS = List.of(
      "{}", "[]", "null", "true", "false", "0", "-0", "7", "\"x\"", "1.10", "1e2", "-1.5E-3", "0.0",
      "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
      "123456789012345678901234567890", "-123456789012345678901234567890.000100",
      "{\"request_id\":\"r\",\"lease_id\":\"aws/creds/r/abc\",\"lease_duration\":3600,\"renewable\":true,"
          + "\"data\":{\"access_key\":\"AKIA\",\"secret_key\":\"s\",\"ttl\":1.50},\"warnings\":null,\"auth\":null}",
      "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[1,2]}", "[1,[2,[3,[4,{}]]],{\"k\":[]}]",
      "{\"s\":\"\\u00e9\\n\\t\\\"\\\\/\\ud83d\\ude00\"}", "  {\"a\" : [ 1 , 2 ] }  ", "{}garbage", "[1] [2]",
      "{\"data\":{\"data\":{\"k\":\"v\"},\"metadata\":{\"version\":3,\"deletion_time\":\"\"}}}");

  private static final List<String> MALFORMED = List.of(
      "{", "[1,", "{\"a\"}", "{\"a\":}", "[1 2]", "tru", "\"unterminated", "{\"a\":1,}", "01", "NaN", "1e999999999999",
      "[".repeat(5000) + "]".repeat(5000));

  @Test
  void readsTheTreesDatabindRead() throws IOException {
    for (String doc : DOCUMENTS) {
      sameTree(doc);
    }
  }

  @Test
  void noContentIsTheMissingNode() throws IOException {
    sameTree("");
    sameTree("   \n");
    assertThat(Json.parse(new byte[0]).isMissingNode()).isTrue();
  }

  @Test
  void malformedInputIsAnIoException() {
    for (String doc : MALFORMED) {
      boolean databindFails;
      try {
        DATABIND.readTree(doc.getBytes(StandardCharsets.UTF_8));
        databindFails = false;
      } catch (IOException | RuntimeException e) {
        databindFails = true;
      }
      if (databindFails) {
        assertThatThrownBy(() -> Json.parse(doc.getBytes(StandardCharsets.UTF_8))).as(doc)
            .isInstanceOf(IOException.class);
      } else {
        assertThat(doc).as("databind reads it; so must Json").satisfies(d -> sameTree(d));
      }
    }
  }

  @Test
  void readsGeneratedDocumentsAsDatabindDid() throws IOException {
    Random random = new Random(13);
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      generate(sb, random, 0);
      sameTree(sb.toString());
    }
  }

  @Test
  void writesTheBytesDatabindWrote() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lease_id", "aws/creds/r/abc");
    body.put("increment", 3600L);
    body.put("int", 7);
    body.put("short", (short) 3);
    body.put("double", 1.5);
    body.put("float", 2.25f);
    body.put("nan", Double.NaN);
    body.put("big", new BigInteger("123456789012345678901234567890"));
    body.put("decimal", new BigDecimal("1.10"));
    body.put("null", null);
    body.put("bool", true);
    body.put("list", List.of("a", 1, List.of(), Map.of()));
    body.put("nested", Map.of("k", "\u00e9\n\"\\</script>\u0001"));
    assertThat(Json.write(body)).isEqualTo(DATABIND.writeValueAsBytes(body));
    assertThat(Json.write(Map.of())).isEqualTo(DATABIND.writeValueAsBytes(Map.of()));
    assertThat(Json.write(List.of(1, 2))).isEqualTo(DATABIND.writeValueAsBytes(List.of(1, 2)));
  }

  @Test
  void writesOtherValuesThroughDatabind() throws IOException {
    record Role(String name, int ttl) {}
    Map<Object, Object> odd = new LinkedHashMap<>();
    odd.put(1, "integer key");
    odd.put("record", new Role("app", 60));
    odd.put("array", new String[] {"a", "b"});
    odd.put("tree", DATABIND.readTree("{\"x\":1.50}"));
    assertThat(Json.write(odd)).isEqualTo(DATABIND.writeValueAsBytes(odd));
    assertThat(Json.write(new Role("r", 1))).isEqualTo(DATABIND.writeValueAsBytes(new Role("r", 1)));
  }

  private static void sameTree(String doc) {
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    JsonNode expected;
    try {
      expected = DATABIND.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError("databind failed on " + doc, e);
    }
    JsonNode actual;
    try {
      actual = Json.parse(bytes);
    } catch (IOException e) {
      throw new AssertionError("Json failed on " + doc, e);
    }
    assertThat(actual).as(doc).isEqualTo(expected);
    assertThat(actual.toString()).as(doc).isEqualTo(expected.toString());
    sameTypes(doc, expected, actual);
  }

  private static void sameTypes(String doc, JsonNode expected, JsonNode actual) {
    assertThat(actual.getClass()).as(doc).isEqualTo(expected.getClass());
    if (expected.isObject()) {
      List<String> names = new ArrayList<>();
      expected.fieldNames().forEachRemaining(names::add);
      List<String> actualNames = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      assertThat(actualNames).as(doc + ": key order").isEqualTo(names);
      names.forEach(n -> sameTypes(doc, expected.get(n), actual.get(n)));
    } else if (expected.isArray()) {
      Iterator<JsonNode> a = actual.elements();
      expected.elements().forEachRemaining(e -> sameTypes(doc, e, a.next()));
    }
  }

  private static void generate(StringBuilder sb, Random r, int depth) {
    int kind = depth > 4 ? 2 + r.nextInt(6) : r.nextInt(8);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "").append('"').append((char) ('a' + r.nextInt(3))).append("\":");
          generate(sb, r, depth + 1);
        }
        sb.append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "");
          generate(sb, r, depth + 1);
        }
        sb.append(']');
      }
      case 2 -> sb.append(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(2000) - 1000);
      case 3 -> sb.append(new BigInteger(100, r).negate());
      case 4 -> sb.append(r.nextInt(100)).append('.').append(r.nextInt(1000)).append(Arrays.asList("", "0", "00")
          .get(r.nextInt(3))).append(r.nextBoolean() ? "" : "e" + (r.nextInt(40) - 20));
      case 5 -> sb.append('"').append(Long.toString(r.nextLong(), 36)).append(r.nextBoolean() ? "\\u00e9" : "")
          .append('"');
      case 6 -> sb.append(r.nextBoolean());
      default -> sb.append("null");
    }
  }
}
