package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.Objects;

/**
 * One configuration problem (an error or a warning) at a source position. Printed like a compiler diagnostic:
 * {@code FILE:LINE:COL: message}. Messages never contain secret values (tokens, secret IDs, keys): they name the key.
 */
public record Problem(Position position, String message) implements Comparable<Problem> {

  public Problem {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(message, "message");
  }

  /** A problem that belongs to a whole file or to no file (e.g. "no configuration given"). */
  public static Problem at(String file, String message) {
    return new Problem(new Position(file, 0, 0), message);
  }

  @Override
  public String toString() {
    if (position.line() <= 0) {
      return position.file() + ": " + message;
    }
    return position + ": " + message;
  }

  /** Orders by file, line, column; ties keep their message order. */
  @Override
  public int compareTo(Problem o) {
    int c = position.file().compareTo(o.position.file());
    if (c == 0) {
      c = Integer.compare(position.line(), o.position.line());
    }
    if (c == 0) {
      c = Integer.compare(position.column(), o.position.column());
    }
    return c == 0 ? message.compareTo(o.message) : c;
  }
}
