package io.vaultlet.template.gotmpl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Go's predefined template functions (text/template/funcs.go) over the template data model. */
final class Builtins {

  /** A builtin failed: reported as {@code error calling NAME: MESSAGE}. */
  static final class BuiltinError extends Exception {
    BuiltinError(String message) {
      super(message, null, false, false);
    }
  }

  /** Go's builtin signature facts used by the arity check: fixed parameter count, and whether more may follow. */
  enum Builtin {
    AND(1, true), OR(1, true), NOT(1, false), LEN(1, false), INDEX(1, true), SLICE(1, true), PRINT(0, true),
    PRINTF(1, true), PRINTLN(0, true), HTML(0, true), JS(0, true), URLQUERY(0, true), EQ(1, true), NE(2, false),
    LT(2, false), LE(2, false), GT(2, false), GE(2, false), CALL(1, true);

    final int fixed;
    final boolean variadic;

    Builtin(int fixed, boolean variadic) {
      this.fixed = fixed;
      this.variadic = variadic;
    }
  }

  private static final Map<String, Builtin> BY_NAME = Map.ofEntries(
      Map.entry("and", Builtin.AND), Map.entry("or", Builtin.OR), Map.entry("not", Builtin.NOT),
      Map.entry("len", Builtin.LEN), Map.entry("index", Builtin.INDEX), Map.entry("slice", Builtin.SLICE),
      Map.entry("print", Builtin.PRINT), Map.entry("printf", Builtin.PRINTF), Map.entry("println", Builtin.PRINTLN),
      Map.entry("html", Builtin.HTML), Map.entry("js", Builtin.JS), Map.entry("urlquery", Builtin.URLQUERY),
      Map.entry("eq", Builtin.EQ), Map.entry("ne", Builtin.NE), Map.entry("lt", Builtin.LT),
      Map.entry("le", Builtin.LE), Map.entry("gt", Builtin.GT), Map.entry("ge", Builtin.GE),
      Map.entry("call", Builtin.CALL));

  static final Set<String> NAMES = BY_NAME.keySet();

  private Builtins() {}

  static boolean isBuiltin(String name) {
    return BY_NAME.containsKey(name);
  }

  static Builtin get(String name) {
    return BY_NAME.get(name);
  }

  /** Go's indirectInterface: a nil interface becomes the invalid value. */
  static Object indirect(Object v) {
    return v == null ? Exec.NO_VALUE : v;
  }

  // ---- truth ----

