package io.vaultlet.template.gotmpl;

/**
 * A template failed to parse or to execute. The message is Go's, word for word: {@code template: NAME:LINE: …} for
 * parse errors and {@code template: NAME:LINE:COL: executing "NAME" at <…>: …} for execution errors.
 */
public final class TemplateException extends Exception {

  /** Where the error arose. */
  public enum Phase { PARSE, EXECUTE }

  private final Phase phase;

  public TemplateException(Phase phase, String message) {
    super(message);
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }
}
