package io.vaultlet.template;

import static io.vaultlet.template.SprigFunctions.empty;
import static io.vaultlet.template.SprigFunctions.listArg;
import static io.vaultlet.template.SprigFunctions.strval;

import io.vaultlet.support.GoPath;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sprig's list, dict and path functions. A list function given something that is not a list fails as Sprig's do
 * ({@code Cannot find first on type map}); the {@code must…} forms fail the same way (Sprig returns the error
 * instead of panicking, which a template shows alike).
 */
final class SprigCollections {

  private SprigCollections() {}

  static void register(Map<String, TemplateFunction> s) {
    TemplateFunction list = ArrayList::new;
    s.put("list", list);
    s.put("tuple", list);
    both(s, "append", "push", a -> {
      Args.count("append", a, 2);
      List<Object> l = new ArrayList<>(listArg(a.get(0), "push"));
      l.add(a.get(1));
      return l;
    });
    both(s, "prepend", null, a -> {
      Args.count("prepend", a, 2);
      List<Object> l = new ArrayList<>(listArg(a.get(0), "prepend"));
      l.add(0, a.get(1));
      return l;
    });
    both(s, "first", null, a -> {
      List<?> l = one("first", a, "find first");
      return l.isEmpty() ? null : l.get(0);
    });
    both(s, "last", null, a -> {
      List<?> l = one("last", a, "find last");
      return l.isEmpty() ? null : l.get(l.size() - 1);
    });
    both(s, "rest", null, a -> {
      List<?> l = one("rest", a, "find rest");
      return l.isEmpty() ? new ArrayList<>() : new ArrayList<Object>(l.subList(1, l.size()));
    });
    both(s, "initial", null, a -> {
      List<?> l = one("initial", a, "find initial");
      return l.isEmpty() ? new ArrayList<>() : new ArrayList<Object>(l.subList(0, l.size() - 1));
    });
    both(s, "reverse", null, a -> {
      List<Object> l = new ArrayList<>(one("reverse", a, "find reverse"));
      java.util.Collections.reverse(l);
      return l;
    });
    both(s, "compact", null, a -> {
      List<Object> out = new ArrayList<>();
      for (Object o : one("compact", a, "compact")) {
        if (!empty(o)) {
          out.add(o);
        }
      }
      return out;
    });
    both(s, "uniq", null, a -> {
      List<Object> out = new ArrayList<>();
      for (Object o : one("uniq", a, "find uniq")) {
        if (!out.contains(o)) {
          out.add(o);
        }
      }
      return out;
    });
    both(s, "without", null, a -> {
      Args.atLeast("without", a, 1);
      List<Object> omit = a.subList(1, a.size());
      List<Object> out = new ArrayList<>();
      for (Object o : listArg(a.get(0), "find without")) {
        if (!omit.contains(o)) {
          out.add(o);
        }
      }
      return out;
    });
    both(s, "has", null, a -> {
      Args.count("has", a, 2);
      return a.get(1) != null && listArg(a.get(1), "find has").contains(a.get(0));
    });
    both(s, "slice", null, a -> {
      Args.atLeast("slice", a, 1);
      Object v = a.get(0);
      if (!(v instanceof List<?> l)) {
        throw new IllegalStateException("list should be type of slice or array but " + SprigFunctions.kind(v));
      }
      if (l.isEmpty()) {
        return null;
      }
      int start = a.size() > 1 ? (int) SprigFunctions.toInt64(a.get(1)) : 0;
      int end = a.size() > 2 ? (int) SprigFunctions.toInt64(a.get(2)) : l.size();
      if (start < 0 || end < start || end > l.size()) {
        throw new IllegalStateException("reflect.Value.Slice: slice index out of bounds");
      }
      return l instanceof StringSlice ? StringSlice.of(new ArrayList<>(SprigStrings.strslice(l.subList(start, end))))
          : new ArrayList<Object>(l.subList(start, end));
    });
    s.put("concat", a -> {
      List<Object> res = new ArrayList<>();
      for (Object o : a) {
        if (!(o instanceof List<?> l)) {
          throw new IllegalStateException("Cannot concat type " + SprigFunctions.kind(o) + " as list");
        }
        res.addAll(l);
      }
      return res;
    });
    both(s, "chunk", null, a -> {
      Args.count("chunk", a, 2);
      int size = (int) Args.integer(a, 0);
      List<?> l = listArg(a.get(1), "chunk");
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i += size) {
        out.add(new ArrayList<Object>(l.subList(i, Math.min(l.size(), i + size))));
      }
      return out;
    });
    // dicts
    s.put("dict", a -> {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < a.size(); i += 2) {
        m.put(strval(a.get(i)), i + 1 < a.size() ? a.get(i + 1) : "");
      }
      return m;
    });
    s.put("get", a -> {
      Args.count("get", a, 2);
      Map<String, Object> m = Args.map(a, 0);
      String k = Args.string(a, 1);
      return m.containsKey(k) ? m.get(k) : "";
    });
    s.put("set", a -> {
      Args.count("set", a, 3);
      Map<String, Object> m = Args.map(a, 0);
      m.put(Args.string(a, 1), a.get(2));
      return m;
    });
    s.put("unset", a -> {
      Args.count("unset", a, 2);
      Map<String, Object> m = Args.map(a, 0);
      m.remove(Args.string(a, 1));
      return m;
    });
    s.put("hasKey", a -> {
      Args.count("hasKey", a, 2);
      return Args.map(a, 0).containsKey(Args.string(a, 1));
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
    s.put("keys", a -> {
      List<String> ks = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        ks.addAll(Args.map(a, i).keySet());
      }
      return StringSlice.of(ks);
    });
    s.put("values", a -> {
      Args.count("values", a, 1);
      return new ArrayList<>(Args.map(a, 0).values());
    });
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
    TemplateFunction merge = a -> mergeAll("merge", a, false);
    TemplateFunction mergeOverwrite = a -> mergeAll("mergeOverwrite", a, true);
    s.put("merge", merge);
    s.put("mustMerge", merge);
    s.put("mergeOverwrite", mergeOverwrite);
    s.put("mustMergeOverwrite", mergeOverwrite);
    s.put("dig", SprigCollections::dig);
    TemplateFunction deepCopy = a -> { Args.count("deepCopy", a, 1); return deepCopy(a.get(0)); };
    s.put("deepCopy", deepCopy);
    s.put("mustDeepCopy", deepCopy);
    // paths (path and path/filepath: the same on Unix)
    for (String prefix : new String[] {"", "os"}) {
      s.put(name(prefix, "base"), TextFunctions.unary("base", SprigCollections::base));
      s.put(name(prefix, "dir"), TextFunctions.unary("dir", p -> GoPath.clean(p.substring(0, p.lastIndexOf('/') + 1))));
      s.put(name(prefix, "clean"), TextFunctions.unary("clean", GoPath::clean));
      s.put(name(prefix, "ext"), TextFunctions.unary("ext", SprigCollections::ext));
      s.put(name(prefix, "isAbs"), TextFunctions.unary("isAbs", p -> p.startsWith("/")));
    }
  }

  private static String name(String prefix, String fn) {
    return prefix.isEmpty() ? fn : prefix + Character.toUpperCase(fn.charAt(0)) + fn.substring(1);
  }

  /** Registers {@code name}, {@code must<Name>} and an alias (with its {@code must} form). */
  private static void both(Map<String, TemplateFunction> s, String name, String alias, TemplateFunction fn) {
    s.put(name, fn);
    s.put("must" + Character.toUpperCase(name.charAt(0)) + name.substring(1), fn);
    if (alias != null) {
      s.put(alias, fn);
      s.put("must" + Character.toUpperCase(alias.charAt(0)) + alias.substring(1), fn);
    }
  }

  private static List<?> one(String fn, List<Object> a, String what) {
    Args.count(fn, a, 1);
    return listArg(a.get(0), what);
  }

  private static Object mergeAll(String fn, List<Object> a, boolean overwrite) {
    Args.atLeast(fn, a, 1);
    Map<String, Object> dst = Args.map(a, 0);
    for (int i = 1; i < a.size(); i++) {
      merge(dst, Args.map(a, i), overwrite);
    }
    return dst;
  }

  /** mergo's {@code Merge} (and {@code WithOverride}) of two {@code map[string]interface{}}, in place. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> dst, Map<String, Object> src, boolean overwrite) {
    for (Map.Entry<String, Object> e : src.entrySet()) {
      String k = e.getKey();
      Object sv = e.getValue();
      boolean present = dst.containsKey(k);
      Object dv = dst.get(k);
      if (sv == null) {
        if (overwrite) {
          dst.put(k, null);
        }
        continue;
      }
      if (sv instanceof Map<?, ?> sm && dv instanceof Map<?, ?> dm) {
        merge((Map<String, Object>) dm, (Map<String, Object>) sm, overwrite);
      }
      if (sv instanceof List<?> && (overwrite || !present || empty(dv))) {
        dst.put(k, sv);
        continue;
      }
      if (present && !empty(dv) && (sv instanceof List<?> || sv instanceof Map<?, ?> && dv instanceof Map<?, ?>)) {
        continue;
      }
      if (overwrite || !present || empty(dv)) {
        dst.put(k, sv);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object dig(List<Object> a) {
    if (a.size() < 3) {
      throw new IllegalStateException("dig needs at least three arguments");
    }
    Object last = a.get(a.size() - 1);
    if (!(last instanceof Map<?, ?>)) {
      throw new IllegalStateException("interface conversion: interface {} is " + GoTypes.typeName(last)
          + ", not map[string]interface {}");
    }
    Object def = a.get(a.size() - 2);
    Map<String, Object> cur = (Map<String, Object>) last;
    for (int i = 0; i < a.size() - 2; i++) {
      if (!(a.get(i) instanceof String key)) {
        throw new IllegalStateException("interface conversion: interface {} is " + GoTypes.typeName(a.get(i))
            + ", not string");
      }
      if (!cur.containsKey(key)) {
        return def;
      }
      Object step = cur.get(key);
      if (i == a.size() - 3) {
        return step;
      }
      if (!(step instanceof Map<?, ?> m)) {
        throw new IllegalStateException("interface conversion: interface {} is " + GoTypes.typeName(step)
            + ", not map[string]interface {}");
      }
      cur = (Map<String, Object>) m;
    }
    return def;
  }

  /** copystructure's deep copy of maps and lists; other values are immutable here. */
  static Object deepCopy(Object v) {
    if (v instanceof StringSlice ss) {
      return StringSlice.of(new ArrayList<>(ss));
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(o -> out.add(deepCopy(o)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, o) -> out.put(String.valueOf(k), deepCopy(o)));
      return out;
    }
    return v;
  }

  static boolean deepEqual(Object x, Object y) {
    return Objects.equals(x, y);
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

  private static String ext(String p) {
    for (int i = p.length() - 1; i >= 0 && p.charAt(i) != '/'; i--) {
      if (p.charAt(i) == '.') {
        return p.substring(i);
      }
    }
    return "";
  }
}
