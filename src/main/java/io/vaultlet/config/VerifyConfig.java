package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code template { verify { … } }} (vaultlet extension): checks a new render must pass before it is published.
 * Every configured check runs, in the order {@code postgres}, {@code tls}, {@code aws}, {@code command}; the first
 * failure stops.
 *
 * @param position where the block is written
 * @param postgres {@code postgres}: a template (same delimiters, dialect and data as the file) rendering a
 *     PostgreSQL URL; a connection is opened with it and {@code SELECT 1} run
 * @param tls {@code tls { … }}: certificate checks on the rendered file
 * @param aws {@code aws { … }}: STS {@code GetCallerIdentity} signed with a key pair rendered from the same data
 * @param command {@code command}: a program run with {@code VAULTLET_STAGED_FILE}; exit 0 means good
 * @param timeout {@code timeout}: how long each check may take, default 10s
 * @param onFailure {@code on_failure}: what happens when the previous credential is about to expire and the new one
 *     still fails: {@code keep} (default) or {@code publish}
 */
public record VerifyConfig(Position position, Optional<String> postgres, Optional<TlsCheck> tls,
    Optional<AwsCheck> aws, List<String> command, Duration timeout, OnFailure onFailure) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public VerifyConfig {
    command = List.copyOf(command);
  }

  /** A block without the {@code aws} check. */
  public VerifyConfig(Position position, Optional<String> postgres, Optional<TlsCheck> tls, List<String> command,
      Duration timeout, OnFailure onFailure) {
    this(position, postgres, tls, Optional.empty(), command, timeout, onFailure);
  }

  /** The decision when the previous credential's expiry forces one and the new render still fails verification. */
  public enum OnFailure {
    /** Keep the previous file, keep retrying, report loudly (the default). */
    KEEP,
    /** Publish the unverified render. */
    PUBLISH
  }

  /**
   * {@code verify { tls { … } }}: the rendered certificate parses, is valid now, matches its private key, chains to
   * {@code ca_file} and covers every name in {@code hostnames}.
   *
   * @param caFile {@code ca_file}: PEM file of the CA certificate(s) the certificate must chain to; without it the
   *     chain is not checked
   * @param hostnames {@code hostnames}: DNS names (wildcards in the certificate match one label) or IP addresses the
   *     certificate must cover
   * @param keyFile {@code key_file}: where the private key is when it is not in the rendered file; may name the
   *     destination of another template of the same {@code publish_group} (its staged render is read)
   */
  public record TlsCheck(Optional<String> caFile, List<String> hostnames, Optional<String> keyFile) {
    public TlsCheck {
      hostnames = List.copyOf(hostnames);
    }
  }

  /**
   * {@code verify { aws { … } }}: the rendered key pair works — STS {@code GetCallerIdentity} signed with it succeeds,
   * retried within the verify timeout while AWS propagates a new IAM key ({@code InvalidClientTokenId}).
   *
   * @param accessKeyId {@code access_key_id}: a template rendering the access key id
   * @param secretAccessKey {@code secret_access_key}: a template rendering the secret access key
   * @param sessionToken {@code session_token}: a template rendering the session token (STS credentials), optional
   * @param region {@code region}, default {@code us-east-1}
   * @param stsEndpoint {@code sts_endpoint}: another STS endpoint (a private endpoint, the emulator)
   */
  public record AwsCheck(String accessKeyId, String secretAccessKey, Optional<String> sessionToken, String region,
      Optional<String> stsEndpoint) {}
}
