package io.vaultlet.template.gotmpl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case in src/test/resources/gofmt/golden.json, whose expected output Go's own fmt produced (see
 * src/test/go/fmtgolden): Go's fmtTests table where the data model can express it, plus our own cases.
 */
class GoFormatGoldenTest {

  /** Floats stay decimal text until parsed at their own size: no double rounding for float32 values. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TestFactory
  Stream<DynamicTest> matchesGoForEveryGoldenCase() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> assertThat(c.run()).as(c.toString()).isEqualTo(c.want)));
  }

  @Test
  void goldensCoverSeveralHundredPortedAndOwnCases() throws IOException {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThan(3000);
    assertThat(cases.stream().filter(c -> c.name.startsWith("go ")).count()).isGreaterThan(500);
  }

  record Case(String name, String fn, String format, List<Object> args, String want, boolean lossy) {

    String run() {
      String out = switch (fn) {
        case "sprint" -> GoFormat.sprint(args);
        case "sprintln" -> GoFormat.sprintln(args);
        default -> GoFormat.sprintf(format, args);
      };
      // Go wrote bytes that were not UTF-8; the JSON golden holds U+FFFD for each invalid byte.
      return lossy ? GoQuote.decodeUtf8(GoQuote.utf8(out)) : out;
    }

    @Override
    public String toString() {
      String call = fn.equals("sprintf") ? "Sprintf(" + quote(format) + ", " : fn + "(";
      return name + ": " + call + args + ") = " + quote(want);
    }

    private static String quote(String s) {
      StringBuilder sb = new StringBuilder();
      GoQuote.appendQuoted(sb, s, true);
      return sb.toString();
    }
  }

  static List<Case> cases() throws IOException {
    try (InputStream in = GoFormatGoldenTest.class.getResourceAsStream("/gofmt/golden.json")) {
      JsonNode root = JSON.readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root) {
        List<Object> args = new ArrayList<>();
        for (JsonNode a : c.path("args")) {
          args.add(decode(a));
        }
        cases.add(new Case(c.path("name").asText(), c.path("fn").asText("sprintf"), c.path("format").asText(""),
            args, c.path("want").asText(), c.path("lossy").asBoolean(false)));
      }
      return cases;
    }
  }

  /** A tagged golden value ({"int":5}, {"list":[...]}, ...) as the data model holds it. */
  static Object decode(JsonNode tagged) {
    Map.Entry<String, JsonNode> e = tagged.properties().iterator().next();
    JsonNode v = e.getValue();
    return switch (e.getKey()) {
      case "nil" -> null;
      case "bool" -> v.asBoolean();
      case "int" -> v.isNumber() ? v.longValue() : Long.parseLong(v.asText());
      case "uint64", "bigint" -> new BigInteger(v.asText());
      case "float" -> parseDouble(v.isNumber() ? v.decimalValue().toString() : v.asText());
      case "float32" -> parseFloat(v.isNumber() ? v.decimalValue().toString() : v.asText());
      case "string" -> v.asText();
      case "gostring" -> wtf8(hex(v.asText()));
      case "bytes" -> hex(v.asText());
      case "list" -> {
        List<Object> list = new ArrayList<>();
        v.forEach(item -> list.add(decode(item)));
        yield list;
      }
      case "map" -> {
        Map<String, Object> map = new LinkedHashMap<>();
        v.properties().forEach(f -> map.put(f.getKey(), decode(f.getValue())));
        yield map;
      }
      case "struct" -> {
        List<String> names = new ArrayList<>();
        Map<String, Object> fields = new HashMap<>();
        for (JsonNode f : v.path("fields")) {
          names.add(f.get(0).asText());
          fields.put(f.get(0).asText(), decode(f.get(1)));
        }
        yield new TestStruct("main." + v.path("type").asText(), v.path("ptr").asBoolean(), names, fields);
      }
      default -> throw new IllegalArgumentException("unknown tag " + e.getKey());
    };
  }

  private static double parseDouble(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static float parseFloat(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Float.POSITIVE_INFINITY;
      case "-Inf" -> Float.NEGATIVE_INFINITY;
      default -> Float.parseFloat(s);
    };
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** Bytes of a Go string as a Java string; surrogates encoded as WTF-8 become lone surrogates. */
  private static String wtf8(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length; ) {
      int b0 = b[i] & 0xFF;
      if (b0 == 0xED && i + 2 < b.length && (b[i + 1] & 0xE0) == 0xA0) {
        sb.append((char) (0xD000 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F)));
        i += 3;
        continue;
      }
      long d = GoQuote.decodeRune(b, i);
      if ((int) d == GoQuote.RUNE_ERROR && (d >>> 32) == 1) {
        throw new IllegalArgumentException("not representable as a Java string: " + Integer.toHexString(b0));
      }
      sb.appendCodePoint((int) d);
      i += (int) (d >>> 32);
    }
    return sb.toString();
  }

  /** A struct for the goldens: Go's {@code main.T} etc. from the oracle, fields in declaration order. */
  record TestStruct(String typeName, boolean pointer, List<String> fieldNames, Map<String, Object> fields)
      implements GoStruct {
    @Override
    public Object field(String name) {
      return fields.get(name);
    }

    @Override
    public String toString() {
      return (pointer ? "&" : "") + typeName + fields;
    }
  }

}
