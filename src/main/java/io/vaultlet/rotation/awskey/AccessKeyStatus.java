package io.vaultlet.rotation.awskey;

import java.time.Instant;
import java.util.Optional;

/**
 * One {@code aws_access_key} rotator as the status shows it. No secret: access key ids only.
 *
 * @param name the block's name
 * @param path the KV secret
 * @param user the IAM user (empty until known)
 * @param accessKeyId the key in KV (empty until read)
 * @param phase the rotation phase ({@code idle}, {@code creating}, {@code created}, {@code published},
 *     {@code deactivated})
 * @param state {@code starting}, {@code waiting}, {@code rotating}, {@code blocked} (a person must act),
 *     {@code failing} (retrying with backoff), {@code stopped}
 * @param nextAction what happens next
 * @param nextActionAt when
 * @param lastError the last failure or block reason, redacted; empty when none
 */
public record AccessKeyStatus(String name, String path, String user, String accessKeyId, String phase, String state,
    String nextAction, Optional<Instant> nextActionAt, String lastError) {}
