package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Go type names and conversions over the template data model (see {@link GoStruct}). */
final class GoTypes {

  private GoTypes() {}

  /** The Go type {@code %T} would print for a data-model value. */
  static String typeName(Object v) {
    if (v == null || v == Brain.NIL) {
      return "<nil>";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return "int";
    }
    if (v instanceof BigInteger) {
      return "uint64";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float64";
    }
    if (v instanceof StringSlice) {
      return "[]string";
    }
    if (v instanceof List) {
      return "[]interface {}";
    }
    if (v instanceof Map) {
      return "map[string]interface {}";
    }
    if (v instanceof GoStruct g) {
      return g.typeName();
    }
    if (v instanceof TemplateFunction) {
      return "func()";
    }
    return v.getClass().getSimpleName();
  }

  static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  static boolean isUnsigned(Object v) {
    return v instanceof BigInteger;
  }

  static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float;
  }

  /** Go truthiness ({@code if}, {@code with}, {@code and}, {@code or}). */
  static boolean truthy(Object v) {
    if (v == null || v == Brain.NIL) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }
}
