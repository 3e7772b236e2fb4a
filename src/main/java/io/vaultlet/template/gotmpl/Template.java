package io.vaultlet.template.gotmpl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed Go text/template, with the templates it defines ({@code define}/{@code block}). Parse once, execute many
 * times, from any number of threads.
 *
 * <pre>{@code
 * Template t = Template.parse("config", "{{ with secret \"kv/db\" }}{{ .Data.password }}{{ end }}",
 *     ParseOptions.defaults().withFunctionNames(Set.of("secret")));
 * String out = t.execute(null, ExecOptions.defaults().withFunctions(Map.of("secret", secretFn)));
 * }</pre>
 *
 * <p>Data follows the model described in {@link GoStruct}. Errors carry Go's exact messages
 * ({@link TemplateException}); a failed execution produces no output.
 */
public final class Template {

  private final String name;
  private final Map<String, Parser.Tree> trees;
  /**
   * The length of the last output, the next execution's buffer size: a template renders about the same text each
   * time, so its buffer is allocated once at the right size instead of grown from 256 and copied on each doubling.
   * Racy on purpose (a hint; any value is safe).
   */
  private int lastLength = 256;

  private Template(String name, Map<String, Parser.Tree> trees) {
    this.name = name;
    this.trees = trees;
  }

  /**
   * Go's {@code template.IsTrue}: false for nil, false, zero numbers and empty strings, lists and maps; true for
   * everything else (structs, functions, other objects). What {@code if}, {@code with}, {@code and}, {@code or} and
   * {@code not} decide on.
   */
  public static boolean isTrue(Object value) {
    return Builtins.isTrue(value);
  }

  /** Parses with default delimiters and only the builtin functions. */
  public static Template parse(String name, String text) throws TemplateException {
    return parse(name, text, ParseOptions.defaults());
  }

  /** Go's {@code template.New(name).Delims(l, r).Funcs(f).Parse(text)}. */
  public static Template parse(String name, String text, ParseOptions options) throws TemplateException {
    Set<String> names = options.functionNames();
    Predicate<String> hasFunction = fn -> Builtins.isBuiltin(fn) || names.contains(fn);
    Map<String, Parser.Tree> trees = new LinkedHashMap<>();
    try {
      Parser.parse(name, text, options.leftDelim(), options.rightDelim(), hasFunction, trees);
    } catch (Parser.ParseError e) {
      throw new TemplateException(TemplateException.Phase.PARSE, e.getMessage(), e.undefinedFunction);
    }
    return new Template(name, Collections.unmodifiableMap(trees));
  }

  public String name() {
    return name;
  }

  /** The template of this set with the given name (the top-level one or a {@code define}d one). */
  public Optional<Template> lookup(String templateName) {
    if (!trees.containsKey(templateName)) {
      return Optional.empty();
    }
    return Optional.of(templateName.equals(name) ? this : new Template(templateName, trees));
  }

  /** The parse tree of this template (tests compare its Go-style rendering with Go's). */
  Parser.Tree tree() {
    return trees.get(name);
  }

  /** Names of all templates in this set. */
  public Set<String> templateNames() {
    return trees.keySet();
  }

  /** Executes with the builtins only and {@code missingkey=zero}. */
  public String execute(Object data) throws TemplateException {
    return execute(data, ExecOptions.defaults());
  }

  /** Executes the template on {@code data}; returns the whole output, or throws with no partial output. */
  public String execute(Object data, ExecOptions options) throws TemplateException {
    return execute(data, options, Taint.none());
  }

  /**
   * Executes with {@code taint} telling which values hold secret data: an error message never quotes them (see
   * {@link Taint}).
   */
  public String execute(Object data, ExecOptions options, Taint taint) throws TemplateException {
    Parser.Tree tree = trees.get(name);
    ExecutionContext ctx = new ExecutionContext(this, options, data, taint);
    ExecutionContext previous = ExecutionContext.enter(ctx);
    try {
      String out = new Exec(trees, options, ctx, lastLength + 16).run(name, tree, data);
      lastLength = Math.min(out.length(), Exec.MAX_HINT);
      return out;
    } catch (Exec.ExecError e) {
      throw new TemplateException(TemplateException.Phase.EXECUTE, e.getMessage());
    } finally {
      ExecutionContext.exit(previous);
    }
  }

  /** Go's {@code ExecuteTemplate}: executes the named template of this set. */
  public String executeTemplate(String templateName, Object data, ExecOptions options) throws TemplateException {
    return executeTemplate(templateName, data, options, Taint.none());
  }

  /** {@link #executeTemplate(String, Object, ExecOptions)} sharing {@code taint} with the calling execution. */
  public String executeTemplate(String templateName, Object data, ExecOptions options, Taint taint)
      throws TemplateException {
    Optional<Template> t = lookup(templateName);
    if (t.isEmpty()) {
      throw new TemplateException(TemplateException.Phase.EXECUTE, "template: no template "
          + GoText.quote(templateName) + " associated with template " + GoText.quote(name));
    }
    return t.get().execute(data, options, taint);
  }
}
