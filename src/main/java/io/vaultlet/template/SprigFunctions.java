package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sprig v3.3.0 as consul-template v0.42.1 offers it: {@code sprig.HermeticTxtFuncMap()} (every Sprig function except
 * the date, random-string, uuid, environment and network ones Sprig calls non-hermetic), each registered as
 * {@code sprig_<name>}. The functions live in {@link SprigStrings}, {@link SprigNumbers}, {@link SprigCollections},
 * {@link SprigData} and {@link SprigCrypto}; this class registers them and holds the conversions they share, which
 * follow the Go libraries Sprig calls ({@code spf13/cast}, {@code fmt}, {@code reflect}). docs/templates.md lists them.
 */
final class SprigFunctions {

  private SprigFunctions() {}

  static void register(Map<String, TemplateFunction> fns) {
    Map<String, TemplateFunction> s = new LinkedHashMap<>();
    SprigStrings.register(s);
    SprigNumbers.register(s);
    SprigCollections.register(s);
    SprigData.register(s);
    SprigCrypto.register(s);
    for (Map.Entry<String, TemplateFunction> e : s.entrySet()) {
      fns.put("sprig_" + e.getKey(), e.getValue());
    }
  }

  /** The Sprig names offered (without the prefix), sorted, for the docs and tests. */
  static List<String> names() {
    Map<String, TemplateFunction> m = new TreeMap<>();
    register(m);
    List<String> out = new ArrayList<>();
    for (String k : m.keySet()) {
      out.add(k.substring("sprig_".length()));
    }
    return out;
  }

  // ---- conversions shared by the Sprig functions --------------------------------------------------------------------

  /** Sprig's {@code strval}: a string as is, anything else as {@code fmt.Sprintf("%v")}. */
  static String strval(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return GoFormat.formatValue(v == Brain.NIL ? null : v);
  }

  /** {@code cast.ToInt64}: numbers truncate, strings parse with base prefixes ({@code "0x10"}), else 0. */
  static long toInt64(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return (long) ((Number) v).doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.longValue();
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      return parseGoInt(trimZeroDecimal(s));
    }
    return 0;
  }

  /** {@code cast.ToFloat64}: numbers, a string {@code strconv.ParseFloat} accepts, booleans; else 0. */
  static double toFloat64(Object v) {
    if (v instanceof BigInteger b) {
      return b.doubleValue();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      return parseGoFloat(s);
    }
    return 0;
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)}, or 0 when it fails. */
  static long parseGoInt(String s) {
    try {
      String t = s.replace("_", "");
      if (!s.equals(t) && !(s.matches("[+-]?0[xXbBoO]?[0-9a-fA-F_]+") && !s.contains("__"))) {
        return 0;
      }
      boolean neg = t.startsWith("-");
      if (neg || t.startsWith("+")) {
        t = t.substring(1);
      }
      int radix = 10;
      if (t.startsWith("0x") || t.startsWith("0X")) {
        radix = 16;
        t = t.substring(2);
      } else if (t.startsWith("0b") || t.startsWith("0B")) {
        radix = 2;
        t = t.substring(2);
      } else if (t.startsWith("0o") || t.startsWith("0O")) {
        radix = 8;
        t = t.substring(2);
      } else if (t.length() > 1 && t.startsWith("0")) {
        radix = 8;
        t = t.substring(1);
      }
      if (t.isEmpty() || t.startsWith("+") || t.startsWith("-")) {
        return 0;
      }
      return new BigInteger(neg ? "-" + t : t, radix).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return 0;
    }
  }

  /** Go's {@code strconv.ParseFloat(s, 64)} for decimal input, or 0 when it fails. */
  static double parseGoFloat(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    switch (t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t) {
      case "inf", "infinity" -> {
        return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    if (!s.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      return 0;
    }
    return Double.parseDouble(s);
  }

  /** cast's {@code trimZeroDecimal}: {@code "5.0"} and {@code "5.00"} read as {@code "5"}. */
  private static String trimZeroDecimal(String s) {
    boolean foundZero = false;
    for (int i = s.length(); i > 0; i--) {
      char c = s.charAt(i - 1);
      if (c == '.') {
        if (foundZero) {
          return s.substring(0, i - 1);
        }
      } else if (c == '0') {
        foundZero = true;
      } else {
        return s;
      }
    }
    return s;
  }

  /** Sprig's {@code empty}: the zero value of its kind (nil, 0, "", false, an empty list or map); structs are not. */
  static boolean empty(Object v) {
    if (v == null || v == Brain.NIL) {
      return true;
    }
    if (v instanceof GoStruct) {
      return false;
    }
    return !GoTypes.truthy(v);
  }

  /** {@code reflect.Kind.String()} of a value in the data model. */
  static String kind(Object v) {
    if (v == null || v == Brain.NIL) {
      return "invalid";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (GoTypes.isInteger(v)) {
      return "int";
    }
    if (v instanceof BigInteger) {
      return "uint64";
    }
    if (GoTypes.isFloat(v)) {
      return "float64";
    }
    if (v instanceof List) {
      return "slice";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof GoStruct g) {
      return g.pointer() ? "ptr" : "struct";
    }
    return "func";
  }

  /** The list a Sprig list function works on; other kinds fail as Sprig's do ({@code Cannot <what> on type map}). */
  static List<?> listArg(Object v, String what) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalStateException("Cannot " + what + " on type " + kind(v));
  }
}
