package io.vaultlet.config.hcl;

/**
 * A scalar. {@code value} is a {@link String} (STRING, HEREDOC: escapes already processed, {@code ${…}} kept literally),
 * {@link Long} (NUMBER: decimal, octal {@code 0640} = 416, hex {@code 0x10}), {@link Double} (FLOAT) or
 * {@link Boolean} (BOOL).
 */
public record LiteralNode(Position position, Kind kind, Object value) implements Node {

  public enum Kind { STRING, HEREDOC, NUMBER, FLOAT, BOOL }
}
