package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Adler32;

/**
 * The Sprig v3 functions Vault Agent templates use, registered as {@code sprig_<name>} (consul-template exposes Sprig's
 * hermetic map under that prefix). The list is in docs/templates.md; any other {@code sprig_} name is undefined.
 */
final class SprigFunctions {

  private SprigFunctions() {}

  static void register(Map<String, TemplateFunction> fns) {
    Map<String, TemplateFunction> s = new LinkedHashMap<>();
    // strings
    s.put("upper", TextFunctions.unary("upper", GoStrings::toUpper));
    s.put("lower", TextFunctions.unary("lower", GoStrings::toLower));
    s.put("title", TextFunctions.unary("title", SprigFunctions::title));
    s.put("trim", TextFunctions.unary("trim", GoStrings::trimSpace));
    s.put("trimAll", TextFunctions.binary("trimAll", (cut, str) -> GoStrings.trim(str, cut)));
    s.put("trimPrefix", TextFunctions.binary("trimPrefix", (p, str) -> str.startsWith(p) ? str.substring(p.length()) : str));
    s.put("trimSuffix", TextFunctions.binary("trimSuffix",
        (p, str) -> str.endsWith(p) ? str.substring(0, str.length() - p.length()) : str));
    s.put("contains", TextFunctions.binary("contains", (sub, str) -> str.contains(sub)));
    s.put("hasPrefix", TextFunctions.binary("hasPrefix", (p, str) -> str.startsWith(p)));
    s.put("hasSuffix", TextFunctions.binary("hasSuffix", (p, str) -> str.endsWith(p)));
    s.put("repeat", a -> { Args.count("repeat", a, 2); return Args.string(a, 1).repeat((int) Args.integer(a, 0)); });
    s.put("substr", a -> {
      Args.count("substr", a, 3);
      return substr((int) Args.integer(a, 0), (int) Args.integer(a, 1), Args.string(a, 2));
    });
    s.put("trunc", a -> { Args.count("trunc", a, 2); return trunc((int) Args.integer(a, 0), Args.string(a, 1)); });
    s.put("nospace", TextFunctions.unary("nospace", str -> str.codePoints().filter(cp -> !GoStrings.isSpace(cp))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()));
    s.put("quote", a -> join(a, " ", "\"", true));
    s.put("squote", a -> join(a, " ", "'", false));
    s.put("cat", a -> {
      List<String> parts = new ArrayList<>();
      for (Object o : a) {
        if (o != null) {
          parts.add(strval(o));
        }
      }
      return String.join(" ", parts);
    });
    s.put("indent", a -> {
      Args.count("indent", a, 2);
      String pad = " ".repeat((int) Args.integer(a, 0));
      return pad + Args.string(a, 1).replace("\n", "\n" + pad);
    });
    s.put("nindent", a -> {
      Args.count("nindent", a, 2);
      String pad = " ".repeat((int) Args.integer(a, 0));
      return "\n" + pad + Args.string(a, 1).replace("\n", "\n" + pad);
    });
    s.put("replace", a -> {
      Args.count("replace", a, 3);
      return GoStrings.replaceAll(Args.string(a, 2), Args.string(a, 0), Args.string(a, 1));
    });
    s.put("plural", a -> {
      Args.count("plural", a, 3);
      return Args.integer(a, 2) == 1 ? Args.string(a, 0) : Args.string(a, 1);
    });
    s.put("snakecase", TextFunctions.unary("snakecase", str -> words(str, "_", false)));
    s.put("kebabcase", TextFunctions.unary("kebabcase", str -> words(str, "-", false)));
    s.put("camelcase", TextFunctions.unary("camelcase", SprigFunctions::camel));
    s.put("toString", a -> { Args.count("toString", a, 1); return strval(a.get(0)); });
    s.put("split", a -> {
      Args.count("split", a, 2);
      Map<String, Object> m = new LinkedHashMap<>();
      List<String> parts = GoStrings.split(Args.string(a, 1), Args.string(a, 0));
      for (int i = 0; i < parts.size(); i++) {
        m.put("_" + i, parts.get(i));
      }
      return m;
    });
    s.put("splitList", a -> {
      Args.count("splitList", a, 2);
      return StringSlice.of(GoStrings.split(Args.string(a, 1), Args.string(a, 0)));
    });
    s.put("join", a -> {
      Args.count("join", a, 2);
      List<String> parts = new ArrayList<>();
      for (Object o : list(a.get(1))) {
        if (o != null) {
          parts.add(strval(o));
        }
      }
      return String.join(Args.string(a, 0), parts);
    });
    s.put("sortAlpha", a -> {
      Args.count("sortAlpha", a, 1);
      List<String> out = new ArrayList<>();
      for (Object o : list(a.get(0))) {
        out.add(strval(o));
      }
      Collections.sort(out);
      return StringSlice.of(out);
    });
    // conversions and math
    s.put("atoi", a -> {
      Args.count("atoi", a, 1);
      try {
        return Long.parseLong(Args.string(a, 0).strip());
      } catch (NumberFormatException e) {
        return 0L;
      }
    });
    s.put("int", a -> { Args.count("int", a, 1); return toInt64(a.get(0)); });
    s.put("int64", a -> { Args.count("int64", a, 1); return toInt64(a.get(0)); });
    s.put("float64", a -> { Args.count("float64", a, 1); return toFloat64(a.get(0)); });
    s.put("add1", a -> { Args.count("add1", a, 1); return toInt64(a.get(0)) + 1; });
    s.put("add", a -> {
      long sum = 0;
      for (Object o : a) {
        sum += toInt64(o);
      }
      return sum;
    });
    s.put("sub", a -> { Args.count("sub", a, 2); return toInt64(a.get(0)) - toInt64(a.get(1)); });
    s.put("mul", a -> {
      Args.atLeast("mul", a, 1);
      long p = 1;
      for (Object o : a) {
        p *= toInt64(o);
      }
      return p;
    });
    s.put("div", a -> {
      Args.count("div", a, 2);
      long d = toInt64(a.get(1));
      if (d == 0) {
        throw new ArithmeticException("runtime error: integer divide by zero");
      }
      return toInt64(a.get(0)) / d;
    });
    s.put("mod", a -> {
      Args.count("mod", a, 2);
      long d = toInt64(a.get(1));
      if (d == 0) {
        throw new ArithmeticException("runtime error: integer divide by zero");
      }
      return toInt64(a.get(0)) % d;
    });
    s.put("max", a -> {
      Args.atLeast("max", a, 1);
      long m = toInt64(a.get(0));
      for (Object o : a) {
        m = Math.max(m, toInt64(o));
      }
      return m;
    });
    s.put("min", a -> {
      Args.atLeast("min", a, 1);
      long m = toInt64(a.get(0));
      for (Object o : a) {
        m = Math.min(m, toInt64(o));
      }
      return m;
    });
    s.put("addf", a -> {
      double sum = 0;
      for (Object o : a) {
        sum += toFloat64(o);
      }
      return sum;
    });
    s.put("subf", a -> { Args.count("subf", a, 2); return toFloat64(a.get(0)) - toFloat64(a.get(1)); });
    s.put("mulf", a -> { Args.count("mulf", a, 2); return toFloat64(a.get(0)) * toFloat64(a.get(1)); });
    s.put("divf", a -> { Args.count("divf", a, 2); return toFloat64(a.get(0)) / toFloat64(a.get(1)); });
    s.put("floor", a -> { Args.count("floor", a, 1); return Math.floor(toFloat64(a.get(0))); });
    s.put("ceil", a -> { Args.count("ceil", a, 1); return Math.ceil(toFloat64(a.get(0))); });
    s.put("round", a -> {
      Args.atLeast("round", a, 2);
      return BigDecimal.valueOf(toFloat64(a.get(0))).setScale((int) toInt64(a.get(1)), RoundingMode.HALF_UP)
          .doubleValue();
    });
    s.put("until", a -> { Args.count("until", a, 1); return range(0, toInt64(a.get(0)), 1); });
    s.put("untilStep", a -> {
      Args.count("untilStep", a, 3);
      return range(toInt64(a.get(0)), toInt64(a.get(1)), toInt64(a.get(2)));
    });
    // defaults and logic
    s.put("default", a -> {
      Args.atLeast("default", a, 1);
      return a.size() < 2 || empty(a.get(1)) ? a.get(0) : a.get(1);
    });
    s.put("empty", a -> { Args.count("empty", a, 1); return empty(a.get(0)); });
    s.put("coalesce", a -> {
      for (Object o : a) {
        if (!empty(o)) {
          return o;
        }
      }
      return null;
    });
    s.put("all", a -> a.stream().noneMatch(SprigFunctions::empty));
    s.put("any", a -> a.stream().anyMatch(o -> !empty(o)));
    s.put("compact", a -> {
      Args.count("compact", a, 1);
      List<Object> out = new ArrayList<>();
      for (Object o : list(a.get(0))) {
        if (!empty(o)) {
          out.add(o);
        }
      }
      return out;
    });
    s.put("ternary", a -> {
      Args.count("ternary", a, 3);
      return Boolean.TRUE.equals(a.get(2)) ? a.get(0) : a.get(1);
    });
    s.put("fail", a -> { Args.count("fail", a, 1); throw new IllegalStateException(Args.string(a, 0)); });
    // encoding and hashing
    s.put("toJson", a -> { Args.count("toJson", a, 1); return jsonOrEmpty(a.get(0), true, ""); });
    s.put("toPrettyJson", a -> { Args.count("toPrettyJson", a, 1); return jsonOrEmpty(a.get(0), true, "  "); });
    s.put("toRawJson", a -> { Args.count("toRawJson", a, 1); return jsonOrEmpty(a.get(0), false, ""); });
    s.put("mustToJson", a -> { Args.count("mustToJson", a, 1); return GoJson.marshal(a.get(0), true, ""); });
    s.put("fromJson", a -> {
      Args.count("fromJson", a, 1);
      try {
        return GoJson.parse(Args.string(a, 0), GoJson.Numbers.FLOAT64);
      } catch (java.io.IOException e) {
        return new LinkedHashMap<>();
      }
    });
    s.put("mustFromJson", a -> { Args.count("mustFromJson", a, 1); return GoJson.parse(Args.string(a, 0),
        GoJson.Numbers.FLOAT64); });
    s.put("b64enc", TextFunctions.unary("b64enc", str -> Base64.getEncoder().encodeToString(TextFunctions.utf8(str))));
    s.put("b64dec", TextFunctions.unary("b64dec", str -> {
      try {
        return new String(Base64.getDecoder().decode(str), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "illegal base64 data at input byte 0";
      }
    }));
    s.put("sha1sum", TextFunctions.unary("sha1sum", str -> digest("SHA-1", str)));
    s.put("sha256sum", TextFunctions.unary("sha256sum", str -> digest("SHA-256", str)));
    s.put("sha512sum", TextFunctions.unary("sha512sum", str -> digest("SHA-512", str)));
    s.put("adler32sum", TextFunctions.unary("adler32sum", str -> {
      Adler32 ad = new Adler32();
      ad.update(TextFunctions.utf8(str));
      return Long.toString(ad.getValue());
    }));
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
    s.put("base", TextFunctions.unary("base", SprigFunctions::base));
    s.put("dir", TextFunctions.unary("dir", SprigFunctions::dir));
    s.put("ext", TextFunctions.unary("ext", p -> {
      String b = p.substring(p.lastIndexOf('/') + 1);
      int dot = b.lastIndexOf('.');
      return dot < 0 ? "" : b.substring(dot);
    }));
    s.put("isAbs", TextFunctions.unary("isAbs", p -> p.startsWith("/")));
    s.put("clean", TextFunctions.unary("clean", SprigFunctions::clean));
    // regular expressions (Sprig's argument order: regex first, then the string)
    s.put("regexMatch", a -> {
      Args.count("regexMatch", a, 2);
      return GoRegex.compile(Args.string(a, 0)).matcher(Args.string(a, 1)).find();
    });
    s.put("regexFind", a -> {
      Args.count("regexFind", a, 2);
      Matcher m = GoRegex.compile(Args.string(a, 0)).matcher(Args.string(a, 1));
      return m.find() ? m.group() : "";
    });
    s.put("regexFindAll", a -> {
      Args.count("regexFindAll", a, 3);
      Matcher m = GoRegex.compile(Args.string(a, 0)).matcher(Args.string(a, 1));
      long n = Args.integer(a, 2);
      List<String> out = new ArrayList<>();
      while ((n < 0 || out.size() < n) && m.find()) {
        out.add(m.group());
      }
      return StringSlice.of(out);
    });
    s.put("regexReplaceAll", a -> {
      Args.count("regexReplaceAll", a, 3);
      return GoRegex.replaceAll(GoRegex.compile(Args.string(a, 0)), Args.string(a, 1), Args.string(a, 2));
    });
    s.put("regexReplaceAllLiteral", a -> {
      Args.count("regexReplaceAllLiteral", a, 3);
      return GoRegex.compile(Args.string(a, 0)).matcher(Args.string(a, 1))
          .replaceAll(Matcher.quoteReplacement(Args.string(a, 2)));
    });
    s.put("regexSplit", a -> {
      Args.count("regexSplit", a, 3);
      long n = Args.integer(a, 2);
      String[] parts = GoRegex.compile(Args.string(a, 0)).split(Args.string(a, 1), n < 0 ? -1 : (int) n);
      return StringSlice.of(List.of(parts));
    });
    s.put("regexQuoteMeta", TextFunctions.unary("regexQuoteMeta", str -> str.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\$1")));
    for (Map.Entry<String, TemplateFunction> e : s.entrySet()) {
      fns.put("sprig_" + e.getKey(), e.getValue());
    }
  }

  /** The supported Sprig names (without the prefix), for the docs and tests. */
  static List<String> names() {
    Map<String, TemplateFunction> m = new TreeMap<>();
    register(m);
    List<String> out = new ArrayList<>();
    for (String k : m.keySet()) {
      out.add(k.substring("sprig_".length()));
    }
    return out;
  }

  static String strval(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return GoFormat.formatValue(v);
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v == null) {
      return List.of();
    }
    throw new IllegalArgumentException("Cannot find first on type " + GoTypes.typeName(v));
  }

  private static List<?> list1(String fn, List<Object> a) {
    Args.count(fn, a, 1);
    return list(a.get(0));
  }

  private static String join(List<Object> a, String sep, String q, boolean go) {
    List<String> parts = new ArrayList<>();
    for (Object o : a) {
      if (o == null) {
        continue;
      }
      String s = strval(o);
      parts.add(go ? GoQuote.quote(s) : q + s + q);
    }
    return String.join(sep, parts);
  }

  private static String substr(int start, int end, String s) {
    if (start < 0) {
      return s.substring(0, Math.min(end, s.length()));
    }
    if (end < 0 || end > s.length()) {
      return s.substring(Math.min(start, s.length()));
    }
    return start > end ? "" : s.substring(start, end);
  }

  private static String trunc(int c, String s) {
    if (c < 0 && s.length() + c > 0) {
      return s.substring(s.length() + c);
    }
    if (c >= 0 && s.length() > c) {
      return s.substring(0, c);
    }
    return s;
  }

  private static String title(String s) {
    StringBuilder sb = new StringBuilder();
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean sep = !(Character.isLetterOrDigit(prev) || prev == '_');
      sb.appendCodePoint(sep ? Character.toTitleCase(cp) : cp);
      prev = cp;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static String words(String s, String sep, boolean upperFirst) {
    String spaced = s.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[^A-Za-z0-9]+", " ").strip();
    return spaced.isEmpty() ? "" : spaced.toLowerCase(Locale.ROOT).replace(" ", sep);
  }

  private static String camel(String s) {
    StringBuilder sb = new StringBuilder();
    for (String w : s.split("[_\\s-]+")) {
      if (!w.isEmpty()) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
    }
    return sb.toString();
  }

  static long toInt64(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        try {
          return (long) Double.parseDouble(s.strip());
        } catch (NumberFormatException e2) {
          return 0;
        }
      }
    }
    return 0;
  }

  static double toFloat64(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static List<Object> range(long start, long stop, long step) {
    List<Object> out = new ArrayList<>();
    if (step == 0) {
      return out;
    }
    for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
      out.add(i);
    }
    return out;
  }

  static boolean empty(Object v) {
    return !GoTypes.truthy(v) && !(v instanceof GoStruct);
  }

  private static String jsonOrEmpty(Object v, boolean html, String indent) {
    try {
      return GoJson.marshal(v, html, indent);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String digest(String alg, String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(TextFunctions.utf8(s)));
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
    return clean(slash < 0 ? "" : p.substring(0, slash + 1));
  }

  /** Go's {@code path.Clean}. */
  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
      } else {
        out.add(part);
      }
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

}
