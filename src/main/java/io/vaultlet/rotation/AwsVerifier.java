package io.vaultlet.rotation;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.aws.StsCredentialCheck;
import io.vaultlet.config.VerifyConfig.AwsCheck;
import io.vaultlet.support.Redactor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code verify { aws { access_key_id, secret_access_key, session_token } }}: the key pair rendered from the same data
 * as the file works — STS {@code GetCallerIdentity} signed with it succeeds. A new IAM key is refused for a few
 * seconds while AWS propagates it, so refusals that waiting can fix ({@code InvalidClientTokenId}, throttling, …) are
 * retried within the verify timeout (1 s, 2 s, 4 s … apart, as {@link StsCredentialCheck} does); anything else fails
 * at once. The SDK signs; the secret is never sent nor shown.
 */
final class AwsVerifier implements Verifier.Blocking {

  static final String KEY_ID = "aws.access_key_id";
  static final String SECRET = "aws.secret_access_key";
  static final String SESSION = "aws.session_token";

  private final AwsCheck check;

  AwsVerifier(AwsCheck check) {
    this.check = check;
  }

  /** The check's templates, by the key {@link Candidate#rendered} carries them under. */
  static Map<String, String> templates(AwsCheck check) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put(KEY_ID, check.accessKeyId());
    out.put(SECRET, check.secretAccessKey());
    check.sessionToken().ifPresent(t -> out.put(SESSION, t));
    return out;
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Result verify(Candidate c) {
    String id = c.rendered(KEY_ID).orElse("").strip();
    String secret = c.rendered(SECRET).orElse("").strip();
    if (id.isEmpty() || secret.isEmpty()) {
      return Result.failed("the access key id or the secret access key rendered empty");
    }
    Redactor.register(secret);
    Optional<String> session = c.rendered(SESSION).map(String::strip).filter(t -> !t.isEmpty());
    session.ifPresent(Redactor::register);
    AwsCredentials credentials = session.<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
        .orElseGet(() -> AwsBasicCredentials.create(id, secret));
    long deadline = System.nanoTime() + c.timeout().toNanos();
    Duration pause = StsCredentialCheck.FIRST_RETRY;
    try (StsClient sts = AwsClients.sts(AnonymousCredentialsProvider.create(), check.region(),
        check.stsEndpoint().map(URI::create))) {
      StsCredentialCheck probe = new StsCredentialCheck(sts);
      for (int attempt = 1; ; attempt++) {
        StsCredentialCheck.Attempt a = probe.check(credentials);
        if (a.works()) {
          return Result.passed();
        }
        long left = deadline - System.nanoTime();
        if (!a.retryable() || left <= 0) {
          return Result.failed("STS GetCallerIdentity refused access key " + id + " after " + attempt
              + (attempt == 1 ? " attempt: " : " attempts: ") + a.errorCode() + ": " + a.message());
        }
        Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
        pause = pause.multipliedBy(2).compareTo(StsCredentialCheck.MAX_RETRY) < 0 ? pause.multipliedBy(2)
            : StsCredentialCheck.MAX_RETRY;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted while waiting for AWS to accept access key " + id);
    }
  }
}
