package io.vaultlet.template.gotmpl;

import java.util.List;
import java.util.Map;

/** Go type names of data-model values, as Go's error messages print them. */
final class GoTypes {

  private GoTypes() {}

  /** Go's {@code reflect.Type.String()} for a value (Long is reported as {@code int}). */
  static String typeName(Object v) {
    if (v == null) {
      return "interface {}";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Long || v instanceof Integer) {
      return "int";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof List) {
      return "[]interface {}";
    }
    if (v instanceof Map) {
      return "map[string]interface {}";
    }
    if (v instanceof GoStruct s) {
      return s.typeName();
    }
    if (v instanceof TemplateFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    if (v instanceof Float) {
      return "float32";
    }
    if (v instanceof Short) {
      return "int16";
    }
    if (v instanceof Byte) {
      return "int8";
    }
    return v.getClass().getSimpleName();
  }

  /** Widens Java number types a function may return to the data model's Long and Double. */
  static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return (long) i;
    }
    if (v instanceof Short s) {
      return (long) s;
    }
    if (v instanceof Byte b) {
      return (long) b;
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    return v;
  }

  /** The type after Go's pointer indirection (a pointer struct's element type). */
  static String elemTypeName(Object v) {
    String t = typeName(v);
    if (v instanceof GoStruct s && s.pointer() && t.startsWith("*")) {
      return t.substring(1);
    }
    return t;
  }

  /** Go's reflect.Kind name, used to decide comparability. */
  static String reflectKind(Object v) {
    if (v == Exec.NO_VALUE) {
      return "invalid";
    }
    if (v instanceof List) {
      return "slice";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof GoStruct s) {
      return s.pointer() ? "ptr" : "struct";
    }
    if (v instanceof TemplateFunction) {
      return "func";
    }
    return v.getClass().getName();
  }

  /** Go's comparability; a struct value is comparable when none of its fields holds a slice, map or func. */
  static boolean comparable(Object v) {
    if (v instanceof GoStruct s && !s.pointer()) {
      for (String name : s.fieldNames()) {
        if (!comparable(s.field(name))) {
          return false;
        }
      }
      return true;
    }
    return !(v instanceof List || v instanceof Map || v instanceof TemplateFunction);
  }

  /** The struct a pointer points to, for messages that print the value Go reached through the pointer. */
  static Object indirect(Object v) {
    if (v instanceof GoStruct s && s.pointer() && s.method("String") == null) {
      return new GoStruct() {
        @Override
        public String typeName() {
          String t = s.typeName();
          return t.startsWith("*") ? t.substring(1) : t;
        }

        @Override
        public boolean pointer() {
          return false;
        }

        @Override
        public List<String> fieldNames() {
          return s.fieldNames();
        }

        @Override
        public Object field(String name) {
          return s.field(name);
        }
      };
    }
    return v;
  }
}
