package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while binding and validating, so that every problem is reported at once. */
final class Problems {

  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  void error(Position at, String message) {
    errors.add(new Problem(at, message));
  }

  /** A problem that is not in a file: {@code where} is e.g. an environment variable or a flag. */
  void error(String where, String message) {
    errors.add(Problem.at(where, message));
  }

  void warn(Position at, String message) {
    warnings.add(new Problem(at, message));
  }

  void addAll(List<Problem> more) {
    errors.addAll(more);
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  List<Problem> errors() {
    return errors.stream().distinct().sorted().toList();
  }

  List<Problem> warnings() {
    return warnings.stream().distinct().sorted().toList();
  }
}
