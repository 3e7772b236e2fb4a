package io.vaultlet.template;

import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sprig's regular-expression functions (regex first, then the string). The plain forms panic on a bad expression
 * ({@code regexp.MustCompile}: {@code regexp: Compile(`(`): …}); the {@code must} forms return the error.
 */
final class SprigRegex {

  private SprigRegex() {}

  static void register(Map<String, TemplateFunction> s) {
    for (boolean must : new boolean[] {false, true}) {
      String p = must ? "mustRegex" : "regex";
      s.put(p + "Match", a -> {
        Args.count(name(p, "Match"), a, 2);
        String str = Args.string(a, 1);
        if (!must) {
          try {
            return GoRegex.matcher(GoRegex.compile(Args.string(a, 0)), str).find();
          } catch (IllegalArgumentException e) {
            return false;
          }
        }
        return GoRegex.matcher(compile(Args.string(a, 0), true), str).find();
      });
      s.put(p + "FindAll", a -> {
        Args.count(name(p, "FindAll"), a, 3);
        Matcher m = GoRegex.matcher(compile(Args.string(a, 0), must), Args.string(a, 1));
        long n = Args.integer(a, 2);
        List<String> out = new ArrayList<>();
        while ((n < 0 || out.size() < n) && m.find()) {
          out.add(m.group());
        }
        return StringSlice.of(out);
      });
      s.put(p + "Find", a -> {
        Args.count(name(p, "Find"), a, 2);
        Matcher m = GoRegex.matcher(compile(Args.string(a, 0), must), Args.string(a, 1));
        return m.find() ? m.group() : "";
      });
      s.put(p + "ReplaceAll", a -> {
        Args.count(name(p, "ReplaceAll"), a, 3);
        return GoRegex.replaceAll(compile(Args.string(a, 0), must), Args.string(a, 1), Args.string(a, 2));
      });
      s.put(p + "ReplaceAllLiteral", a -> {
        Args.count(name(p, "ReplaceAllLiteral"), a, 3);
        return GoRegex.matcher(compile(Args.string(a, 0), must), Args.string(a, 1))
            .replaceAll(Matcher.quoteReplacement(Args.string(a, 2)));
      });
      s.put(p + "Split", a -> {
        Args.count(name(p, "Split"), a, 3);
        return StringSlice.of(split(compile(Args.string(a, 0), must), Args.string(a, 1), (int) Args.integer(a, 2)));
      });
    }
    s.put("regexQuoteMeta", TextFunctions.unary("regexQuoteMeta", SprigRegex::quoteMeta));
  }

  private static String name(String prefix, String suffix) {
    return prefix + suffix;
  }

  /** Compiles; a bad expression is Go's error (as a panic for the plain forms: the call's error either way). */
  private static Pattern compile(String re, boolean returnsError) {
    try {
      return GoRegex.compile(re);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalStateException(returnsError ? msg : "regexp: Compile(" + GoQuoteBack.quote(re) + "): " + msg);
    }
  }

  /** Go's {@code Regexp.Split}. */
  static List<String> split(Pattern re, String s, int n) {
    List<String> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    if (re.pattern().isEmpty() && s.isEmpty()) {
      out.add("");
      return out;
    }
    List<int[]> matches = new ArrayList<>();
    Matcher m = GoRegex.matcher(re, s);
    int prevEnd = -1;
    while ((n < 0 || matches.size() < n) && m.find()) {
      if (m.end() == m.start() && m.start() == prevEnd) {
        continue; // Go skips an empty match right after the previous match
      }
      matches.add(new int[] {m.start(), m.end()});
      prevEnd = m.end();
    }
    int beg = 0;
    int end = 0;
    for (int[] match : matches) {
      if (n > 0 && out.size() == n - 1) {
        break;
      }
      end = match[0];
      if (match[1] != 0) {
        out.add(s.substring(beg, end));
      }
      beg = match[1];
    }
    if (end != s.length()) {
      out.add(s.substring(beg));
    }
    return out;
  }

  /** Go's {@code regexp.QuoteMeta}. */
  static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Go's backquoted {@code %#q}-like form used in {@code regexp.MustCompile}'s panic: {@code `expr`}. */
  private static final class GoQuoteBack {
    static String quote(String s) {
      return s.contains("`") ? io.vaultlet.template.gotmpl.GoFormat.quote(s) : "`" + s + "`";
    }
  }
}
