package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects errors and warnings while binding and validating, so that every problem is reported at once. Under
 * {@code -strict} ({@link ConfigLoader.Strictness#STRICT}) what Vault Agent ignores (an unknown key in a block it
 * decodes leniently) is an error instead of a warning.
 */
final class Problems {

  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private final ConfigLoader.Strictness strictness;

  Problems() {
    this(ConfigLoader.Strictness.VAULT);
  }

  Problems(ConfigLoader.Strictness strictness) {
    this.strictness = strictness;
  }

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

  /**
   * Something Vault Agent loads and ignores, such as an unknown key in {@code vault} or {@code auto_auth}:
   * {@code what} + " is ignored" + {@code hint} as a warning, or under {@code -strict} an error saying so.
   */
  void ignored(Position at, String what, String hint) {
    if (strictness == ConfigLoader.Strictness.STRICT) {
      errors.add(new Problem(at, what + hint + " (Vault Agent ignores it; -strict makes it an error)"));
    } else {
      warnings.add(new Problem(at, what + " is ignored" + hint));
    }
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
