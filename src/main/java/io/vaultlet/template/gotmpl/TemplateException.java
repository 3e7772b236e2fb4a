package io.vaultlet.template.gotmpl;

/**
 * A template failed to parse or to execute. The message is Go's, word for word: {@code template: NAME:LINE: …} for
 * parse errors and {@code template: NAME:LINE:COL: executing "NAME" at <…>: …} for execution errors.
 */
public final class TemplateException extends Exception {

  /** Where the error arose. */
  public enum Phase { PARSE, EXECUTE }

  private final Phase phase;
  private final String undefinedFunction;

  public TemplateException(Phase phase, String message) {
    this(phase, message, null);
  }

  public TemplateException(Phase phase, String message, String undefinedFunction) {
    super(message);
    this.phase = phase;
    this.undefinedFunction = undefinedFunction;
  }

  public Phase phase() {
    return phase;
  }

  /** The function a template calls that is not defined, when that is the parse error. */
  public java.util.Optional<String> undefinedFunction() {
    return java.util.Optional.ofNullable(undefinedFunction);
  }
}
