package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.RenderBudget;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
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
    s.put("repeat", a -> {
      Args.count("repeat", a, 2);
      String text = Args.string(a, 1);
      long count = Math.max(0, Args.integer(a, 0));
      RenderBudget.current().checkSize((long) Math.min(Long.MAX_VALUE, (double) count * text.length()));
      return text.repeat((int) count);
    });
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
      String pad = " ".repeat(padding(Args.integer(a, 0)));
      return pad + Args.string(a, 1).replace("\n", "\n" + pad);
    });
    s.put("nindent", a -> {
      Args.count("nindent", a, 2);
      String pad = " ".repeat(padding(Args.integer(a, 0)));
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
    SprigCollections.register(s);
    // regular expressions (Sprig's argument order: regex first, then the string)
    s.put("regexMatch", a -> {
      Args.count("regexMatch", a, 2);
      return GoRegex.matcher(GoRegex.compile(Args.string(a, 0)), Args.string(a, 1)).find();
    });
    s.put("regexFind", a -> {
      Args.count("regexFind", a, 2);
      Matcher m = GoRegex.matcher(GoRegex.compile(Args.string(a, 0)), Args.string(a, 1));
      return m.find() ? m.group() : "";
    });
    s.put("regexFindAll", a -> {
      Args.count("regexFindAll", a, 3);
      Matcher m = GoRegex.matcher(GoRegex.compile(Args.string(a, 0)), Args.string(a, 1));
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
      return GoRegex.matcher(GoRegex.compile(Args.string(a, 0)), Args.string(a, 1))
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

  static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v == null) {
      return List.of();
    }
    throw new IllegalArgumentException("Cannot find first on type " + GoTypes.typeName(v));
  }


  private static String join(List<Object> a, String sep, String q, boolean go) {
    List<String> parts = new ArrayList<>();
    for (Object o : a) {
      if (o == null) {
        continue;
      }
      String s = strval(o);
      parts.add(go ? GoFormat.quote(s) : q + s + q);
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

  /** An indentation of {@code n} spaces, checked against the output limit before it is allocated. */
  private static int padding(long n) {
    RenderBudget.current().checkSize(n);
    return (int) Math.max(0, n);
  }

  private static List<Object> range(long start, long stop, long step) {
    List<Object> out = new ArrayList<>();
    if (step == 0) {
      return out;
    }
    // every element is a step of the render's budget, charged before the list is built
    RenderBudget.current().charge((long) Math.max(0, Math.min(Long.MAX_VALUE, ((double) stop - start) / step)));
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






}
