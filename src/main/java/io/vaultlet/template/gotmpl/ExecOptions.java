package io.vaultlet.template.gotmpl;

import java.util.Map;
import java.util.Objects;

/**
 * How to execute a template: the functions it may call (Go's {@code FuncMap}; they take precedence over builtins of
 * the same name) and Go's {@code missingkey} option.
 *
 * <p>consul-template sets {@code missingkey=error} when {@code error_on_missing_key} is true and
 * {@code missingkey=zero} otherwise; {@link #ExecOptions(Map, boolean)} and {@link #withMissingKeyError(boolean)}
 * do the same. {@link #defaults()} is Go's own default ({@code missingkey=default}).
 */
public record ExecOptions(Map<String, TemplateFunction> functions, MissingKey missingKey) {

  /** Go's {@code missingkey} option: what a map lookup of an absent key yields. */
  public enum MissingKey {
    /** {@code missingkey=default}: no value; printing shows {@code <no value>}, a further field is no value too. */
    DEFAULT,
    /**
     * {@code missingkey=zero}: the map's zero element, a nil {@code interface{}}; it prints {@code <no value>}, and
     * a field of it is an error ({@code nil pointer evaluating interface {}.x}).
     */
    ZERO,
    /** {@code missingkey=error}: execution stops ({@code map has no entry for key "x"}). */
    ERROR
  }

  private static final ExecOptions DEFAULTS = new ExecOptions(Map.of(), MissingKey.DEFAULT);

  public ExecOptions {
    // used as given, not copied: one shared map serves every template of a process (callers pass unmodifiable maps)
    Objects.requireNonNull(functions, "functions");
    Objects.requireNonNull(missingKey, "missingKey");
  }

  /** consul-template's options: {@code missingkey=error} if {@code missingKeyError}, else {@code missingkey=zero}. */
  public ExecOptions(Map<String, TemplateFunction> functions, boolean missingKeyError) {
    this(functions, missingKeyError ? MissingKey.ERROR : MissingKey.ZERO);
  }

  /** No functions beyond the builtins; Go's default missing-key behaviour. */
  public static ExecOptions defaults() {
    return DEFAULTS;
  }

  public ExecOptions withFunctions(Map<String, TemplateFunction> fns) {
    return new ExecOptions(fns, missingKey);
  }

  public ExecOptions withMissingKey(MissingKey mode) {
    return new ExecOptions(functions, mode);
  }

  /** {@code missingkey=error} when enabled, else {@code missingkey=zero} (consul-template's two settings). */
  public ExecOptions withMissingKeyError(boolean enabled) {
    return new ExecOptions(functions, enabled);
  }

  public boolean missingKeyError() {
    return missingKey == MissingKey.ERROR;
  }
}
