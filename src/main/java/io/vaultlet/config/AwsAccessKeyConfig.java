package io.vaultlet.config;

import io.vaultlet.config.hcl.Position;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * vaultlet extension: one {@code aws_access_key "name" { … }} block, a long-lived IAM user's key pair kept in a Vault
 * KV v2 secret and rotated by the agent (docs/rotation.md, "AWS access keys"). Defaults applied, validated.
 *
 * @param name the block's label: names the rotation in logs, events and status
 * @param path {@code path}: the KV v2 secret, written as templates read it ({@code secret/aws/deploy})
 * @param accessKeyField {@code access_key_field}: the secret's field holding the access key id (default
 *     {@code access_key}, as Vault's aws secrets engine names it)
 * @param secretKeyField {@code secret_key_field}: the field holding the secret access key (default {@code secret_key})
 * @param username {@code username}: the IAM user; when absent, learned from STS {@code GetCallerIdentity} with the
 *     stored key pair
 * @param credentials {@code credentials}: who calls IAM: the stored key pair itself ({@code kv}, the default: a user
 *     allowed to manage its own keys) or the AWS SDK's default chain ({@code default_chain}: environment, profile,
 *     web identity, container, instance role)
 * @param region {@code region}: STS's region and IAM's partition (default {@code us-east-1})
 * @param iamEndpoint {@code iam_endpoint}: IAM endpoint override (private VPC endpoint, FIPS, or {@code vaultlet dev})
 * @param stsEndpoint {@code sts_endpoint}: STS endpoint override
 * @param rotateEvery {@code rotate_every}: the key's age, from its IAM CreateDate, at which it is rotated (default
 *     720h)
 * @param propagationTimeout {@code propagation_timeout}: how long a new key may take to work (default 2m)
 * @param deactivateAfter {@code deactivate_after}: how long the old key stays active after the new one is written to
 *     KV, so that every reader switches first (default 10m)
 * @param deleteAfter {@code delete_after}: how long the old key stays inactive before it is deleted (default 24h)
 */
public record AwsAccessKeyConfig(
    Position position,
    String name,
    String path,
    String accessKeyField,
    String secretKeyField,
    Optional<String> username,
    Credentials credentials,
    String region,
    Optional<URI> iamEndpoint,
    Optional<URI> stsEndpoint,
    Duration rotateEvery,
    Duration propagationTimeout,
    Duration deactivateAfter,
    Duration deleteAfter) {

  public static final String DEFAULT_ACCESS_KEY_FIELD = "access_key";
  public static final String DEFAULT_SECRET_KEY_FIELD = "secret_key";
  /** us-east-1: where IAM signs and STS's global endpoint; vaultlet's one AWS default region (rotation, auth). */
  public static final String DEFAULT_REGION = "us-east-1";
  public static final Duration DEFAULT_ROTATE_EVERY = Duration.ofHours(720);
  public static final Duration DEFAULT_PROPAGATION_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_DEACTIVATE_AFTER = Duration.ofMinutes(10);
  public static final Duration DEFAULT_DELETE_AFTER = Duration.ofHours(24);

  /** Whose credentials call IAM. */
  public enum Credentials {
    /** The key pair stored in the KV secret (the current one, which is always active). */
    KV,
    /** The AWS SDK's default credentials provider chain. */
    DEFAULT_CHAIN
  }
}
