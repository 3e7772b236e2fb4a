package io.vaultlet.config;

import java.time.Duration;

/**
 * vaultlet's resource limits on hostile or broken input (vaultlet extensions in {@code template_config}; Vault Agent
 * has none of them). Exceeding one is an error for that template or that request only: the previous file is kept and
 * the other templates go on. Every message names the limit and the key that raises it ({@link #raise}).
 *
 * @param maxOutputSize {@code max_output_size}: bytes one template may render (default 4 MiB)
 * @param maxFileSize {@code max_file_size}: bytes a {@code file} function read, or a template {@code source}, may have
 *     (default 4 MiB)
 * @param maxResponseSize {@code max_response_size}: bytes of one Vault response body (default 4 MiB)
 * @param maxRenderSteps {@code max_render_steps}: execution steps of one render — every node walked, every
 *     {@code range} iteration, every element a function builds (default 10,000,000)
 * @param maxRenderTime {@code max_render_time}: wall time of one render (default 5s)
 */
public record Limits(long maxOutputSize, long maxFileSize, long maxResponseSize, long maxRenderSteps,
    Duration maxRenderTime) {

  public static final long MIB = 1024L * 1024;
  // 4 MiB each: what the container launcher's 64 MiB heap holds with its copies (buffer, string, bytes written);
  // raise them together with -Xmx (measured with bench/limits.sh, docs/limits.md)
  public static final long DEFAULT_MAX_OUTPUT_SIZE = 4 * MIB;
  public static final long DEFAULT_MAX_FILE_SIZE = 4 * MIB;
  public static final long DEFAULT_MAX_RESPONSE_SIZE = 4 * MIB;
  public static final long DEFAULT_MAX_RENDER_STEPS = 10_000_000;
  public static final Duration DEFAULT_MAX_RENDER_TIME = Duration.ofSeconds(5);

  /** The configuration keys, as messages name them. */
  public static final String MAX_OUTPUT_SIZE = "max_output_size";
  public static final String MAX_FILE_SIZE = "max_file_size";
  public static final String MAX_RESPONSE_SIZE = "max_response_size";
  public static final String MAX_RENDER_STEPS = "max_render_steps";
  public static final String MAX_RENDER_TIME = "max_render_time";

  public Limits {
    if (maxOutputSize <= 0 || maxFileSize <= 0 || maxResponseSize <= 0 || maxRenderSteps <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxRenderTime == null || maxRenderTime.isNegative() || maxRenderTime.isZero()) {
      throw new IllegalArgumentException("max_render_time must be positive");
    }
  }

  public static Limits defaults() {
    return new Limits(DEFAULT_MAX_OUTPUT_SIZE, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_RESPONSE_SIZE,
        DEFAULT_MAX_RENDER_STEPS, DEFAULT_MAX_RENDER_TIME);
  }

  /** "raise it with template_config.KEY": the end of every message about an exceeded limit. */
  public static String raise(String key) {
    return "raise it with template_config." + key;
  }
}
