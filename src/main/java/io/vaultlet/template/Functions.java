package io.vaultlet.template;

import io.vaultlet.template.gotmpl.TemplateFunction;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * consul-template's function map: the built-ins, then {@code sprig_*}, then the denylist (each glob-matched name is
 * replaced by a function that fails with {@code function is disabled} when it is called; parsing still succeeds).
 *
 * <p>consul-template builds the map for each execution. Here it is built once per process ({@link #shared}) and its
 * data functions read the calling execution's {@link FunctionContext#current()}, so an execution pays nothing for it.
 * The {@code sprig_*} part (about 160 functions and the classes behind them) is made only when a template first names
 * one: an agent whose templates use none never loads it.
 */
final class Functions {

  private static final String SPRIG = "sprig_";

  /** The map without a denylist, for every execution; built on first use, Sprig on first use of a Sprig name. */
  private static final class Shared {
    static final Map<String, TemplateFunction> FUNCTIONS = new SprigOnDemand(FunctionContext::current);
    static final Set<String> NAMES = new Names(FUNCTIONS);
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
    Map<String, TemplateFunction> fns = build(context, true);
    applyDenylist(fns, denylist);
    return fns;
  }

  /** Every function (in the order consul-template's map lists them), or all but Sprig's. */
  private static Map<String, TemplateFunction> build(Supplier<FunctionContext> context, boolean withSprig) {
    Map<String, TemplateFunction> fns = new LinkedHashMap<>();
    DataFunctions.register(fns, context);
    TextFunctions.register(fns);
    MathFunctions.register(fns);
    if (withSprig) {
      SprigFunctions.register(fns);
    }
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
    return fns;
  }

  /** The names of every function a template can call (for docs and the handlebars helper registry). */
  static List<String> names() {
    return new ArrayList<>(new TreeMap<>(Shared.FUNCTIONS).keySet());
  }

  /**
   * The names of every function, as a set whose {@code contains} makes Sprig's functions only for a Sprig name (the
   * parser asks it about each name a template calls); iterating it makes them all. Unmodifiable.
   */
  static Set<String> nameSet() {
    return Shared.NAMES;
  }

  /** The shared map: all but Sprig from the start, the whole map (same order as {@link #build}) from the first Sprig name. */
  private static final class SprigOnDemand extends AbstractMap<String, TemplateFunction> {
    private final Supplier<FunctionContext> context;
    private final Map<String, TemplateFunction> core;
    private volatile Map<String, TemplateFunction> all;

    SprigOnDemand(Supplier<FunctionContext> context) {
      this.context = context;
      this.core = Collections.unmodifiableMap(build(context, false));
    }

    private Map<String, TemplateFunction> all() {
      Map<String, TemplateFunction> a = all;
      if (a == null) {
        synchronized (this) {
          a = all;
          if (a == null) {
            a = Collections.unmodifiableMap(build(context, true));
            all = a;
          }
        }
      }
      return a;
    }

    private Map<String, TemplateFunction> holding(Object name) {
      return name instanceof String s && s.startsWith(SPRIG) ? all() : core;
    }

    @Override
    public TemplateFunction get(Object name) {
      return holding(name).get(name);
    }

    @Override
    public boolean containsKey(Object name) {
      return holding(name).containsKey(name);
    }

    @Override
    public Set<Entry<String, TemplateFunction>> entrySet() {
      return all().entrySet();
    }

    @Override
    public int size() {
      return all().size();
    }
  }

  /** {@link #nameSet()}: a key-set view that asks the map per name. */
  private static final class Names extends AbstractSet<String> {
    private final Map<String, TemplateFunction> functions;

    Names(Map<String, TemplateFunction> functions) {
      this.functions = functions;
    }

    @Override
    public boolean contains(Object name) {
      return functions.containsKey(name);
    }

    @Override
    public Iterator<String> iterator() {
      return Collections.unmodifiableSet(functions.keySet()).iterator();
    }

    @Override
    public int size() {
      return functions.size();
    }
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
