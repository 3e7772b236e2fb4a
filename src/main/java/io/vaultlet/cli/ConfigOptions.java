package io.vaultlet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -config} flag shared by {@code agent} and {@code config check}: repeatable, file or directory. */
public final class ConfigOptions {

  @Option(
      names = {"-config", "--config"},
      paramLabel = "<file|dir>",
      description = "Path to a configuration file or directory (repeatable; later files win when merged).")
  List<Path> configPaths = new ArrayList<>();

  public List<Path> paths() {
    return List.copyOf(configPaths);
  }
}
