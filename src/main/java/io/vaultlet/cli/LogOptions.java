package io.vaultlet.cli;

import io.vaultlet.support.Log;
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

  /**
   * For commands without a configuration file ({@code dev}): the flag, else {@code VAULT_LOG_LEVEL}, else
   * {@code fallback}, else info. The agent resolves its level through the configuration loader instead.
   */
  public Log.Level level(String fallback) {
    return Log.Level.parse(firstNonBlank(level, System.getenv("VAULT_LOG_LEVEL"), fallback, "info"));
  }

  /** As {@link #level(String)}, for the format. */
  public Log.Format format(String fallback) {
    return Log.Format.parse(firstNonBlank(format, System.getenv("VAULT_LOG_FORMAT"), fallback, "standard"));
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
