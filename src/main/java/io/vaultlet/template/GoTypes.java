package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Go types as template functions see the template data model (see {@link GoStruct}): sprig's {@code typeOf}, the
 * wording of argument errors, and the integer/float tests the math functions dispatch on.
 *
 * <p>Unlike {@code %T} in {@link io.vaultlet.template.gotmpl.GoFormat}, which names the Java value's closest Go type,
 * this knows the model's own types: a {@link StringSlice} is {@code []string}, a {@link java.math.BigInteger} is
 * always {@code uint64} (what {@code parseUint} returns above int64), and {@link Brain#NIL} is nil.
 */
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

  /** Go truthiness ({@code if}, {@code with}, {@code and}, {@code or}); a recalled nil ({@link Brain#NIL}) is false. */
  static boolean truthy(Object v) {
    return v != Brain.NIL && io.vaultlet.template.gotmpl.Template.isTrue(v);
  }
}
