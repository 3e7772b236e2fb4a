package io.vaultlet.config.hcl;

/**
 * A configuration file that is not valid HCL1. The message reads {@code file:line:col: what is wrong}, like a compiler's.
 */
public final class HclParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Position position;
  private final String reason;

  public HclParseException(Position position, String reason) {
    super(position + ": " + reason);
    this.position = position;
    this.reason = reason;
  }

  /** Where the problem was found (1-based line and column, as the Go HCL1 library reports it). */
  public Position position() {
    return position;
  }

  /** The message without the position prefix. */
  public String reason() {
    return reason;
  }
}
