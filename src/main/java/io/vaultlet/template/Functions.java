package io.vaultlet.template;

import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consul-template's function map, built fresh for each execution: the built-ins, then {@code sprig_*}, then the
 * denylist (each glob-matched name is replaced by a function that fails with {@code function is disabled} when it is
 * called; parsing still succeeds).
 */
final class Functions {

  private Functions() {}

  static Map<String, TemplateFunction> build(FunctionContext ctx, List<String> denylist) {
    Map<String, TemplateFunction> fns = new LinkedHashMap<>();
    DataFunctions.register(fns, ctx);
    TextFunctions.register(fns);
    MathFunctions.register(fns);
    SprigFunctions.register(fns);
    fns.put("spew_sdump", Spew::sdump);
    fns.put("spew_dump", args -> {
      System.out.print(Spew.sdump(args));
      return "";
    });
    applyDenylist(fns, denylist);
    return fns;
  }

  /** The names of every function a template can call (for docs and the handlebars helper registry). */
  static List<String> names() {
    FunctionContext ctx = new FunctionContext(Brain.empty(), Map.of(), k -> null, null, "", java.time.Clock.systemUTC());
    return new ArrayList<>(new TreeMap<>(build(ctx, List.of())).keySet());
  }

  static void applyDenylist(Map<String, TemplateFunction> fns, List<String> denylist) {
    if (denylist == null) {
      return;
    }
    for (String pattern : denylist) {
      for (Map.Entry<String, TemplateFunction> e : fns.entrySet()) {
        if (glob(pattern, e.getKey())) {
          e.setValue(args -> {
            for (int i = 0; i < args.size(); i++) {
              Args.string(args, i);
            }
            throw new IllegalStateException("function is disabled");
          });
        }
      }
    }
  }

  /** ryanuber/go-glob: only {@code *} is special. */
  static boolean glob(String pattern, String subj) {
    if (pattern.isEmpty()) {
      return subj.equals(pattern);
    }
    if (pattern.equals("*")) {
      return true;
    }
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) {
      return subj.equals(pattern);
    }
    boolean leadingGlob = pattern.startsWith("*");
    boolean trailingGlob = pattern.endsWith("*");
    int end = parts.length - 1;
    int idx = 0;
    for (int i = 0; i < end; i++) {
      int at = subj.indexOf(parts[i], idx);
      if (i == 0) {
        if (!leadingGlob && at != 0) {
          return false;
        }
      } else if (at < 0) {
        return false;
      }
      if (at < 0) {
        return false;
      }
      idx = at + parts[i].length();
    }
    return trailingGlob || subj.endsWith(parts[end]) && subj.length() - parts[end].length() >= idx;
  }
}
