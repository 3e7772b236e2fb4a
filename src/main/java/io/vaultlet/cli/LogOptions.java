package io.vaultlet.cli;

import picocli.CommandLine.Option;

/**
 * {@code -log-level} and {@code -log-format}, as on {@code vault agent}. Null means "not given on the command line";
 * the configuration loader applies flag &gt; {@code VAULT_LOG_*} environment &gt; file &gt; default.
 */
public final class LogOptions {

  @Option(
      names = {"-log-level", "--log-level"},
      paramLabel = "<level>",
      description = "Log verbosity: trace, debug, info, warn, error (default: info, or VAULT_LOG_LEVEL).")
  String level;

  @Option(
      names = {"-log-format", "--log-format"},
      paramLabel = "<format>",
      description = "Log format: standard or json (default: standard, or VAULT_LOG_FORMAT).")
  String format;
}
