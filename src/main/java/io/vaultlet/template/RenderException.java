package io.vaultlet.template;

/**
 * A template failed to parse ({@code parse: …}) or to execute ({@code execute: …}), with consul-template's wording.
 * The message never contains a secret value the execution used.
 */
public final class RenderException extends Exception {

  /** Where the error arose. */
  public enum Phase { PARSE, EXECUTE }

  private final Phase phase;

  public RenderException(Phase phase, String message) {
    super(message);
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }
}
