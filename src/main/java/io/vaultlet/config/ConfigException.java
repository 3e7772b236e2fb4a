package io.vaultlet.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is invalid. Carries every problem found (not only the first), each with {@code file:line:col}.
 * The message is the problems, one per line; it never contains secret values.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, sorted by file and position. */
  public List<Problem> problems() {
    return problems;
  }
}
