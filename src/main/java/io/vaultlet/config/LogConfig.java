package io.vaultlet.config;

import io.vaultlet.support.Log;
import java.time.Duration;
import java.util.Optional;

/**
 * Logging: {@code log_level}, {@code log_format}, {@code log_file}, {@code log_rotate_duration},
 * {@code log_rotate_bytes}, {@code log_rotate_max_files} (flag &gt; {@code VAULT_LOG_*} environment &gt; file).
 *
 * @param rotateDuration default 24h
 * @param rotateBytes 0 means no size limit
 * @param rotateMaxFiles 0 keeps every file, -1 deletes old files
 */
public record LogConfig(
    Log.Level level,
    Log.Format format,
    Optional<String> file,
    Duration rotateDuration,
    long rotateBytes,
    int rotateMaxFiles) {

  public static final Duration DEFAULT_ROTATE_DURATION = Duration.ofHours(24);

  public static LogConfig defaults() {
    return new LogConfig(Log.Level.INFO, Log.Format.STANDARD, Optional.empty(), DEFAULT_ROTATE_DURATION, 0, 0);
  }
}
