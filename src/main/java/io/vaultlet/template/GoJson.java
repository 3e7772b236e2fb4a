package io.vaultlet.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's {@code encoding/json} reads and writes it, over the template data model: {@code json.Marshal} output
 * (sorted map keys, HTML-safe escapes, Go's float format, structs as their exported field names) and decoding into
 * maps, lists, strings, booleans and numbers.
 */
public final class GoJson {

  /** No source excerpts in error locations: the text may hold secrets. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private GoJson() {}

  /** How JSON numbers are decoded. */
  public enum Numbers {
    /** Every number is a float64 ({@link Double}), as {@code json.Unmarshal} into {@code interface{}} does. */
    FLOAT64,
    /** Integers are {@link Long} and other numbers {@link Double}: Vault's {@code json.Number}s, usable as numbers. */
    INTEGERS_AS_LONG
  }

  /** Decodes one JSON value; trailing data is an error. */
  public static Object parse(String text, Numbers numbers) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of JSON input");
      }
      Object v = read(p, t, numbers);
      if (p.nextToken() != null) {
        throw new IOException("invalid character after top-level value");
      }
      return v;
    } catch (RuntimeException e) {
      // a number no Java type holds, and the like: malformed input, reported as such
      throw new IOException("malformed JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t, Numbers numbers) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken(), numbers));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(read(p, e, numbers));
        }
        return l;
      }
      case VALUE_STRING: return p.getText();
      case VALUE_TRUE: return Boolean.TRUE;
      case VALUE_FALSE: return Boolean.FALSE;
      case VALUE_NULL: return null;
      case VALUE_NUMBER_INT:
        if (numbers == Numbers.FLOAT64) {
          return p.getDoubleValue();
        }
        // beyond int64, keep the lexeme: it prints exactly as Go's json.Number does
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
      default: throw new IOException("unexpected JSON token " + t);
    }
  }

  /** {@code json.Marshal(v)} (escapeHtml) or an {@code Encoder} with {@code SetEscapeHTML(false)}; indent "" = compact. */
  public static String marshal(Object v, boolean escapeHtml, String indent) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, escapeHtml, indent, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, boolean html, String indent, int depth) {
    if (v == null || v == Brain.NIL || GoNil.isNil(v)) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s, html);
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(formatFloat(((Number) v).doubleValue()));
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sorted.put(String.valueOf(e.getKey()), e.getValue());
      }
      writeObject(sb, sorted, html, indent, depth);
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        newline(sb, indent, depth + 1);
        write(sb, l.get(i), html, indent, depth + 1);
      }
      newline(sb, indent, depth);
      sb.append(']');
    } else if (v instanceof GoStruct g) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String f : g.fieldNames()) {
        fields.put(f, g.field(f));
      }
      writeObject(sb, fields, html, indent, depth);
    } else {
      throw new IllegalArgumentException("json: unsupported type: " + GoTypes.typeName(v));
    }
  }

  private static void writeObject(StringBuilder sb, Map<String, Object> m, boolean html, String indent, int depth) {
    if (m.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      newline(sb, indent, depth + 1);
      quote(sb, e.getKey(), html);
      sb.append(indent.isEmpty() ? ":" : ": ");
      write(sb, e.getValue(), html, indent, depth + 1);
    }
    newline(sb, indent, depth);
    sb.append('}');
  }

  private static void newline(StringBuilder sb, String indent, int depth) {
    if (!indent.isEmpty()) {
      sb.append('\n');
      sb.append(indent.repeat(depth));
    }
  }

  /** Go's JSON float format: shortest digits, exponent form below 1e-6 and from 1e21, {@code e-07} written {@code e-7}. */
  static String formatFloat(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("json: unsupported value: " + GoFormat.formatFloat(f, 'g', -1));
    }
    double abs = Math.abs(f);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String e = GoFormat.formatFloat(f, 'e', -1);
      int n = e.length();
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      return e;
    }
    return GoFormat.formatFloat(f, 'f', -1);
  }

  private static void quote(StringBuilder sb, String s, boolean html) {
    io.vaultlet.support.JsonQuote.quote(sb, s, html);
  }
}
