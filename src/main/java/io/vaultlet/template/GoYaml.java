package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML as consul-template's {@code gopkg.in/yaml.v2} writes and reads it: {@code toYAML} (block style, sorted keys,
 * sequences not indented under their key, strings quoted only when they would read back as another type, literal
 * blocks for multi-line strings) and {@code parseYAML} (YAML 1.1 scalars: {@code yes/no/on/off} are booleans,
 * integers stay integers, timestamps stay strings).
 */
final class GoYaml {

  private static final Pattern INT = Pattern.compile("[-+]?(0b[01_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+"
      + "|[1-9][0-9_]*(:[0-5]?[0-9])+)");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
          + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[-+]?[0-9]+[eE][-+]?[0-9]+");
  private static final Pattern BOOL_OR_NULL = Pattern.compile(
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL");

  private GoYaml() {}

  static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    Yaml yaml = new Yaml(new KeepTimestamps(options));
    return toModel(yaml.load(text));
  }

  /** yaml.v2 decodes timestamps into interface{} as strings. */
  private static final class KeepTimestamps extends SafeConstructor {
    KeepTimestamps(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }

  private static Object toModel(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(e.getKey() instanceof Double d ? GoTypes.formatFloat(d) : String.valueOf(e.getKey()),
            toModel(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toModel(o));
      }
      return out;
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Date d) {
      return d.toInstant().toString();
    }
    if (v instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return v;
  }

  static String marshal(Object v) {
    StringBuilder sb = new StringBuilder();
    if (isEmptyCollection(v) || !(v instanceof Map || v instanceof List || v instanceof GoStruct)) {
      sb.append(inline(v, 0)).append('\n');
    } else {
      block(sb, v, 0);
    }
    return sb.toString();
  }

  private static boolean isEmptyCollection(Object v) {
    return v instanceof Map<?, ?> m && m.isEmpty() || v instanceof List<?> l && l.isEmpty()
        || v instanceof GoStruct g && g.fieldNames().isEmpty();
  }

  private static Map<String, Object> entries(Object v) {
    Map<String, Object> out = new TreeMap<>();
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue());
      }
    } else {
      Map<String, Object> ordered = new LinkedHashMap<>();
      GoStruct g = (GoStruct) v;
      for (String f : g.fieldNames()) {
        ordered.put(f.toLowerCase(Locale.ROOT), g.field(f));
      }
      return ordered;
    }
    return out;
  }

  /** Writes a non-empty map, struct or list at {@code indent} (lines start with the indent). */
  private static void block(StringBuilder sb, Object v, int indent) {
    String pad = " ".repeat(indent);
    if (v instanceof List<?> l) {
      for (Object item : l) {
        sb.append(pad).append('-');
        if (isBlock(item)) {
          if (item instanceof List) {
            sb.append('\n');
            block(sb, item, indent + 2);
          } else {
            // the first key of a mapping goes on the dash line
            StringBuilder inner = new StringBuilder();
            block(inner, item, indent + 2);
            sb.append(' ').append(inner.substring(indent + 2));
          }
        } else {
          sb.append(' ').append(inline(item, indent + 2)).append('\n');
        }
      }
      return;
    }
    for (Map.Entry<String, Object> e : entries(v).entrySet()) {
      sb.append(pad).append(scalarString(e.getKey(), indent)).append(':');
      Object val = e.getValue();
      if (isBlock(val)) {
        sb.append('\n');
        block(sb, val, val instanceof List ? indent : indent + 2);
      } else {
        sb.append(' ').append(inline(val, indent + 2)).append('\n');
      }
    }
  }

  private static boolean isBlock(Object v) {
    return (v instanceof Map || v instanceof List || v instanceof GoStruct) && !isEmptyCollection(v);
  }

  private static String inline(Object v, int indent) {
    if (v == null || v == Brain.NIL) {
      return "null";
    }
    if (v instanceof Map || v instanceof GoStruct) {
      return "{}";
    }
    if (v instanceof List) {
      return "[]";
    }
    if (v instanceof Boolean || GoTypes.isInteger(v) || v instanceof BigInteger) {
      return v.toString();
    }
    if (GoTypes.isFloat(v)) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      return GoFloat.formatG(d);
    }
    return scalarString(String.valueOf(v), indent);
  }

  private static String scalarString(String s, int indent) {
    if (s.contains("\n")) {
      return literal(s, indent);
    }
    boolean resolvesToOther = s.isEmpty() || BOOL_OR_NULL.matcher(s).matches() || INT.matcher(s).matches()
        || FLOAT.matcher(s).matches() || s.equals("<<");
    if (resolvesToOther) {
      return doubleQuoted(s);
    }
    if (!plainAllowed(s)) {
      return needsDoubleQuotes(s) ? doubleQuoted(s) : "'" + s.replace("'", "''") + "'";
    }
    return s;
  }

  private static boolean plainAllowed(String s) {
    char first = s.charAt(0);
    char last = s.charAt(s.length() - 1);
    if (first == ' ' || last == ' ' || needsDoubleQuotes(s)) {
      return false;
    }
    if ("[]{},#&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    if ((first == '-' || first == '?' || first == ':') && (s.length() == 1 || s.charAt(1) == ' ')) {
      return false;
    }
    if (s.startsWith("---") || s.startsWith("...")) {
      return false;
    }
    return !(s.contains(": ") || s.contains(" #") || last == ':' || s.contains("\t"));
  }

  private static boolean needsDoubleQuotes(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f || c == '\uFEFF' || c == 0x85 || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  private static String literal(String s, int indent) {
    String chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    String pad = " ".repeat(Math.max(indent, 2));
    StringBuilder sb = new StringBuilder("|");
    if (!body.isEmpty() && body.charAt(0) == ' ') {
      sb.append(pad.length());
    }
    sb.append(chomp);
    for (String line : body.split("\n", -1)) {
      sb.append('\n');
      if (!line.isEmpty()) {
        sb.append(pad).append(line);
      }
    }
    return sb.toString();
  }

  private static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\t': sb.append("\\t"); break;
        case '\r': sb.append("\\r"); break;
        case 0: sb.append("\\0"); break;
        default:
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
            sb.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }
}
