package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code auto_auth.method}: how to log in.
 *
 * @param type from {@code type = "…"} or the single label ({@code method "aws" {}}, lower-cased)
 * @param mountPath {@code mount_path}, default {@code auth/<type>}; one trailing {@code /} trimmed
 * @param namespace canonical form: no leading {@code /}, one trailing {@code /} ({@code /ns} becomes {@code ns/})
 * @param wrapTtl {@code wrap_ttl}; zero means no response wrapping of the login
 * @param minBackoff {@code min_backoff}, default 1s
 * @param maxBackoff {@code max_backoff}, default 5m
 * @param exitOnErr {@code exit_on_err}
 * @param config the method's free-form {@code config} map (each method reads the keys it knows)
 */
public record MethodConfig(
    Position position,
    String type,
    String mountPath,
    Optional<String> namespace,
    Duration wrapTtl,
    Duration minBackoff,
    Duration maxBackoff,
    boolean exitOnErr,
    FreeformMap config) {

  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
}
