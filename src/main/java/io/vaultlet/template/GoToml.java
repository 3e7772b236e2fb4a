package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TOML as consul-template's BurntSushi encoder writes it: plain keys first (sorted), then tables ({@code [a]},
 * {@code [a.b]}, {@code [[list]]}), table contents indented two spaces per nesting level, a blank line before each
 * top-level table, nil values skipped.
 */
final class GoToml {

  private GoToml() {}

  static String marshal(Object v) {
    if (!(v instanceof Map || v instanceof GoStruct)) {
      throw new IllegalArgumentException("toml: top-level values must be Go maps or structs");
    }
    StringBuilder sb = new StringBuilder();
    table(sb, new ArrayList<>(), v);
    return sb.toString();
  }

  private static Map<String, Object> entries(Object v) {
    Map<String, Object> out = new TreeMap<>();
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue());
      }
      return out;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    GoStruct g = (GoStruct) v;
    for (String f : g.fieldNames()) {
      ordered.put(f, g.field(f));
    }
    return ordered;
  }

  private static boolean isTable(Object v) {
    return v instanceof Map || v instanceof GoStruct;
  }

  private static boolean isTableArray(Object v) {
    if (!(v instanceof List<?> l) || l.isEmpty()) {
      return false;
    }
    for (Object o : l) {
      if (!isTable(o)) {
        return false;
      }
    }
    return true;
  }

  private static void table(StringBuilder sb, List<String> key, Object v) {
    Map<String, Object> entries = entries(v);
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      Object val = e.getValue();
      if (val == null || val == Brain.NIL || isTable(val) || isTableArray(val)) {
        continue;
      }
      sb.append("  ".repeat(key.size())).append(key(e.getKey())).append(" = ");
      value(sb, val);
      sb.append('\n');
    }
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      Object val = e.getValue();
      List<String> sub = new ArrayList<>(key);
      sub.add(e.getKey());
      if (isTable(val)) {
        newlineBefore(sb, sub);
        sb.append("  ".repeat(sub.size() - 1)).append('[').append(path(sub)).append("]\n");
        table(sb, sub, val);
      } else if (isTableArray(val)) {
        for (Object item : (List<?>) val) {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append("  ".repeat(sub.size() - 1)).append("[[").append(path(sub)).append("]]\n");
          table(sb, sub, item);
        }
      }
    }
  }

  private static void newlineBefore(StringBuilder sb, List<String> key) {
    if (key.size() == 1 && sb.length() > 0) {
      sb.append('\n');
    }
  }

  private static String path(List<String> key) {
    List<String> parts = new ArrayList<>();
    for (String k : key) {
      parts.add(key(k));
    }
    return String.join(".", parts);
  }

  private static String key(String k) {
    return !k.isEmpty() && k.matches("[A-Za-z0-9_-]+") ? k : quote(k);
  }

  private static void value(StringBuilder sb, Object v) {
    if (v instanceof String s) {
      sb.append(quote(s));
    } else if (v instanceof Boolean || GoTypes.isInteger(v) || v instanceof BigInteger) {
      sb.append(v);
    } else if (GoTypes.isFloat(v)) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        sb.append("nan");
      } else if (Double.isInfinite(d)) {
        sb.append(d > 0 ? "+inf" : "-inf");
      } else {
        String f = GoFormat.formatFloat(d, 'f', -1);
        sb.append(f.contains(".") ? f : f + ".0");
      }
    } else if (v instanceof List<?> l) {
      sb.append('[');
      boolean first = true;
      for (Object o : l) {
        if (o == null || o == Brain.NIL) {
          throw new IllegalArgumentException("toml: cannot encode array with nil element");
        }
        if (!first) {
          sb.append(", ");
        }
        first = false;
        if (isTable(o)) {
          inlineTable(sb, o);
        } else {
          value(sb, o);
        }
      }
      sb.append(']');
    } else if (isTable(v)) {
      inlineTable(sb, v);
    } else {
      throw new IllegalArgumentException("toml: cannot encode a value of type " + GoTypes.typeName(v));
    }
  }

  /** {@code {a = 1, b = {c = 2}}}: plain keys first, then tables, each group sorted; no spaces inside the braces. */
  private static void inlineTable(StringBuilder sb, Object v) {
    Map<String, Object> entries = entries(v);
    List<Map.Entry<String, Object>> direct = new ArrayList<>();
    List<Map.Entry<String, Object>> tables = new ArrayList<>();
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      (isTable(e.getValue()) || isTableArray(e.getValue()) ? tables : direct).add(e);
    }
    sb.append('{');
    writeInline(sb, direct, !tables.isEmpty());
    writeInline(sb, tables, false);
    sb.append('}');
  }

  private static void writeInline(StringBuilder sb, List<Map.Entry<String, Object>> entries, boolean trailingComma) {
    for (int i = 0; i < entries.size(); i++) {
      Map.Entry<String, Object> e = entries.get(i);
      if (e.getValue() == null || e.getValue() == Brain.NIL) {
        continue;
      }
      sb.append(key(e.getKey())).append(" = ");
      value(sb, e.getValue());
      if (trailingComma || i != entries.size() - 1) {
        sb.append(", ");
      }
    }
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\b': sb.append("\\b"); break;
        case '\t': sb.append("\\t"); break;
        case '\n': sb.append("\\n"); break;
        case '\f': sb.append("\\f"); break;
        case '\r': sb.append("\\r"); break;
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }
}
