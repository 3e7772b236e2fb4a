package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
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

  /** yaml.v2's resolve table: plain scalars that read back as booleans, null, special floats or a merge key. */
  private static final Pattern RESOLVE_MAP = Pattern.compile(
      "y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON|n|N|no|No|NO|false|False|FALSE|off|Off|OFF|~|null|Null|NULL"
          + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|<<");
  /** Go's {@code strconv.ParseInt(s, 0, 64)} syntax (underscores already removed). */
  private static final Pattern GO_INT =
      Pattern.compile("[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)");
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
  private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?");

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
        out.put(e.getKey() instanceof Double d ? io.vaultlet.template.gotmpl.GoFormat.formatValue(d) : String.valueOf(e.getKey()),
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

  /**
   * yaml.v2's map key order: runes compared one by one; letters sort after non-letters; digit runs compare as
   * numbers ({@code a9} before {@code a10}).
   */
  static int compareKeys(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return Integer.compare(ar[i], br[i]);
      }
      if (al || bl) {
        return bl ? -1 : 1;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      while (ai < ar.length && Character.isDigit(ar[ai])) {
        an = an * 10 + (ar[ai] - '0');
        ai++;
      }
      int bi = i;
      while (bi < br.length && Character.isDigit(br[bi])) {
        bn = bn * 10 + (br[bi] - '0');
        bi++;
      }
      if (an != bn) {
        return an < bn ? -1 : 1;
      }
      if (ai != bi) {
        return ai < bi ? -1 : 1;
      }
      return Integer.compare(ar[i], br[i]);
    }
    return Integer.compare(ar.length, br.length);
  }

  private static Map<String, Object> entries(Object v) {
    Map<String, Object> out = new TreeMap<>(GoYaml::compareKeys);
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
          sb.append(' ').append(fold(inline(item, indent + 2), indent + 2, indent + 2)).append('\n');
        }
      }
      return;
    }
    for (Map.Entry<String, Object> e : entries(v).entrySet()) {
      String key = scalarString(e.getKey(), indent);
      sb.append(pad).append(key).append(':');
      Object val = e.getValue();
      if (isBlock(val)) {
        sb.append('\n');
        block(sb, val, val instanceof List ? indent : indent + 2);
      } else {
        sb.append(' ').append(fold(inline(val, indent + 2), indent + key.length() + 2, indent + 2)).append('\n');
      }
    }
  }

  /** The emitter's line width: plain and single-quoted scalars break at a space once a line passes it. */
  private static final int BEST_WIDTH = 80;

  /**
   * yaml.v2 folds long plain and single-quoted scalars: at a single space, once the column is past 80, the space
   * becomes a line break and the next line starts at the value's indentation.
   */
  static String fold(String scalar, int column, int indent) {
    if (scalar.isEmpty() || scalar.charAt(0) == '"' || scalar.charAt(0) == '|' || scalar.indexOf(' ') < 0) {
      return scalar;
    }
    boolean quoted = scalar.charAt(0) == '\'';
    StringBuilder out = new StringBuilder(scalar.length() + 8);
    int col = column;
    boolean spaces = false;
    for (int i = 0; i < scalar.length(); i++) {
      char c = scalar.charAt(i);
      if (c == ' ') {
        boolean nextIsSpace = i + 1 >= scalar.length() || scalar.charAt(i + 1) == ' ';
        boolean inner = !quoted || i > 1 && i < scalar.length() - 2;
        if (!spaces && col > BEST_WIDTH && !nextIsSpace && inner) {
          out.append('\n').append(" ".repeat(indent));
          col = indent;
        } else {
          out.append(c);
          col++;
        }
        spaces = true;
      } else {
        out.append(c);
        if (!Character.isLowSurrogate(c)) {
          col++;
        }
        spaces = false;
      }
    }
    return out.toString();
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
      return GoFormat.formatFloat(d, 'g', -1);
    }
    return scalarString(String.valueOf(v), indent);
  }

  private static String scalarString(String s, int indent) {
    if (s.contains("\n")) {
      return literal(s, indent);
    }
    if (!resolvesToString(s)) {
      return doubleQuoted(s);
    }
    if (!plainAllowed(s)) {
      return needsDoubleQuotes(s) ? doubleQuoted(s) : "'" + s.replace("'", "''") + "'";
    }
    return s;
  }

  /** yaml.v2's {@code resolve}: would this text, unquoted, read back as something other than a string? */
  static boolean resolvesToString(String s) {
    if (s.isEmpty() || RESOLVE_MAP.matcher(s).matches()) {
      return false;
    }
    char c = s.charAt(0);
    if (c == '.') {
      return !DOT_FLOAT.matcher(s).matches();
    }
    if (c == '+' || c == '-' || c >= '0' && c <= '9') {
      String plain = s.replace("_", "");
      if (TIMESTAMP.matcher(s).matches() || GO_INT.matcher(plain).matches()
          || YAML_STYLE_FLOAT.matcher(plain).matches()) {
        return false;
      }
    }
    return !BASE60_FLOAT.matcher(s).matches();
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
