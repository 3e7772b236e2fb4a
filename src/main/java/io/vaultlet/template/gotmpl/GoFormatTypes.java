package io.vaultlet.template.gotmpl;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Go type names of data-model values ({@code %T}, {@code %#v}, bad-verb messages) and Go's map key order. */
final class GoFormatTypes {

  private GoFormatTypes() {}

  /** The name Go's {@code %T} prints for a value of the data model. */
  static String typeString(Object v) {
    if (v == null) {
      return "<nil>";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof Long || v instanceof Integer) {
      return "int";
    } else if (v instanceof Short) {
      return "int16";
    } else if (v instanceof Byte) {
      return "int8";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof Double) {
      return "float64";
    } else if (v instanceof Float) {
      return "float32";
    } else if (v instanceof List<?>) {
      return "[]interface {}";
    } else if (v instanceof Map<?, ?> map) {
      return "map[" + keyType(map) + "]interface {}";
    } else if (v instanceof GoStruct s) {
      String name = structName(s);
      return s.pointer() ? "*" + name : name;
    } else if (v instanceof BigInteger big) {
      int bits = big.bitLength();
      return bits <= 63 ? "int" : bits == 64 && big.signum() > 0 ? "uint64" : "*big.Int";
    } else if (v instanceof byte[]) {
      return "[]uint8";
    } else if (v instanceof TemplateFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    return v.getClass().getName();
  }

  /** The struct's type name without a pointer star, whichever way {@link GoStruct#typeName()} spells it. */
  static String structName(GoStruct s) {
    String name = s.typeName();
    return name.startsWith("*") ? name.substring(1) : name;
  }

  /** Key type of a map: {@code string} for the data model; other uniform key kinds are named, mixed ones not. */
  private static String keyType(Map<?, ?> map) {
    String type = null;
    for (Object key : map.keySet()) {
      String t = key instanceof String ? "string" : typeString(key);
      if (type == null) {
        type = t;
      } else if (!type.equals(t)) {
        return "interface {}";
      }
    }
    return type == null ? "string" : type;
  }

  /** Keys in Go's fmt order: strings by UTF-8 bytes (code points), numbers by value, false before true. */
  static Object[] sortedKeys(Map<?, ?> map) {
    Object[] keys = map.keySet().toArray();
    if (keys.length > 1) {
      Arrays.sort(keys, KEY_ORDER);
    }
    return keys;
  }

  private static final Comparator<Object> KEY_ORDER = GoFormatTypes::compareKeys;

  private static int compareKeys(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    int ka = kindRank(a);
    int kb = kindRank(b);
    if (ka != kb) {
      return Integer.compare(ka, kb);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (ka == 2) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    if (ka == 3) {
      // Go orders NaN first, then by value.
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Boolean.compare(!Double.isNaN(x), !Double.isNaN(y));
      }
      return Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private static int kindRank(Object o) {
    if (o == null) {
      return 0;
    } else if (o instanceof Boolean) {
      return 1;
    } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return 2;
    } else if (o instanceof Double || o instanceof Float) {
      return 3;
    } else if (o instanceof String) {
      return 4;
    }
    return 5;
  }

  /** Code point order, which is the UTF-8 byte order Go sorts strings by (UTF-16 order differs above U+FFFF). */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
