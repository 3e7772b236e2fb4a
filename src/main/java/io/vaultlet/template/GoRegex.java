package io.vaultlet.template;

import io.vaultlet.template.gotmpl.RenderBudget;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code regexp} (RE2 syntax) on top of {@link java.util.regex}: translates the syntax where the two differ
 * ({@code (?P<name>)}, POSIX classes, {@code \z}, flags), rejects what RE2 rejects (backreferences, lookaround,
 * possessive and atomic forms), and expands replacements as Go's {@code Expand} does ({@code $1}, {@code ${name}},
 * {@code $$}; {@code $name} takes the longest run of letters, digits and underscores).
 */
final class GoRegex {

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\x00-\\x7F"),
      Map.entry("blank", "\\t "), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "a-z"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "A-Z"),
      Map.entry("word", "0-9A-Za-z_"), Map.entry("xdigit", "0-9A-Fa-f"));

  private GoRegex() {}

  static Pattern compile(String re) {
    String java = translate(re);
    try {
      return Pattern.compile(java, Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("error parsing regexp: " + goDescription(e.getDescription(), re));
    }
  }

  /** Go's wording for the common syntax errors ({@code missing closing ): `(`}); Java's otherwise. */
  private static String goDescription(String java, String re) {
    if (java.startsWith("Unclosed group")) {
      return "missing closing ): `" + re + "`";
    }
    if (java.startsWith("Unmatched closing ')'")) {
      return "unexpected ): `" + re + "`";
    }
    if (java.startsWith("Unclosed character class")) {
      return "missing closing ]: `" + re.substring(Math.max(0, re.lastIndexOf('['))) + "`";
    }
    if (java.startsWith("Dangling meta character")) {
      return "missing argument to repetition operator: `" + java.replaceAll(".*'(.)'.*", "$1") + "`";
    }
    return java + ": `" + re + "`";
  }

  static String translate(String re) {
    // Without the m flag Go's $ matches only at the very end; Java's also matches before a final newline.
    boolean multiline = Pattern.compile("\\(\\?[imsU]*m").matcher(re).find();
    StringBuilder out = new StringBuilder(re.length() + 8);
    boolean inClass = false;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          throw error("trailing backslash at end of expression", re);
        }
        char n = re.charAt(i + 1);
        if (n >= '1' && n <= '9' && !inClass) {
          throw error("invalid escape sequence: `\\" + n + "`", re);
        }
        if (n == 'z' && !inClass) {
          out.append("\\z");
        } else if (n == 'v') {
          out.append("\\x0B");
        } else if (n == 'h' || n == 'H' || n == 'R' || n == 'X' || n == 'K' || n == 'G') {
          throw error("invalid escape sequence: `\\" + n + "`", re);
        } else if (n == 'Z') {
          throw error("invalid escape sequence: `\\Z`", re);
        } else if (n == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
          out.append(inClass ? escapeInClass(lit) : Pattern.quote(lit));
          i = end < 0 ? re.length() : end + 2;
          continue;
        } else if (n == 's' || n == 'S') {
          out.append(inClass ? (n == 's' ? "\\t\\n\\f\\r " : "\\S") : (n == 's' ? "[\\t\\n\\f\\r ]" : "[^\\t\\n\\f\\r ]"));
        } else {
          out.append(c).append(n);
        }
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[' && re.startsWith("[:", i)) {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            String name = re.substring(i + 2, end);
            boolean negate = name.startsWith("^");
            String cls = POSIX.get(negate ? name.substring(1) : name);
            if (cls == null) {
              throw error("invalid character class range: `[:" + name + ":]`", re);
            }
            out.append(negate ? "&&[^" + cls + "]" : cls);
            i = end + 2;
            continue;
          }
        }
        if (c == '[') {
          out.append("\\[");
        } else if (c == ']') {
          out.append(']');
          inClass = false;
        } else if (c == '&' && re.startsWith("&&", i)) {
          out.append("&\\&");
          i += 2;
          continue;
        } else {
          out.append(c);
        }
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append('[');
        i++;
        if (i < re.length() && re.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && re.startsWith("(?", i)) {
        if (re.startsWith("(?P<", i)) {
          out.append("(?<");
          i += 4;
          continue;
        }
        if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i)
            || re.startsWith("(?<!", i) || re.startsWith("(?>", i)) {
          throw error("invalid or unsupported Perl syntax: `" + re.substring(i, Math.min(re.length(), i + 3)) + "`", re);
        }
        if (re.startsWith("(?<", i)) {
          out.append("(?<");
          i += 3;
          continue;
        }
        int end = i + 2;
        while (end < re.length() && re.charAt(end) != ')' && re.charAt(end) != ':') {
          end++;
        }
        String flags = re.substring(i + 2, Math.min(end, re.length()));
        if (!flags.matches("[imsU-]*")) {
          throw error("invalid or unsupported Perl syntax: `(?" + flags + "`", re);
        }
        if (flags.contains("U")) {
          throw error("ungreedy flag (?U) is not supported by vaultlet", re);
        }
        out.append("(?").append(flags);
        i = end;
        continue;
      }
      if (c == '$' && !multiline) {
        out.append("\\z");
        i++;
        continue;
      }
      if ((c == '+' || c == '*' || c == '?' || c == '}') && i + 1 < re.length() && re.charAt(i + 1) == '+') {
        throw error("invalid nested repetition operator: `" + c + "+`", re);
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String escapeInClass(String lit) {
    StringBuilder sb = new StringBuilder();
    for (char ch : lit.toCharArray()) {
      if ("\\[]^-&".indexOf(ch) >= 0) {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  private static IllegalArgumentException error(String what, String re) {
    return new IllegalArgumentException("error parsing regexp: " + what + (what.contains("`") ? "" : ": `" + re + "`"));
  }

  /**
   * A matcher whose input looks at the render's clock as it is read: Java's regex engine backtracks (Go's does not),
   * so a pattern like {@code (a+)+$} on a long input could run for ever; {@code max_render_time} ends it.
   */
  static Matcher matcher(Pattern p, String s) {
    return p.matcher(new ClockedChars(s, RenderBudget.current()));
  }

  /** The input of a match; every 4096 reads the render's deadline and interrupt flag are checked. */
  private static final class ClockedChars implements CharSequence {
    private final String s;
    private final RenderBudget budget;
    private int reads;

    ClockedChars(String s, RenderBudget budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 4095) == 0) {
        budget.checkClock();
      }
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /** {@code re.ReplaceAllString(s, repl)} with Go's template expansion. */
  static String replaceAll(Pattern p, String s, String repl) {
    Matcher m = matcher(p, s);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    int search = 0;
    int previousEnd = -1;
    while (search <= s.length() && m.find(search)) {
      int start = m.start();
      int end = m.end();
      // Go ignores an empty match that abuts the preceding match.
      if (!(start == end && start == previousEnd)) {
        sb.append(s, last, start);
        expand(sb, repl, m);
        last = end;
      }
      previousEnd = end;
      if (start == end) {
        if (end >= s.length()) {
          break;
        }
        search = end + Character.charCount(s.codePointAt(end));
      } else {
        search = end;
      }
    }
    sb.append(s, last, s.length());
    return sb.toString();
  }

  private static void expand(StringBuilder sb, String template, Matcher m) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        sb.append(c);
        i++;
        continue;
      }
      char n = template.charAt(i + 1);
      if (n == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int next;
      if (n == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || !isName(template.substring(i + 2, close))) {
          sb.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        next = close + 1;
      } else {
        int end = i + 1;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        if (end == i + 1) {
          sb.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 1, end);
        next = end;
      }
      sb.append(group(m, name));
      i = next;
    }
  }

  private static String group(Matcher m, String name) {
    String v = null;
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int n = Integer.parseInt(name);
        v = n <= m.groupCount() ? m.group(n) : null;
      } else {
        v = m.group(name);
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      v = null;
    }
    return v == null ? "" : v;
  }

  private static boolean isName(String s) {
    return !s.isEmpty() && s.chars().allMatch(ch -> isNameChar((char) ch));
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
