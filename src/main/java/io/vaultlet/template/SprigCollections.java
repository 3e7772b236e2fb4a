package io.vaultlet.template;

import static io.vaultlet.template.SprigFunctions.list;
import static io.vaultlet.template.SprigFunctions.strval;

import io.vaultlet.support.GoPath;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Sprig's list, dict, type and path functions (registered as {@code sprig_<name>} by {@link SprigFunctions}). */
final class SprigCollections {

  private SprigCollections() {}

  static void register(Map<String, TemplateFunction> s) {
    // lists
    s.put("list", ArrayList::new);
    s.put("first", a -> { List<?> l = list1("first", a); return l.isEmpty() ? null : l.get(0); });
    s.put("last", a -> { List<?> l = list1("last", a); return l.isEmpty() ? null : l.get(l.size() - 1); });
    s.put("rest", a -> { List<?> l = list1("rest", a); return l.isEmpty() ? l : new ArrayList<>(l.subList(1, l.size())); });
    s.put("initial", a -> {
      List<?> l = list1("initial", a);
      return l.isEmpty() ? l : new ArrayList<>(l.subList(0, l.size() - 1));
    });
    s.put("append", a -> { Args.count("append", a, 2); List<Object> l = new ArrayList<>(list(a.get(0))); l.add(a.get(1)); return l; });
    s.put("prepend", a -> {
      Args.count("prepend", a, 2);
      List<Object> l = new ArrayList<>(list(a.get(0)));
      l.add(0, a.get(1));
      return l;
    });
    s.put("concat", a -> {
      List<Object> l = new ArrayList<>();
      for (Object o : a) {
        l.addAll(list(o));
      }
      return l;
    });
    s.put("reverse", a -> { List<Object> l = new ArrayList<>(list1("reverse", a)); Collections.reverse(l); return l; });
    s.put("uniq", a -> new ArrayList<>(new LinkedHashSet<>(list1("uniq", a))));
    s.put("without", a -> {
      Args.atLeast("without", a, 1);
      List<Object> l = new ArrayList<>(list(a.get(0)));
      l.removeIf(o -> a.subList(1, a.size()).contains(o));
      return l;
    });
    s.put("has", a -> { Args.count("has", a, 2); return list(a.get(1)).contains(a.get(0)); });
    // dicts
    s.put("dict", a -> {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < a.size(); i += 2) {
        m.put(strval(a.get(i)), i + 1 < a.size() ? a.get(i + 1) : "");
      }
      return m;
    });
    s.put("get", a -> { Args.count("get", a, 2); Object v = Args.map(a, 0).get(Args.string(a, 1)); return v == null ? "" : v; });
    s.put("set", a -> { Args.count("set", a, 3); Args.map(a, 0).put(Args.string(a, 1), a.get(2)); return a.get(0); });
    s.put("unset", a -> { Args.count("unset", a, 2); Args.map(a, 0).remove(Args.string(a, 1)); return a.get(0); });
    s.put("hasKey", a -> { Args.count("hasKey", a, 2); return Args.map(a, 0).containsKey(Args.string(a, 1)); });
    s.put("keys", a -> {
      List<String> ks = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        ks.addAll(Args.map(a, i).keySet());
      }
      return StringSlice.of(ks);
    });
    s.put("values", a -> { Args.count("values", a, 1); return new ArrayList<>(Args.map(a, 0).values()); });
    s.put("pick", a -> {
      Args.atLeast("pick", a, 1);
      Map<String, Object> m = Args.map(a, 0);
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 1; i < a.size(); i++) {
        String k = Args.string(a, i);
        if (m.containsKey(k)) {
          out.put(k, m.get(k));
        }
      }
      return out;
    });
    s.put("omit", a -> {
      Args.atLeast("omit", a, 1);
      Map<String, Object> out = new LinkedHashMap<>(Args.map(a, 0));
      for (int i = 1; i < a.size(); i++) {
        out.remove(Args.string(a, i));
      }
      return out;
    });
    s.put("pluck", a -> {
      Args.atLeast("pluck", a, 1);
      String k = Args.string(a, 0);
      List<Object> out = new ArrayList<>();
      for (int i = 1; i < a.size(); i++) {
        Map<String, Object> m = Args.map(a, i);
        if (m.containsKey(k)) {
          out.add(m.get(k));
        }
      }
      return out;
    });
    s.put("merge", a -> mergeAll(a, false));
    s.put("mergeOverwrite", a -> mergeAll(a, true));
    s.put("dig", a -> {
      Args.atLeast("dig", a, 3);
      Object cur = a.get(a.size() - 1);
      for (int i = 0; i < a.size() - 2; i++) {
        if (!(cur instanceof Map<?, ?> m) || !m.containsKey(Args.string(a, i))) {
          return a.get(a.size() - 2);
        }
        cur = m.get(Args.string(a, i));
      }
      return cur;
    });
    // types
    s.put("typeOf", a -> { Args.count("typeOf", a, 1); return GoTypes.typeName(a.get(0)); });
    s.put("kindOf", a -> { Args.count("kindOf", a, 1); return kind(a.get(0)); });
    s.put("kindIs", a -> { Args.count("kindIs", a, 2); return Args.string(a, 0).equals(kind(a.get(1))); });
    s.put("typeIs", a -> { Args.count("typeIs", a, 2); return Args.string(a, 0).equals(GoTypes.typeName(a.get(1))); });
    s.put("deepEqual", a -> { Args.count("deepEqual", a, 2); return Objects.equals(a.get(0), a.get(1)); });
    // paths
    s.put("base", TextFunctions.unary("base", SprigCollections::base));
    s.put("dir", TextFunctions.unary("dir", SprigCollections::dir));
    s.put("ext", TextFunctions.unary("ext", p -> {
      String b = p.substring(p.lastIndexOf('/') + 1);
      int dot = b.lastIndexOf('.');
      return dot < 0 ? "" : b.substring(dot);
    }));
    s.put("isAbs", TextFunctions.unary("isAbs", p -> p.startsWith("/")));
    s.put("clean", TextFunctions.unary("clean", GoPath::clean));
  }

  private static List<?> list1(String fn, List<Object> a) {
    Args.count(fn, a, 1);
    return list(a.get(0));
  }

  private static Object mergeAll(List<Object> a, boolean overwrite) {
    Args.atLeast(overwrite ? "mergeOverwrite" : "merge", a, 1);
    Map<String, Object> dst = Args.map(a, 0);
    Map<String, Object> out = dst;
    for (int i = 1; i < a.size(); i++) {
      out = TextFunctions.merge(out, Args.map(a, i), overwrite);
    }
    dst.clear();
    dst.putAll(out);
    return dst;
  }

  private static String kind(Object v) {
    if (v == null) {
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

  private static String base(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    String t = p.replaceAll("/+$", "");
    if (t.isEmpty()) {
      return "/";
    }
    return t.substring(t.lastIndexOf('/') + 1);
  }

  private static String dir(String p) {
    int slash = p.lastIndexOf('/');
    return GoPath.clean(slash < 0 ? "" : p.substring(0, slash + 1));
  }
}
