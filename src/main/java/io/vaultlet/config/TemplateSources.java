package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import io.vaultlet.support.BoundedFiles;
import io.vaultlet.support.Failures;
import io.vaultlet.support.Shown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the files that {@code template} and {@code env_template} blocks name as {@code source}, before anything runs
 * ({@code config check}, and the agent at start-up and on SIGHUP).
 *
 * <p>Errors — Vault Agent would not start either (consul-template reads every source when it builds its runner): the
 * file does not exist, cannot be read (permission denied), or is not a regular file (a directory, a FIFO or a device,
 * which would block or never end). Warnings — Vault Agent starts: an empty source (it renders an empty file).
 */
public final class TemplateSources {

  private TemplateSources() {}

  /** The result: problems that stop the agent, and warnings that don't. */
  public record Check(List<Problem> errors, List<Problem> warnings) {
    public Check {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    /** Throws with every error; returns the warnings when there is none. */
    public List<Problem> orThrow() throws ConfigException {
      if (!errors.isEmpty()) {
        throw new ConfigException(errors);
      }
      return warnings;
    }
  }

  /** Checks every template and env_template source of {@code config}. */
  public static Check check(AgentConfig config) {
    List<Problem> errors = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    for (TemplateConfig t : config.templates()) {
      check(t.position(), "template", t.source(), errors, warnings);
    }
    for (EnvTemplateConfig e : config.envTemplates()) {
      check(e.position(), "env_template \"" + Shown.cut(e.name()) + "\"", e.source(), errors, warnings);
    }
    return new Check(errors, warnings);
  }

  private static void check(Position at, String block, Optional<String> source, List<Problem> errors,
      List<Problem> warnings) {
    if (source.isEmpty()) {
      return;
    }
    String s = source.get();
    problem(Path.of(s)).ifPresentOrElse(
        why -> errors.add(new Problem(at, block + " source \"" + s + "\": " + why)),
        () -> {
          if (isEmpty(Path.of(s))) {
            warnings.add(new Problem(at, block + " source \"" + s + "\" is empty: the destination will be an empty"
                + " file"));
          }
        });
  }

  /** Why {@code file} cannot serve as a template source, or empty when it can. */
  public static Optional<String> problem(Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.of(Failures.file(e));
    }
    if (!attrs.isRegularFile()) {
      return Optional.of(BoundedFiles.notRegular(attrs)); // the words of the read that would follow
    }
    if (!Files.isReadable(file)) {
      return Optional.of("permission denied");
    }
    return Optional.empty();
  }

  private static boolean isEmpty(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
