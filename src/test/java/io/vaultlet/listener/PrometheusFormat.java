package io.vaultlet.listener;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checker of the Prometheus text exposition format 0.0.4, written from the format's specification (not from our
 * writer): metric and label name syntax, {@code # HELP}/{@code # TYPE} lines, one TYPE per family and before its
 * samples, families contiguous, sample suffixes allowed by the type, label value escapes, Go float syntax, no
 * duplicate series, a final newline.
 */
public final class PrometheusFormat {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})?"
          + " ([^ ]+)( -?[0-9]+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(?:Inf|NaN|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");

  private PrometheusFormat() {}

  public static void validate(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition must end with a newline");
    }
    Map<String, String> types = new java.util.HashMap<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    Set<String> helped = new HashSet<>();
    String current = null;
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] p = line.split(" ", 4);
        if (p.length < 4 || !NAME.matcher(p[2]).matches()) {
          throw new AssertionError("line " + n + ": bad comment: " + line);
        }
        String family = p[2];
        if (closed.contains(family)) {
          throw new AssertionError("line " + n + ": family " + family + " is not contiguous");
        }
        if (current != null && !current.equals(family)) {
          closed.add(current);
        }
        current = family;
        if (p[1].equals("TYPE")) {
          if (!TYPES.contains(p[3]) || types.put(family, p[3]) != null) {
            throw new AssertionError("line " + n + ": bad or repeated TYPE: " + line);
          }
        } else if (!helped.add(family)) {
          throw new AssertionError("line " + n + ": repeated HELP: " + line);
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("line " + n + ": not a sample: " + line);
      }
      String name = m.group(1);
      String family = familyOf(name, types);
      if (current == null || !current.equals(family)) {
        if (closed.contains(family) || types.containsKey(family) && !family.equals(current)) {
          throw new AssertionError("line " + n + ": sample of " + family + " outside its family block");
        }
        if (current != null) {
          closed.add(current);
        }
        current = family;
      }
      String type = types.getOrDefault(family, "untyped");
      String suffix = name.substring(family.length());
      boolean ok = switch (type) {
        case "summary" -> Set.of("", "_sum", "_count").contains(suffix);
        case "histogram" -> Set.of("_bucket", "_sum", "_count").contains(suffix);
        default -> suffix.isEmpty();
      };
      if (!ok) {
        throw new AssertionError("line " + n + ": suffix " + suffix + " not allowed for a " + type);
      }
      if (!FLOAT.matcher(m.group(4)).matches()) {
        throw new AssertionError("line " + n + ": bad value: " + m.group(4));
      }
      String labels = m.group(3) == null ? "" : m.group(3);
      Set<String> names = new HashSet<>();
      Matcher lm = LABEL.matcher(labels);
      while (lm.find()) {
        if (!names.add(lm.group(1)) || lm.group(1).startsWith("__")) {
          throw new AssertionError("line " + n + ": repeated or reserved label " + lm.group(1));
        }
      }
      if (!series.add(name + "{" + labels + "}")) {
        throw new AssertionError("line " + n + ": duplicate series " + name + "{" + labels + "}");
      }
    }
  }

  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : new String[] {"_sum", "_count", "_bucket"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String t = types.get(base);
        if ("summary".equals(t) || "histogram".equals(t)) {
          return base;
        }
      }
    }
    return name;
  }

  /** The value of the sample {@code name} with exactly {@code labels} (as written inside braces), NaN when absent. */
  public static double value(String text, String name, String labels) {
    String prefix = labels.isEmpty() ? name + " " : name + "{" + labels + "} ";
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim().replace("+Inf", "Infinity"));
      }
    }
    return Double.NaN;
  }
}
