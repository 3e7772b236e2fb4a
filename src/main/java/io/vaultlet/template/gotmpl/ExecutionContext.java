package io.vaultlet.template.gotmpl;

/**
 * The execution a {@link TemplateFunction} is called from, for functions that need more than their arguments:
 * consul-template's {@code executeTemplate} runs another template of the same set, and some functions want the
 * current dot. Valid only on the executing thread, during the call:
 *
 * <pre>{@code
 * TemplateFunction executeTemplate = args -> {
 *   ExecutionContext ctx = ExecutionContext.current();
 *   return ctx.executeTemplate((String) args.get(0), args.size() > 1 ? args.get(1) : null);
 * };
 * }</pre>
 */
public final class ExecutionContext {

  private static final ThreadLocal<ExecutionContext> CURRENT = new ThreadLocal<>();

  private final Template template;
  private final ExecOptions options;
  private final Object root;
  private final Taint taint;
  Object dot;

  ExecutionContext(Template template, ExecOptions options, Object root, Taint taint) {
    this.template = template;
    this.options = options;
    this.root = root;
    this.taint = taint;
  }

  /** The execution calling the current function; throws IllegalStateException outside of a template function. */
  public static ExecutionContext current() {
    ExecutionContext ctx = CURRENT.get();
    if (ctx == null) {
      throw new IllegalStateException("no template is executing on this thread");
    }
    return ctx;
  }

  static ExecutionContext enter(ExecutionContext ctx) {
    ExecutionContext previous = CURRENT.get();
    CURRENT.set(ctx);
    return previous;
  }

  static void exit(ExecutionContext previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** The template being executed (the one {@code execute} was called on). */
  public Template template() {
    return template;
  }

  public ExecOptions options() {
    return options;
  }

  /** The data the execution started with ({@code $}); null when there was none. */
  public Object root() {
    return root;
  }

  /** The dot ({@code .}) where the function is called; null for Go's nil or a missing value. */
  public Object dot() {
    return dot == Exec.NO_VALUE ? null : dot;
  }

  /** Which values of this execution hold secret data (shared with templates it executes). */
  public Taint taint() {
    return taint;
  }

  /** Executes the named template of the same set with the same options, like Go's ExecuteTemplate. */
  public String executeTemplate(String name, Object data) throws TemplateException {
    return template.executeTemplate(name, data, options, taint);
  }
}
