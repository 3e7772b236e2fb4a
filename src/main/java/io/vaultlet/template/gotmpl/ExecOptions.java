package io.vaultlet.template.gotmpl;

import java.util.Map;
import java.util.Objects;

/**
 * How to execute a template: the functions it may call (Go's {@code FuncMap}; they take precedence over builtins of
 * the same name) and Go's {@code missingkey=error} option ({@code error_on_missing_key}).
 */
public record ExecOptions(Map<String, TemplateFunction> functions, boolean missingKeyError) {

  private static final ExecOptions DEFAULTS = new ExecOptions(Map.of(), false);

  public ExecOptions {
    functions = Map.copyOf(Objects.requireNonNull(functions, "functions"));
  }

  /** No functions beyond the builtins; missing keys yield the zero value. */
  public static ExecOptions defaults() {
    return DEFAULTS;
  }

  public ExecOptions withFunctions(Map<String, TemplateFunction> fns) {
    return new ExecOptions(fns, missingKeyError);
  }

  public ExecOptions withMissingKeyError(boolean enabled) {
    return new ExecOptions(functions, enabled);
  }
}
