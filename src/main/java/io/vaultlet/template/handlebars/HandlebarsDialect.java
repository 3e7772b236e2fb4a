package io.vaultlet.template.handlebars;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.TagType;
import com.github.jknack.handlebars.ValueResolver;
import com.github.jknack.handlebars.context.MapValueResolver;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.Taint;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The handlebars dialect: a template compiled by handlebars-java whose helpers are vaultlet's template functions
 * ({@code {{#with (secret "database/creds/app")}}{{Data.username}}{{/with}}}), fed with the same data model. A
 * function used as a block ({@code {{#secret "kv/app"}}…{{/secret}}}) renders its body with the result as context
 * when the result is truthy, else its {@code {{else}}} part. Hash arguments become {@code k=v} arguments, so
 * {@code {{secret "transit/encrypt/k" plaintext=x}}} is a write. Output is not HTML-escaped.
 *
 * <p>Compiled once; the functions are supplied per execution (they carry that execution's state).
 */
public final class HandlebarsDialect {

  /** A compile or render error, with the template's position when handlebars gives one. */
  public static final class RenderFailure extends Exception {
    RenderFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ThreadLocal<Map<String, TemplateFunction>> FUNCTIONS = new ThreadLocal<>();
  private static final ThreadLocal<Taint> TAINT = new ThreadLocal<>();
  private static final ValueResolver[] RESOLVERS = {new GoStructResolver(), MapValueResolver.INSTANCE};

  private final com.github.jknack.handlebars.Template compiled;

  private HandlebarsDialect(com.github.jknack.handlebars.Template compiled) {
    this.compiled = compiled;
  }

  /** Compiles {@code text}; every name of {@code functions} becomes a helper. */
  public static HandlebarsDialect compile(String name, String text, String leftDelim, String rightDelim,
      boolean errorOnMissingKey, Collection<String> functions) throws RenderFailure {
    Handlebars hbs = new Handlebars().with(EscapingStrategy.NOOP).with((value, next) -> format(value, next));
    for (String fn : functions) {
      hbs.registerHelper(fn, helper(fn));
    }
    if (errorOnMissingKey) {
      hbs.registerHelperMissing((context, options) -> {
        throw new IllegalArgumentException("no value for \"" + options.helperName + "\"");
      });
    }
    String left = leftDelim == null || leftDelim.isEmpty() ? Handlebars.DELIM_START : leftDelim;
    String right = rightDelim == null || rightDelim.isEmpty() ? Handlebars.DELIM_END : rightDelim;
    try {
      return new HandlebarsDialect(hbs.compileInline(text, left, right));
    } catch (IOException | HandlebarsException e) {
      throw new RenderFailure(message(name, e), e);
    }
  }

  /** Renders with {@code root} as the context and these functions as helpers. */
  public String execute(Object root, Map<String, TemplateFunction> functions) throws RenderFailure {
    return execute(root, functions, Taint.none());
  }

  /**
   * Renders with {@code root} as the context and these functions as helpers; {@code taint} tells which values hold
   * secret data, so that a failing helper does not quote them (as in the Go dialect).
   */
  public String execute(Object root, Map<String, TemplateFunction> functions, Taint taint) throws RenderFailure {
    Map<String, TemplateFunction> previous = FUNCTIONS.get();
    Taint previousTaint = TAINT.get();
    FUNCTIONS.set(functions);
    TAINT.set(taint);
    Context ctx = Context.newBuilder(root).resolver(RESOLVERS).build();
    BoundedWriter out = new BoundedWriter(io.vaultlet.template.gotmpl.RenderBudget.current());
    try {
      compiled.apply(ctx, out);
      return out.toString();
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof io.vaultlet.template.gotmpl.RenderBudget.Exceeded exceeded) {
          throw exceeded;
        }
      }
      throw new RenderFailure(message(compiled.filename(), e), e);
    } finally {
      ctx.destroy();
      if (previous == null) {
        FUNCTIONS.remove();
        TAINT.remove();
      } else {
        FUNCTIONS.set(previous);
        TAINT.set(previousTaint);
      }
    }
  }

  private static String message(String name, Exception e) {
    Throwable t = e;
    while (t instanceof HandlebarsException && t.getCause() != null) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return "handlebars: " + name + ": " + msg.strip();
  }

  private static Object format(Object value, com.github.jknack.handlebars.Formatter.Chain next) {
    if (value == null) {
      return "";
    }
    if (value instanceof String || value instanceof CharSequence) {
      return next.format(value);
    }
    return GoFormat.formatValue(value);
  }

  private static Helper<Object> helper(String name) {
    return (context, options) -> {
      Map<String, TemplateFunction> fns = FUNCTIONS.get();
      TemplateFunction fn = fns == null ? null : fns.get(name);
      if (fn == null) {
        throw new IllegalStateException("function " + name + " is not available");
      }
      Taint taint = TAINT.get() == null ? Taint.none() : TAINT.get();
      List<Object> args = arguments(context, options, taint);
      Object result;
      try {
        result = fn.invoke(args);
      } catch (Exception e) {
        // no cause: its message may quote a secret argument
        throw new IllegalArgumentException("error calling " + name + ": "
            + taint.scrub(String.valueOf(e.getMessage()), args));
      }
      taint.afterCall(name, null, args, result);
      if (options.tagType == TagType.SECTION) {
        return io.vaultlet.template.gotmpl.Template.isTrue(result) ? options.fn(result) : options.inverse();
      }
      return result;
    };
  }

  /** The call's arguments: the first parameter (the helper's context), the others, then the hash as k=v strings. */
  private static List<Object> arguments(Object context, Options options, Taint taint) {
    List<Object> args = new ArrayList<>();
    boolean noParams = options.params.length == 0 && context == options.context.model();
    if (!noParams) {
      args.add(unwrap(context, taint));
    }
    for (Object p : options.params) {
      args.add(unwrap(p, taint));
    }
    for (Map.Entry<String, Object> e : options.hash.entrySet()) {
      String pair = e.getKey() + "=" + unwrap(e.getValue(), taint);
      if (taint.contains(e.getValue())) {
        taint.add(pair);
      }
      args.add(pair);
    }
    return args;
  }

  /** {@link #unwrap(Object)}, keeping a secret value's taint on its converted form. */
  private static Object unwrap(Object v, Taint taint) {
    Object u = unwrap(v);
    if (u != v && taint.contains(v)) {
      taint.add(u);
    }
    return u;
  }

  private static Object unwrap(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }

  /** Resolves {@code Data.username} on {@link GoStruct} values (consul-template's structs) by field name. */
  private static final class GoStructResolver implements ValueResolver {
    @Override
    public Object resolve(Object context, String name) {
      if (!(context instanceof GoStruct g)) {
        return UNRESOLVED;
      }
      TemplateFunction method = g.method(name);
      if (method != null) {
        // a Go method without arguments (e.g. pkiCert's .Data); as in Go, methods win over fields
        try {
          return method.invoke(List.of());
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      return g.fieldNames().contains(name) ? g.field(name) : UNRESOLVED;
    }

    @Override
    public Object resolve(Object context) {
      return context instanceof GoStruct ? context : UNRESOLVED;
    }

    @Override
    public Set<Map.Entry<String, Object>> propertySet(Object context) {
      Set<Map.Entry<String, Object>> out = new LinkedHashSet<>();
      if (context instanceof GoStruct g) {
        for (String f : g.fieldNames()) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(f, g.field(f)));
        }
      }
      return out;
    }
  }

  /** The output, charged to the render's budget: a step per write, and its size checked against the output limit. */
  private static final class BoundedWriter extends java.io.Writer {
    private final StringBuilder sb = new StringBuilder(256);
    private final io.vaultlet.template.gotmpl.RenderBudget budget;

    BoundedWriter(io.vaultlet.template.gotmpl.RenderBudget budget) {
      this.budget = budget;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      budget.step();
      budget.checkSize((long) sb.length() + len);
      sb.append(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      budget.step();
      budget.checkSize((long) sb.length() + len);
      sb.append(str, off, off + len);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
