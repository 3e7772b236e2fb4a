package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import io.vaultlet.template.gotmpl.TemplateFunction.ArgumentException;
import io.vaultlet.template.gotmpl.RenderBudget;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** consul-template's pure helpers: encoding, strings, parsing, hashing, collections. The piped value comes last. */
final class TextFunctions {

  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:(?:[0-9](?:_?[0-9])*)?\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)",
          Pattern.CASE_INSENSITIVE);

  private TextFunctions() {}

  static void register(Map<String, TemplateFunction> fns) {
    fns.put("base64Encode", unary("base64Encode", s -> Base64.getEncoder().encodeToString(utf8(s))));
    fns.put("base64Decode", unary("base64Decode", s -> decodeBase64("base64Decode", s, false)));
    fns.put("base64URLEncode", unary("base64URLEncode", s -> Base64.getUrlEncoder().encodeToString(utf8(s))));
    fns.put("base64URLDecode", unary("base64URLDecode", s -> decodeBase64("base64URLDecode", s, true)));
    fns.put("toJSON", args -> { Args.count("toJSON", args, 1); return json("toJSON", args.get(0), true, ""); });
    fns.put("toJSONPretty", args -> {
      Args.count("toJSONPretty", args, 1);
      return json("toJSONPretty", args.get(0), true, "  ");
    });
    fns.put("toUnescapedJSON", args -> {
      Args.count("toUnescapedJSON", args, 1);
      return json("toUnescapedJSON", args.get(0), false, "");
    });
    fns.put("toUnescapedJSONPretty", args -> {
      Args.count("toUnescapedJSONPretty", args, 1);
      return json("toUnescapedJSONPretty", args.get(0), false, "  ");
    });
    fns.put("toYAML", args -> { Args.count("toYAML", args, 1); return GoYaml.marshal(args.get(0)).strip(); });
    fns.put("toTOML", args -> { Args.count("toTOML", args, 1); return GoToml.marshal(args.get(0)).strip(); });
    fns.put("toLower", unary("toLower", GoStrings::toLower));
    fns.put("toUpper", unary("toUpper", GoStrings::toUpper));
    fns.put("toTitle", unary("toTitle", GoStrings::title));
    fns.put("trimSpace", unary("trimSpace", GoStrings::trimSpace));
    fns.put("trim", binary("trim", (cut, s) -> GoStrings.trim(s, cut)));
    fns.put("trimPrefix", binary("trimPrefix", (p, s) -> s.startsWith(p) ? s.substring(p.length()) : s));
    fns.put("trimSuffix", binary("trimSuffix", (p, s) -> s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s));
    fns.put("split", binary("split", TextFunctions::split));
    fns.put("splitToMap", args -> {
      Args.count("splitToMap", args, 3);
      return splitToMap(Args.string(args, 0), Args.string(args, 1), Args.string(args, 2));
    });
    fns.put("join", args -> {
      Args.count("join", args, 2);
      String sep = Args.string(args, 0);
      List<?> l = Args.list(args, 1, "[]string");
      List<String> parts = new ArrayList<>(l.size());
      for (Object o : l) {
        if (!(o instanceof String s)) {
          throw Args.wrongType(l, "[]string");
        }
        parts.add(s);
      }
      return String.join(sep, parts);
    });
    fns.put("replaceAll", args -> {
      Args.count("replaceAll", args, 3);
      return GoStrings.replaceAll(Args.string(args, 2), Args.string(args, 0), Args.string(args, 1));
    });
    fns.put("regexReplaceAll", args -> {
      Args.count("regexReplaceAll", args, 3);
      return GoRegex.replaceAll(GoRegex.compile(Args.string(args, 0)), Args.string(args, 2), Args.string(args, 1));
    });
    fns.put("regexMatch", args -> {
      Args.count("regexMatch", args, 2);
      return GoRegex.matcher(GoRegex.compile(Args.string(args, 0)), Args.string(args, 1)).find();
    });
    fns.put("contains", args -> { Args.count("contains", args, 2); return in(args.get(1), args.get(0)); });
    fns.put("in", args -> { Args.count("in", args, 2); return in(args.get(0), args.get(1)); });
    fns.put("containsAll", containsSome("containsAll", true, true));
    fns.put("containsAny", containsSome("containsAny", false, false));
    fns.put("containsNone", containsSome("containsNone", true, false));
    fns.put("containsNotAll", containsSome("containsNotAll", false, true));
    fns.put("parseBool", unaryObj("parseBool", TextFunctions::parseBool));
    fns.put("parseFloat", unaryObj("parseFloat", TextFunctions::parseFloat));
    fns.put("parseInt", unaryObj("parseInt", TextFunctions::parseInt));
    fns.put("parseUint", unaryObj("parseUint", TextFunctions::parseUint));
    fns.put("parseJSON", unaryObj("parseJSON", s -> s.isEmpty() ? new LinkedHashMap<>()
        : GoJson.parse(s, GoJson.Numbers.FLOAT64)));
    fns.put("parseYAML", unaryObj("parseYAML", s -> s.isEmpty() ? new LinkedHashMap<>() : GoYaml.parse(s)));
    fns.put("sha256Hex", unary("sha256Hex", s -> hex(MessageDigest.getInstance("SHA-256").digest(utf8(s)))));
    fns.put("md5sum", unary("md5sum", s -> hex(MessageDigest.getInstance("MD5").digest(utf8(s)))));
    fns.put("hmacSHA256Hex", binary("hmacSHA256Hex", (message, key) -> {
      Mac mac = Mac.getInstance("HmacSHA256");
      // Java rejects an empty key; HMAC zero-pads keys to the block size, so one zero byte is the same key.
      mac.init(new SecretKeySpec(key.isEmpty() ? new byte[1] : utf8(key), "HmacSHA256"));
      return hex(mac.doFinal(utf8(message)));
    }));
    fns.put("indent", args -> {
      Args.count("indent", args, 2);
      return indent(Args.integer(args, 0), Args.string(args, 1));
    });
    fns.put("loop", TextFunctions::loop);
    fns.put("explode", args -> { Args.count("explode", args, 1); return explode(args.get(0)); });
    fns.put("explodeMap", args -> {
      Args.count("explodeMap", args, 1);
      return explodeMap("explodeMap", Args.map(args, 0));
    });
    fns.put("mergeMap", args -> {
      Args.count("mergeMap", args, 2);
      return merge(Args.map(args, 0), Args.map(args, 1), false);
    });
    fns.put("mergeMapWithOverride", args -> {
      Args.count("mergeMapWithOverride", args, 2);
      return merge(Args.map(args, 0), Args.map(args, 1), true);
    });
  }

  @FunctionalInterface
  interface StringFn {
    Object apply(String s) throws Exception;
  }

  @FunctionalInterface
  interface StringFn2 {
    Object apply(String a, String b) throws Exception;
  }

  static TemplateFunction unary(String name, StringFn fn) {
    return args -> {
      Args.count(name, args, 1);
      return fn.apply(Args.string(args, 0));
    };
  }

  private static TemplateFunction unaryObj(String name, StringFn fn) {
    return unary(name, fn);
  }

  static TemplateFunction binary(String name, StringFn2 fn) {
    return args -> {
      Args.count(name, args, 2);
      return fn.apply(Args.string(args, 0), Args.string(args, 1));
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String json(String fn, Object v, boolean html, String indent) {
    try {
      return GoJson.marshal(v, html, indent).strip();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(fn + ": " + e.getMessage(), e);
    }
  }

  private static String decodeBase64(String fn, String s, boolean url) {
    String in = s.replace("\r", "").replace("\n", "");
    String alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int pad = in.indexOf('=');
    int dataLen = pad < 0 ? in.length() : pad;
    for (int i = 0; i < dataLen; i++) {
      if (alphabet.indexOf(in.charAt(i)) < 0) {
        throw new IllegalArgumentException(fn + ": illegal base64 data at input byte " + i);
      }
    }
    if (in.length() % 4 != 0 || pad >= 0 && (in.length() - pad > 2 || !in.substring(pad).matches("=+"))) {
      throw new IllegalArgumentException(fn + ": illegal base64 data at input byte " + Math.max(0, dataLen));
    }
    try {
      byte[] out = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(in);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(fn + ": illegal base64 data at input byte " + dataLen);
    }
  }

  private static List<String> split(String sep, String s) {
    String t = GoStrings.trimSpace(s);
    if (t.isEmpty()) {
      return StringSlice.of(List.of());
    }
    return StringSlice.of(GoStrings.split(t, sep));
  }

  private static Map<String, Object> splitToMap(String sep1, String sep2, String s) {
    String t = GoStrings.trimSpace(s);
    Map<String, Object> m = new LinkedHashMap<>();
    if (t.isEmpty()) {
      return m;
    }
    for (String piece : GoStrings.split(t, sep1)) {
      int at = piece.indexOf(sep2);
      if (at >= 0) {
        m.put(piece.substring(0, at), piece.substring(at + sep2.length()));
      }
    }
    return m;
  }

  /** consul-template's {@code in}: element of a slice (ints by value, floats by value, strings) or substring. */
  static boolean in(Object haystack, Object needle) {
    if (haystack instanceof List<?> l) {
      for (Object e : l) {
        if (GoTypes.isInteger(e) && GoTypes.isInteger(needle)) {
          if (((Number) e).longValue() == ((Number) needle).longValue()) {
            return true;
          }
        } else if (GoTypes.isFloat(e) && GoTypes.isFloat(needle)) {
          if (((Number) e).doubleValue() == ((Number) needle).doubleValue()) {
            return true;
          }
        } else if (e instanceof String s && needle instanceof String n && s.equals(n)) {
          return true;
        }
      }
      return false;
    }
    if (haystack instanceof String s && needle instanceof String n) {
      return s.contains(n);
    }
    return false;
  }

  private static TemplateFunction containsSome(String name, boolean retTrue, boolean invert) {
    return args -> {
      Args.count(name, args, 2);
      List<?> needles = Args.list(args, 0, "[]interface {}");
      for (Object n : needles) {
        if (in(args.get(1), n) != invert) {
          return !retTrue;
        }
      }
      return retTrue;
    };
  }

  private static Object parseBool(String s) {
    if (s.isEmpty()) {
      return false;
    }
    switch (s) {
      case "1": case "t": case "T": case "TRUE": case "true": case "True": return true;
      case "0": case "f": case "F": case "FALSE": case "false": case "False": return false;
      default:
        throw new IllegalArgumentException("parseBool: strconv.ParseBool: parsing " + GoFormat.quote(s)
            + ": invalid syntax");
    }
  }

  private static Object parseFloat(String s) {
    if (s.isEmpty()) {
      return 0.0;
    }
    if (!FLOAT.matcher(s).matches() || s.matches("[+-]?\\.?")) {
      throw new IllegalArgumentException("parseFloat: strconv.ParseFloat: parsing " + GoFormat.quote(s)
          + ": invalid syntax");
    }
    String t = s.toLowerCase(java.util.Locale.ROOT).replace("_", "");
    if (t.endsWith("inf") || t.endsWith("infinity")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (t.endsWith("nan")) {
      return Double.NaN;
    }
    double d = Double.parseDouble(t);
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("parseFloat: strconv.ParseFloat: parsing " + GoFormat.quote(s)
          + ": value out of range");
    }
    return d;
  }

  private static Object parseInt(String s) {
    if (s.isEmpty()) {
      return 0L;
    }
    if (!s.matches("[+-]?[0-9]+")) {
      throw new IllegalArgumentException("parseInt: strconv.ParseInt: parsing " + GoFormat.quote(s)
          + ": invalid syntax");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parseInt: strconv.ParseInt: parsing " + GoFormat.quote(s)
          + ": value out of range");
    }
  }

  private static Object parseUint(String s) {
    if (s.isEmpty()) {
      return 0L;
    }
    if (!s.matches("[0-9]+")) {
      throw new IllegalArgumentException("parseUint: strconv.ParseUint: parsing " + GoFormat.quote(s)
          + ": invalid syntax");
    }
    BigInteger v = new BigInteger(s);
    if (v.bitLength() > 64) {
      throw new IllegalArgumentException("parseUint: strconv.ParseUint: parsing " + GoFormat.quote(s)
          + ": value out of range");
    }
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  /** consul-template's {@code indent}: n spaces at the start and after each newline, unless the line is empty. */
  static String indent(long spaces, String s) {
    if (spaces < 0) {
      throw new IllegalArgumentException("indent value must be a positive integer");
    }
    RenderBudget.current().checkSize(spaces);
    String prefix = " ".repeat((int) spaces);
    StringBuilder sb = new StringBuilder(s.length() + 16);
    boolean lineStart = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (lineStart && c != '\n') {
        sb.append(prefix);
      }
      sb.append(c);
      lineStart = c == '\n';
    }
    return sb.toString();
  }

  private static Object loop(List<Object> args) {
    long start;
    long stop;
    switch (args.size()) {
      case 1:
        start = 0;
        stop = loopArg(args.get(0));
        break;
      case 2:
        start = loopArg(args.get(0));
        stop = loopArg(args.get(1));
        break;
      default:
        throw new IllegalArgumentException("loop: wrong number of arguments, expected 1 or 2, but got " + args.size());
    }
    // every element is a step of the render's budget, charged before the range is made (computed, never stored)
    RenderBudget.current().charge((long) Math.max(0, Math.min(Long.MAX_VALUE, (double) stop - start)));
    return LongRange.of(start, stop, 1);
  }

  private static long loopArg(Object v) {
    if (GoTypes.isInteger(v)) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.longValue();
    }
    if (v instanceof String s) {
      return (Long) parseInt(s);
    }
    throw new IllegalArgumentException("loop: bad argument type: " + GoTypes.typeName(v));
  }

  private static Object explode(Object v) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) m;
      return explodeMap("explode", typed);
    }
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof GoStruct g && g.fieldNames().contains("Key") && g.fieldNames().contains("Value")) {
          String k = String.valueOf(g.field("Key"));
          explodeHelper("explode", out, k, g.field("Value"), k);
        } else {
          throw Args.wrongType(v, "[]*dependency.KeyPair");
        }
      }
      return out;
    }
    throw Args.wrongType(v, "[]*dependency.KeyPair");
  }

  static Map<String, Object> explodeMap(String fn, Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : new TreeMap<>(in).entrySet()) {
      explodeHelper(fn, out, e.getKey(), e.getValue(), e.getKey());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void explodeHelper(String fn, Map<String, Object> m, String k, Object v, String p) {
    int slash = k.indexOf('/');
    if (slash >= 0) {
      String top = k.substring(0, slash);
      String key = k.substring(slash + 1);
      Object cur = m.computeIfAbsent(top, x -> new LinkedHashMap<String, Object>());
      if (!(cur instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(fn + ": not a map: " + GoFormat.quote(p) + ": " + GoFormat.quote(top)
            + " already has value " + GoFormat.quote(String.valueOf(cur)));
      }
      explodeHelper(fn, (Map<String, Object>) cur, key, v, k);
      return;
    }
    if (!k.isEmpty()) {
      m.put(k, v);
    }
  }

  /** mergo: {@code dst} keeps its values and gains {@code src}'s missing keys (or src wins with override). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> dst, Map<String, Object> src, boolean override) {
    Map<String, Object> out = new LinkedHashMap<>(dst);
    for (Map.Entry<String, Object> e : src.entrySet()) {
      Object cur = out.get(e.getKey());
      if (cur instanceof Map<?, ?> cm && e.getValue() instanceof Map<?, ?> sm) {
        out.put(e.getKey(), merge((Map<String, Object>) cm, (Map<String, Object>) sm, override));
      } else if (!out.containsKey(e.getKey()) || override && e.getValue() != null || isEmpty(cur)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static boolean isEmpty(Object v) {
    return !GoTypes.truthy(v);
  }

  static ArgumentException argCount(String fn, List<Object> args, String want) {
    return new ArgumentException("wrong number of args for " + fn + ": want " + want + " got " + args.size());
  }
}
