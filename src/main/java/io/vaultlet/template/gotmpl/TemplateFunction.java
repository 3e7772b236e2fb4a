package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * A function callable from a template ({@code {{ toUpper .x }}}), as Go's {@code template.FuncMap} entries.
 * Arguments and result use the template data model (see {@link GoStruct}).
 *
 * <p>A function signals failure by throwing; the engine reports it as Go does:
 * {@code template: NAME:LINE:COL: executing "NAME" at <toUpper .x>: error calling toUpper: MESSAGE}.
 * Throw {@link TemplateFunction.ArgumentException} for wrong argument count or types (reported without
 * "error calling", as Go's reflection-based checks are).
 */
@FunctionalInterface
public interface TemplateFunction {

  Object invoke(List<Object> args) throws Exception;

  /** Wrong number or type of arguments: the message is reported as-is, like Go's call-site checks. */
  final class ArgumentException extends RuntimeException {
    public ArgumentException(String message) {
      super(message);
    }
  }
}
