package io.vaultlet.telemetry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus text exposition format 0.0.4, as Go's {@code expfmt} writes it for go-metrics' Prometheus sink:
 * families sorted by name, each with {@code # HELP name name} and {@code # TYPE}, series sorted by their labels,
 * label values escaped ({@code \\ \" \n}), numbers in Go's shortest {@code %g} form ({@code 3}, {@code 0.25},
 * {@code 4.5e+07}, {@code NaN}, {@code +Inf}). Names are go-metrics' keys with {@code . - / = space} (and anything
 * else outside {@code [a-zA-Z0-9_:]}) turned into {@code _}.
 */
final class PrometheusText {

  private record Line(String labels, String suffix, double value) {}

  private record Family(String type, Map<String, Line> lines) {}

  private final Map<String, Family> families = new TreeMap<>();

  void add(String key, String type, Map<String, String> labels, String suffix, double value) {
    String l = labels(labels);
    line(key, type, l + "\u0000" + suffix, new Line(l, suffix, value));
  }

  /**
   * One summary series as expfmt writes it: {@code quantile} lines (the label last, after the series' own), then
   * {@code _sum} and {@code _count}.
   */
  void addSummary(String key, Map<String, String> labels, Map<Double, Double> quantiles, double sum, double count) {
    String l = labels(labels);
    int i = 0;
    for (Map.Entry<Double, Double> q : new TreeMap<>(quantiles).entrySet()) {
      String ql = "quantile=\"" + number(q.getKey()) + "\"";
      String withQ = l.isEmpty() ? "{" + ql + "}" : l.substring(0, l.length() - 1) + "," + ql + "}";
      line(key, "summary", l + "\u0000" + "0" + (char) ('a' + i++), new Line(withQ, "", q.getValue()));
    }
    line(key, "summary", l + "\u0000" + "1", new Line(l, "_sum", sum));
    line(key, "summary", l + "\u0000" + "2", new Line(l, "_count", count));
  }

  private void line(String key, String type, String sortKey, Line line) {
    String name = name(key);
    Family f = families.computeIfAbsent(name, n -> new Family(type, new TreeMap<>()));
    if (!f.type().equals(type)) {
      return; // one name, one type: a clash is dropped rather than producing an invalid exposition
    }
    f.lines().putIfAbsent(sortKey, line);
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    families.forEach((name, f) -> {
      sb.append("# HELP ").append(name).append(' ').append(name).append('\n');
      sb.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
      for (Line line : f.lines().values()) {
        sb.append(name).append(line.suffix()).append(line.labels()).append(' ').append(number(line.value()))
            .append('\n');
      }
    });
    return sb.toString();
  }

  static String name(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
          || (c >= '0' && c <= '9' && i > 0);
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> parts.add(labelName(k) + "=\"" + escape(v) + "\""));
    return "{" + String.join(",", parts) + "}";
  }

  private static String labelName(String k) {
    String n = name(k).replace(':', '_');
    return n.startsWith("__") ? "x" + n : n;
  }

  static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v) < 0 ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      sb.append(a < 10 ? "0" : "").append(a);
    } else if (exp < 0) {
      sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }
}
