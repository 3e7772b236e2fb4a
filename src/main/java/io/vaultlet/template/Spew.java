package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * go-spew's {@code Sdump} (default config: one-space indent) for the data model: {@code spew_sdump}. Pointer addresses
 * are not printed (they differ on every run in Go too), and map keys are sorted.
 */
final class Spew {

  private Spew() {}

  /**
   * go-spew's {@code Sprintf}: Go's {@code fmt.Sprintf}, with each operand wrapped in spew's formatter, which prints
   * the data model's values (no pointers here) as {@code fmt} does.
   */
  static String sprintf(List<Object> args) {
    Args.atLeast("spew_sprintf", args, 1);
    return GoFormat.sprintf(Args.string(args, 0), args.subList(1, args.size()));
  }

  static String sdump(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (Object a : args) {
      dump(sb, a, 0);
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void dump(StringBuilder sb, Object v, int depth) {
    String type = v == null || v == Brain.NIL ? "interface {}" : GoTypes.typeName(v);
    sb.append('(').append(type).append(") ");
    if (v == null || v == Brain.NIL) {
      sb.append("<nil>");
    } else if (v instanceof String s) {
      sb.append("(len=").append(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append(") ")
          .append(GoFormat.quote(s));
    } else if (GoTypes.isFloat(v)) {
      sb.append(GoFormat.formatFloat(((Number) v).doubleValue(), 'g', -1));
    } else if (v instanceof List<?> l) {
      sb.append("(len=").append(l.size()).append(" cap=").append(l.size()).append(") {\n");
      for (int i = 0; i < l.size(); i++) {
        sb.append(" ".repeat(depth + 1));
        dump(sb, l.get(i), depth + 1);
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      sb.append(" ".repeat(depth)).append('}');
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
      sb.append("(len=").append(m.size()).append(") {\n");
      int i = 0;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        sb.append(" ".repeat(depth + 1));
        dump(sb, e.getKey(), depth + 1);
        sb.append(": ");
        dump(sb, e.getValue(), depth + 1);
        sb.append(++i < sorted.size() ? ",\n" : "\n");
      }
      sb.append(" ".repeat(depth)).append('}');
    } else if (v instanceof GoStruct g) {
      sb.setLength(sb.length() - 1);
      sb.append("({\n");
      List<String> fields = g.fieldNames();
      for (int i = 0; i < fields.size(); i++) {
        sb.append(" ".repeat(depth + 1)).append(fields.get(i)).append(": ");
        dump(sb, g.field(fields.get(i)), depth + 1);
        sb.append(i + 1 < fields.size() ? ",\n" : "\n");
      }
      sb.append(" ".repeat(depth)).append("})");
    } else {
      sb.append(v);
    }
  }
}
