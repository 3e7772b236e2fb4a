package io.vaultlet.template;

import static io.vaultlet.template.SprigFunctions.strval;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.RenderBudget;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;

/** Sprig's string, encoding, hashing and regular-expression functions (Go semantics; lengths count UTF-8 bytes). */
final class SprigStrings {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SprigStrings() {}

  static void register(Map<String, TemplateFunction> s) {
    s.put("hello", a -> { Args.count("hello", a, 0); return "Hello!"; });
    s.put("abbrev", a -> {
      Args.count("abbrev", a, 2);
      int width = (int) Args.integer(a, 0);
      String str = Args.string(a, 1);
      return width < 4 ? str : GoUtils.abbreviateFull(str, 0, width);
    });
    s.put("abbrevboth", a -> {
      Args.count("abbrevboth", a, 3);
      int left = (int) Args.integer(a, 0);
      int right = (int) Args.integer(a, 1);
      String str = Args.string(a, 2);
      return right < 4 || left > 0 && right < 7 ? str : GoUtils.abbreviateFull(str, left, right);
    });
    s.put("trunc", a -> {
      Args.count("trunc", a, 2);
      int c = (int) Args.integer(a, 0);
      byte[] b = bytes(Args.string(a, 1));
      if (c < 0 && b.length + c > 0) {
        return string(b, b.length + c, b.length);
      }
      return c >= 0 && b.length > c ? string(b, 0, c) : Args.string(a, 1);
    });
    s.put("trim", TextFunctions.unary("trim", GoStrings::trimSpace));
    s.put("upper", TextFunctions.unary("upper", GoStrings::toUpper));
    s.put("lower", TextFunctions.unary("lower", GoStrings::toLower));
    s.put("title", TextFunctions.unary("title", SprigStrings::title));
    s.put("untitle", TextFunctions.unary("untitle", GoUtils::uncapitalize));
    s.put("substr", a -> {
      Args.count("substr", a, 3);
      int start = (int) Args.integer(a, 0);
      int end = (int) Args.integer(a, 1);
      byte[] b = bytes(Args.string(a, 2));
      if (start < 0) {
        checkSlice(0, end, b.length);
        return string(b, 0, end);
      }
      if (end < 0 || end > b.length) {
        return string(b, checkSlice(start, b.length, b.length), b.length);
      }
      checkSlice(start, end, b.length);
      return string(b, start, end);
    });
    s.put("repeat", a -> {
      Args.count("repeat", a, 2);
      long n = Args.integer(a, 0);
      if (n < 0) {
        throw new IllegalStateException("strings: negative Repeat count");
      }
      String text = Args.string(a, 1);
      RenderBudget.current().checkSize((long) Math.min(Long.MAX_VALUE, (double) n * text.length())); // before
      return text.repeat((int) n);
    });
    TemplateFunction trimAll = TextFunctions.binary("trimAll", (cut, str) -> GoStrings.trim(str, cut));
    s.put("trimall", trimAll);
    s.put("trimAll", trimAll);
    s.put("trimSuffix", TextFunctions.binary("trimSuffix",
        (p, str) -> str.endsWith(p) ? str.substring(0, str.length() - p.length()) : str));
    s.put("trimPrefix", TextFunctions.binary("trimPrefix", (p, str) -> str.startsWith(p) ? str.substring(p.length()) : str));
    s.put("nospace", TextFunctions.unary("nospace", GoUtils::deleteWhiteSpace));
    s.put("initials", TextFunctions.unary("initials", GoUtils::initials));
    s.put("swapcase", TextFunctions.unary("swapcase", GoUtils::swapCase));
    s.put("shuffle", TextFunctions.unary("shuffle", SprigStrings::shuffle));
    s.put("snakecase", TextFunctions.unary("snakecase", str -> XStrings.toLowerWords(str, '_')));
    s.put("kebabcase", TextFunctions.unary("kebabcase", str -> XStrings.toLowerWords(str, '-')));
    s.put("camelcase", TextFunctions.unary("camelcase", XStrings::toPascalCase));
    s.put("wrap", a -> {
      Args.count("wrap", a, 2);
      return GoUtils.wrap(Args.string(a, 1), (int) Args.integer(a, 0), "", false);
    });
    s.put("wrapWith", a -> {
      Args.count("wrapWith", a, 3);
      return GoUtils.wrap(Args.string(a, 2), (int) Args.integer(a, 0), Args.string(a, 1), true);
    });
    s.put("contains", TextFunctions.binary("contains", (sub, str) -> str.contains(sub)));
    s.put("hasPrefix", TextFunctions.binary("hasPrefix", (p, str) -> str.startsWith(p)));
    s.put("hasSuffix", TextFunctions.binary("hasSuffix", (p, str) -> str.endsWith(p)));
    s.put("quote", a -> {
      List<String> out = new ArrayList<>();
      for (Object o : a) {
        if (o != null) {
          out.add(GoFormat.quote(strval(o)));
        }
      }
      return String.join(" ", out);
    });
    s.put("squote", a -> {
      List<String> out = new ArrayList<>();
      for (Object o : a) {
        if (o != null) {
          out.add("'" + GoFormat.formatValue(o) + "'");
        }
      }
      return String.join(" ", out);
    });
    s.put("cat", a -> {
      List<Object> kept = new ArrayList<>();
      for (Object o : a) {
        if (o != null) {
          kept.add(o);
        }
      }
      return GoFormat.sprintf("%v ".repeat(kept.size()).strip(), kept);
    });
    s.put("indent", a -> {
      Args.count("indent", a, 2);
      return indent((int) Args.integer(a, 0), Args.string(a, 1));
    });
    s.put("nindent", a -> {
      Args.count("nindent", a, 2);
      return "\n" + indent((int) Args.integer(a, 0), Args.string(a, 1));
    });
    s.put("replace", a -> {
      Args.count("replace", a, 3);
      return GoStrings.replaceAll(Args.string(a, 2), Args.string(a, 0), Args.string(a, 1));
    });
    s.put("plural", a -> {
      Args.count("plural", a, 3);
      String one = Args.string(a, 0);
      String many = Args.string(a, 1);
      return Args.integer(a, 2) == 1 ? one : many;
    });
    s.put("sha1sum", TextFunctions.unary("sha1sum", str -> digest("SHA-1", str)));
    s.put("sha256sum", TextFunctions.unary("sha256sum", str -> digest("SHA-256", str)));
    s.put("sha512sum", TextFunctions.unary("sha512sum", str -> digest("SHA-512", str)));
    s.put("adler32sum", TextFunctions.unary("adler32sum", str -> {
      Adler32 ad = new Adler32();
      ad.update(bytes(str));
      return Long.toString(ad.getValue());
    }));
    s.put("toString", a -> { Args.count("toString", a, 1); return strval(a.get(0)); });
    s.put("b64enc", TextFunctions.unary("b64enc", str -> Base64.getEncoder().encodeToString(bytes(str))));
    s.put("b64dec", TextFunctions.unary("b64dec", str -> GoBase.decode64(str)));
    s.put("b32enc", TextFunctions.unary("b32enc", GoBase::encode32));
    s.put("b32dec", TextFunctions.unary("b32dec", GoBase::decode32));
    s.put("split", a -> {
      Args.count("split", a, 2);
      return parts(GoStrings.split(Args.string(a, 1), Args.string(a, 0)));
    });
    s.put("splitn", a -> {
      Args.count("splitn", a, 3);
      return parts(splitN(Args.string(a, 2), Args.string(a, 0), (int) Args.integer(a, 1)));
    });
    s.put("splitList", a -> {
      Args.count("splitList", a, 2);
      return StringSlice.of(GoStrings.split(Args.string(a, 1), Args.string(a, 0)));
    });
    s.put("toStrings", a -> { Args.count("toStrings", a, 1); return StringSlice.of(strslice(a.get(0))); });
    s.put("join", a -> {
      Args.count("join", a, 2);
      String sep = Args.string(a, 0);
      return String.join(sep, strslice(a.get(1)));
    });
    s.put("sortAlpha", a -> {
      Args.count("sortAlpha", a, 1);
      if (!(a.get(0) instanceof List)) {
        return StringSlice.of(List.of(strval(a.get(0))));
      }
      List<String> out = new ArrayList<>(strslice(a.get(0)));
      out.sort(SprigStrings::compareBytes);
      return StringSlice.of(out);
    });
    SprigRegex.register(s);
  }

