package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * A value that Go would hold as a struct (or a pointer to one), e.g. consul-template's {@code *dependency.Secret}.
 * The template engine resolves {@code .Field} through {@link #field(String)}; {@code fmt} prints it as Go prints
 * structs ({@code {v1 v2}}, {@code %+v}: {@code {Name:v1 Other:v2}}, with a leading {@code &} when {@link #pointer()}).
 *
 * <p>The template data model (shared by the engine, fmt and the function library): Go {@code nil} is Java
 * {@code null}; bool is {@link Boolean}; int/int64 is {@link Long}; float64 is {@link Double}; string is
 * {@link String}; slices are {@link java.util.List}; maps are {@link java.util.Map} with String keys; structs
 * implement this interface.
 */
public interface GoStruct {

  /** Go's type name as {@code %T} prints it, e.g. {@code *dependency.Secret}. */
  String typeName();

  /** True when Go holds a pointer to the struct ({@code %v} prints {@code &{…}} at top level). */
  boolean pointer();

  /** Exported field names in declaration order; none by default (a value Go reaches only through methods). */
  default List<String> fieldNames() {
    return List.of();
  }

  /** The field's value; only called with names from {@link #fieldNames()}, so never by default. */
  default Object field(String name) {
    return null;
  }

  /**
   * The Go method {@code name} bound to this value, or null when there is none (the default). As in Go, a method
   * takes precedence over a field of the same name; {@code {{ .Set "k" "v" }}} calls it with the arguments that
   * follow, and {@code {{ .Data.Cert }}} calls it with none. It reports bad arguments with
   * {@link TemplateFunction.ArgumentException} (Go: {@code wrong number of args for Set: want 2 got 1}).
   */
  default TemplateFunction method(String name) {
    return null;
  }
}