  /** Go's isTrue on an unwrapped value (null and NO_VALUE are false). */
  static boolean isTrue(Object v) {
    if (v == null || v == Exec.NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return true;
  }

  // ---- indexing ----

  static Object index(Object item, List<Object> indexes) throws BuiltinError {
    item = indirect(item);
    if (item == Exec.NO_VALUE) {
      throw new BuiltinError("index of untyped nil");
    }
    for (Object rawIndex : indexes) {
      Object index = indirect(rawIndex);
      if (item == null) {
        throw new BuiltinError("index of nil pointer");
      }
      if (item instanceof List<?> list) {
        int x = indexArg(index, list.size());
        if (x == list.size()) {
          throw new BuiltinError("reflect: slice index out of range");
        }
        item = list.get(x);
      } else if (item instanceof String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int x = indexArg(index, bytes.length);
        if (x == bytes.length) {
          throw new BuiltinError("reflect: string index out of range");
        }
        item = (long) (bytes[x] & 0xff);
      } else if (item instanceof Map<?, ?> map) {
        if (index == Exec.NO_VALUE) {
          throw new BuiltinError("value is nil; should be of type string");
        }
        if (!(index instanceof String)) {
          throw new BuiltinError("value has type " + GoTypes.typeName(index) + "; should be string");
        }
        item = map.get(index);
      } else {
        throw new BuiltinError("can't index item of type " + GoTypes.elemTypeName(item));
      }
    }
    return item;
  }

  private static int indexArg(Object index, int cap) throws BuiltinError {
    long x;
    if (index instanceof Long || index instanceof Integer || index instanceof Short || index instanceof Byte) {
      x = ((Number) index).longValue();
    } else if (index == Exec.NO_VALUE) {
      throw new BuiltinError("cannot index slice/array with nil");
    } else {
      throw new BuiltinError("cannot index slice/array with type " + GoTypes.typeName(index));
    }
    if (x < 0 || x > cap) {
      throw new BuiltinError("index out of range: " + x);
    }
    return (int) x;
  }

  static Object slice(Object item, List<Object> indexes) throws BuiltinError {
    item = indirect(item);
    if (item == Exec.NO_VALUE) {
      throw new BuiltinError("slice of untyped nil");
    }
    if (indexes.size() > 3) {
      throw new BuiltinError("too many slice indexes: " + indexes.size());
    }
    int cap;
    byte[] bytes = null;
    if (item instanceof String s) {
      if (indexes.size() == 3) {
        throw new BuiltinError("cannot 3-index slice a string");
      }
      bytes = s.getBytes(StandardCharsets.UTF_8);
      cap = bytes.length;
    } else if (item instanceof List<?> l) {
      cap = l.size();
    } else {
      throw new BuiltinError("can't slice item of type " + GoTypes.typeName(item));
    }
    int[] idx = {0, cap, 0};
    for (int i = 0; i < indexes.size(); i++) {
      idx[i] = indexArg(indirect(indexes.get(i)), cap);
    }
    if (idx[0] > idx[1]) {
      throw new BuiltinError("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    if (indexes.size() == 3 && idx[1] > idx[2]) {
      throw new BuiltinError("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (bytes != null) {
      return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
    }
    return Collections.unmodifiableList(((List<?>) item).subList(idx[0], idx[1]));
  }

  static Object length(Object item) throws BuiltinError {
    if (item == null) {
      throw new BuiltinError("len of nil pointer");
    }
    if (item == Exec.NO_VALUE) {
      throw new BuiltinError("reflect: call of reflect.Value.Type on zero Value");
    }
    if (item instanceof String s) {
      return (long) GoText.utf8Length(s);
    }
    if (item instanceof List<?> l) {
      return (long) l.size();
    }
    if (item instanceof Map<?, ?> m) {
      return (long) m.size();
    }
    throw new BuiltinError("len of type " + GoTypes.elemTypeName(item));
  }

  // ---- comparison ----

  private enum Kind { INVALID, BOOL, INT, FLOAT, STRING }

  private static Kind basicKind(Object v) {
    if (v instanceof Boolean) {
      return Kind.BOOL;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return Kind.INT;
    }
    if (v instanceof Double || v instanceof Float) {
      return Kind.FLOAT;
    }
    if (v instanceof String) {
      return Kind.STRING;
    }
    return Kind.INVALID;
  }

  static boolean eq(Object arg1, List<Object> rest) throws BuiltinError {
    Object a1 = indirect(arg1);
    if (rest.isEmpty()) {
      throw new BuiltinError("missing argument for comparison");
    }
    Kind k1 = basicKind(a1);
    for (Object raw : rest) {
      Object a = indirect(raw);
      Kind k2 = basicKind(a);
      boolean truth;
      if (k1 != k2) {
        if (a1 != Exec.NO_VALUE && a != Exec.NO_VALUE) {
          throw new BuiltinError("incompatible types for comparison");
        }
        truth = false;
      } else {
        truth = switch (k1) {
          case BOOL -> a1.equals(a);
          case INT -> ((Number) a1).longValue() == ((Number) a).longValue();
          case FLOAT -> ((Number) a1).doubleValue() == ((Number) a).doubleValue();
          case STRING -> a1.equals(a);
          default -> eqOther(a1, a);
        };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  private static boolean eqOther(Object a1, Object a) throws BuiltinError {
    String kind1 = GoTypes.reflectKind(a1);
    String kind2 = GoTypes.reflectKind(a);
    if (!kind1.equals(kind2) && a1 != Exec.NO_VALUE && a != Exec.NO_VALUE) {
      throw new BuiltinError("non-comparable types " + GoFormat.sprintf("%s", List.of(a1)) + ": "
          + GoTypes.typeName(a1) + ", " + GoTypes.typeName(a) + ": " + GoFormat.formatValue(a));
    }
    boolean nil1 = a1 == Exec.NO_VALUE;
    boolean nil2 = a == Exec.NO_VALUE;
    if (nil1 || nil2) {
      return nil1 == nil2;
    }
    if (!GoTypes.comparable(a)) {
      throw new BuiltinError("non-comparable type " + GoFormat.sprintf("%s", List.of(a)) + ": "
          + GoTypes.typeName(a));
    }
    if (a1 instanceof GoStruct s && s.pointer()) {
      return a1 == a;
    }
    return a1.equals(a);
  }

  static boolean lt(Object arg1, Object arg2) throws BuiltinError {
    Object a1 = indirect(arg1);
    Kind k1 = basicKind(a1);
    if (k1 == Kind.INVALID) {
      throw new BuiltinError("invalid type for comparison");
    }
    Object a2 = indirect(arg2);
    Kind k2 = basicKind(a2);
    if (k2 == Kind.INVALID) {
      throw new BuiltinError("invalid type for comparison");
    }
    if (k1 != k2) {
      throw new BuiltinError("incompatible types for comparison");
    }
    return switch (k1) {
      case INT -> ((Number) a1).longValue() < ((Number) a2).longValue();
      case FLOAT -> ((Number) a1).doubleValue() < ((Number) a2).doubleValue();
      case STRING -> GoText.compare((String) a1, (String) a2) < 0;
      default -> throw new BuiltinError("invalid type for comparison");
    };
  }

  static boolean le(Object a, Object b) throws BuiltinError {
    return lt(a, b) || eq(a, List.of(b == null ? Exec.NO_VALUE : b));
  }

  // ---- dispatch ----

  /** Runs builtin {@code b} on evaluated arguments ({@code format} is printf's). */
  static Object apply(Builtin b, String format, List<Object> argv, ExecutionContext ctx, Object dot)
      throws BuiltinError {
    switch (b) {
      case NOT:
        return !isTrue(argv.get(0));
      case LEN:
        return length(argv.get(0));
      case INDEX:
        return index(argv.get(0), argv.subList(1, argv.size()));
      case SLICE:
        return slice(argv.get(0), argv.subList(1, argv.size()));
      case PRINT:
        return GoFormat.sprint(argv);
      case PRINTLN:
        return GoFormat.sprintln(argv);
      case PRINTF:
        return GoFormat.sprintf(format, argv);
      case HTML:
        return html(Builtins.evalArgs(argv));
      case JS:
        return js(Builtins.evalArgs(argv));
      case URLQUERY:
        return urlQuery(Builtins.evalArgs(argv));
      case EQ:
        return eq(argv.get(0), argv.subList(1, argv.size()));
      case NE:
        return !eq(argv.get(0), argv.subList(1, 2));
      case LT:
        return lt(argv.get(0), argv.get(1));
      case LE:
        return le(argv.get(0), argv.get(1));
      case GT:
        return !le(argv.get(0), argv.get(1));
      case GE:
        return !lt(argv.get(0), argv.get(1));
      case CALL:
        return call(ctx, dot, argv.get(0), argv.subList(1, argv.size()));
      default:
        throw new BuiltinError("unknown builtin " + b);
    }
  }

  private static Object call(ExecutionContext ctx, Object dot, Object fn, List<Object> args) throws BuiltinError {
    Object f = indirect(fn);
    if (f == Exec.NO_VALUE) {
      throw new BuiltinError("call of nil");
    }
    if (!(f instanceof TemplateFunction tf)) {
      throw new BuiltinError("non-function of type " + GoTypes.typeName(f));
    }
    List<Object> argv = new ArrayList<>(args.size());
    for (Object a : args) {
      argv.add(a == Exec.NO_VALUE ? null : a);
    }
    Object savedDot = ctx.dot;
    ctx.dot = dot;
    try {
      return GoTypes.normalize(tf.invoke(Collections.unmodifiableList(argv)));
    } catch (Exec.ExecError e) {
      throw e;
    } catch (Exception e) {
      throw new BuiltinError(Exec.messageOf(e));
    } finally {
      ctx.dot = savedDot;
    }
  }

  // ---- escaping ----

  /** Go's evalArgs: a lone string as is, else fmt.Sprint with missing values shown as {@code <no value>}. */
  static String evalArgs(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) {
      return s;
    }
    List<Object> printable = new ArrayList<>(args.size());
    for (Object a : args) {
      printable.add(a == null || a == Exec.NO_VALUE ? "<no value>" : GoTypes.indirect(a));
    }
    return GoFormat.sprint(printable);
  }

  static String html(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case 0 -> "\uFFFD";
        case '"' -> "&#34;";
        case '\'' -> "&#39;";
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        default -> null;
      };
      if (rep != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (rep != null) {
          sb.append(rep);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  static String js(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      if (r < 0x80) {
        switch (r) {
          case '\\' -> sb.append("\\\\");
          case '\'' -> sb.append("\\'");
          case '"' -> sb.append("\\\"");
          case '<' -> sb.append("\\u003C");
          case '>' -> sb.append("\\u003E");
          case '&' -> sb.append("\\u0026");
          case '=' -> sb.append("\\u003D");
          default -> {
            if (r < ' ') {
              sb.append("\\u00").append(Character.toUpperCase(Character.forDigit(r >> 4, 16)))
                  .append(Character.toUpperCase(Character.forDigit(r & 0xf, 16)));
            } else {
              sb.append((char) r);
            }
          }
        }
      } else if (GoText.isPrint(r)) {
        sb.appendCodePoint(r);
      } else {
        String hex = Integer.toHexString(r).toUpperCase();
        sb.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
          sb.append('0');
        }
        sb.append(hex);
      }
    }
    return sb.toString();
  }

  /** Go's url.QueryEscape. */
  static String urlQuery(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