  /** Sprig's {@code strslice}: a list's non-nil elements as strings; nil is empty; anything else one string. */
  static List<String> strslice(Object v) {
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (o != null) {
          out.add(strval(o));
        }
      }
      return out;
    }
    return v == null ? List.of() : List.of(strval(v));
  }

  /** Go's string order (bytewise UTF-8, which is code-point order). */
  static int compareBytes(String x, String y) {
    return java.util.Arrays.compareUnsigned(bytes(x), bytes(y));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** Go panics on a bad slice; text/template reports the panic as the call's error. */
  private static int checkSlice(int from, int to, int len) {
    if (to < 0 || to > len) {
      throw new IllegalStateException("runtime error: slice bounds out of range [:" + to + "] with length " + len);
    }
    if (from > to) {
      throw new IllegalStateException("runtime error: slice bounds out of range [" + from + ":" + to + "]");
    }
    return from;
  }

  private static String indent(int spaces, String v) {
    RenderBudget.current().checkSize(spaces);
    String pad = " ".repeat(Math.max(0, spaces));
    return pad + v.replace("\n", "\n" + pad);
  }

  private static Map<String, Object> parts(List<String> parts) {
    Map<String, Object> res = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      res.put("_" + i, parts.get(i));
    }
    return res;
  }

  /** Go's {@code strings.SplitN}. */
  static List<String> splitN(String s, String sep, int n) {
    if (n == 0) {
      return List.of();
    }
    if (n < 0) {
      return GoStrings.split(s, sep);
    }
    List<String> out = new ArrayList<>();
    if (sep.isEmpty()) {
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < cps.length && out.size() < n - 1; i++) {
        out.add(new String(cps, i, 1));
      }
      int used = out.stream().mapToInt(String::length).sum();
      if (used < s.length()) {
        out.add(s.substring(used));
      }
      return out;
    }
    int from = 0;
    while (out.size() < n - 1) {
      int at = s.indexOf(sep, from);
      if (at < 0) {
        break;
      }
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  /** Go's {@code strings.Title}: the first letter of each word (after a non-letter, non-digit, non-'_') upper case. */
  private static String title(String s) {
    StringBuilder sb = new StringBuilder();
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean sep = isTitleSeparator(prev);
      sb.appendCodePoint(sep ? Character.toTitleCase(cp) : cp);
      prev = cp;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean isTitleSeparator(int r) {
    if (r <= 0x7F) {
      return !(Character.isLetterOrDigit(r) || r == '_');
    }
    if (Character.isLetter(r) || Character.isDigit(r)) {
      return false;
    }
    return GoStrings.isSpace(r);
  }

  private static String shuffle(String s) {
    List<Integer> cps = new ArrayList<>();
    s.codePoints().forEach(cps::add);
    Collections.shuffle(cps, RANDOM);
    StringBuilder sb = new StringBuilder();
    cps.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static String digest(String alg, String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(bytes(s)));
  }

}
