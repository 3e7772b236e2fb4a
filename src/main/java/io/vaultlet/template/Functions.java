package io.vaultlet.template;

import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * consul-template's function map: the built-ins, then {@code sprig_*}, then the denylist (each glob-matched name is
 * replaced by a function that fails with {@code function is disabled} when it is called; parsing still succeeds).
 *
 * <p>consul-template builds the map for each execution. Here it is built once per process ({@link #shared}) and its
 * data functions read the calling execution's {@link FunctionContext#current()}, so an execution pays nothing for it.
 */
final class Functions {

  /** The map without a denylist, for every execution; built on first use. */
  private static final class Shared {
    static final Map<String, TemplateFunction> FUNCTIONS =
        Collections.unmodifiableMap(build(FunctionContext::current, List.of()));
  }

  private Functions() {}

  /**
   * The function map for templates with this denylist, whose data functions use the current execution's context.
   * Unmodifiable and safe to share between threads; build it once per template, not per execution.
   */
  static Map<String, TemplateFunction> shared(List<String> denylist) {
    if (denylist == null || denylist.isEmpty()) {
      return Shared.FUNCTIONS;
    }
    Map<String, TemplateFunction> fns = new LinkedHashMap<>(Shared.FUNCTIONS);
    applyDenylist(fns, denylist);
    return Collections.unmodifiableMap(fns);
  }

  /** A fresh map whose data functions all use {@code ctx} (calling functions directly, outside an execution). */
  static Map<String, TemplateFunction> build(FunctionContext ctx, List<String> denylist) {
    return build(() -> ctx, denylist);
  }

  private static Map<String, TemplateFunction> build(Supplier<FunctionContext> context, List<String> denylist) {
    Map<String, TemplateFunction> fns = new LinkedHashMap<>();
    DataFunctions.register(fns, context);
    TextFunctions.register(fns);
    MathFunctions.register(fns);
    SprigFunctions.register(fns);
    fns.put("spew_sdump", Spew::sdump);
    fns.put("spew_dump", args -> {
      System.out.print(Spew.sdump(args));
      return "";
    });
    fns.put("spew_sprintf", Spew::sprintf);
    fns.put("spew_printf", args -> {
      System.out.print(Spew.sprintf(args));
      return "";
    });
    applyDenylist(fns, denylist);
    return fns;
  }

  /** The names of every function a template can call (for docs and the handlebars helper registry). */
  static List<String> names() {
    return new ArrayList<>(new TreeMap<>(Shared.FUNCTIONS).keySet());
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
