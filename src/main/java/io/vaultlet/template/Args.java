package io.vaultlet.template;

import io.vaultlet.template.gotmpl.TemplateFunction.ArgumentException;
import java.util.List;
import java.util.Map;

/** Argument checks for template functions, with Go's call-site error wording. */
final class Args {

  private Args() {}

  static void count(String fn, List<Object> args, int n) {
    if (args.size() != n) {
      throw new ArgumentException("wrong number of args for " + fn + ": want " + n + " got " + args.size());
    }
  }

  static void atLeast(String fn, List<Object> args, int n) {
    if (args.size() < n) {
      throw new ArgumentException("wrong number of args for " + fn + ": want at least " + n + " got " + args.size());
    }
  }

  static String string(List<Object> args, int i) {
    Object v = args.get(i);
    if (v instanceof String s) {
      return s;
    }
    throw wrongType(v, "string");
  }

  static long integer(List<Object> args, int i) {
    Object v = args.get(i);
    if (GoTypes.isInteger(v)) {
      return ((Number) v).longValue();
    }
    throw wrongType(v, "int");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(List<Object> args, int i) {
    Object v = args.get(i);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw wrongType(v, "map[string]interface {}");
  }

  static List<?> list(List<Object> args, int i, String goType) {
    Object v = args.get(i);
    if (v instanceof List<?> l) {
      return l;
    }
    throw wrongType(v, goType);
  }

  static ArgumentException wrongType(Object v, String expected) {
    if (v == null || v == Brain.NIL) {
      return new ArgumentException("invalid value; expected " + expected);
    }
    return new ArgumentException("wrong type for value; expected " + expected + "; got " + GoTypes.typeName(v));
  }
}
