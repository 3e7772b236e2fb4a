package io.vaultlet.template.gotmpl;

import java.util.Objects;
import java.util.Set;

/**
 * How to parse a template: the action delimiters (empty means Go's {@code {{ }}}) and the names of the functions
 * the template may call besides the builtins. As in Go, calling an unknown name is a parse error
 * ({@code function "x" not defined}), so the names must be known before parsing; the functions themselves are
 * given at execution ({@link ExecOptions#functions()}). The name set is used as given, not copied (only its {@code
 * contains} is asked): pass an unmodifiable one.
 */
public record ParseOptions(String leftDelim, String rightDelim, Set<String> functionNames) {

  private static final ParseOptions DEFAULTS = new ParseOptions("", "", Set.of());

  public ParseOptions {
    leftDelim = leftDelim == null ? "" : leftDelim;
    rightDelim = rightDelim == null ? "" : rightDelim;
    Objects.requireNonNull(functionNames, "functionNames");
  }

  /** Default delimiters, builtins only. */
  public static ParseOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with other delimiters (an empty or null one falls back to Go's default). */
  public ParseOptions withDelimiters(String left, String right) {
    return new ParseOptions(left, right, functionNames);
  }

  /** The same options with these function names known to the parser. */
  public ParseOptions withFunctionNames(Set<String> names) {
    return new ParseOptions(leftDelim, rightDelim, names);
  }
}
