package io.vaultlet.rotation;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.aws.StsCredentialCheck;
import io.vaultlet.config.VerifyConfig.AwsCheck;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code verify { aws { access_key_id, secret_access_key, session_token } }}: the key pair rendered from the same data
 * as the file works — STS {@code GetCallerIdentity} signed with it succeeds. A new IAM key is refused for a few
 * seconds while AWS propagates it, so refusals that waiting can fix ({@code InvalidClientTokenId}, throttling, …) are
 * retried within the verify timeout: {@link StsCredentialCheck#awaitWorking} on the verify executor, whose clock and
 * schedule pace the attempts (no thread sleeps meanwhile). Anything else fails at once. The SDK signs; the secret is
 * never sent nor shown. The STS client is built once, with the check, and released by {@link #close}.
 */
final class AwsVerifier implements Verifier {

  static final String KEY_ID = "aws.access_key_id";
  static final String SECRET = "aws.secret_access_key";
  static final String SESSION = "aws.session_token";

  private final StsClient sts;

  AwsVerifier(AwsCheck check) {
    this.sts = AwsClients.sts(AnonymousCredentialsProvider.create(), check.region(),
        check.stsEndpoint().map(URI::create));
  }

  /** The check's templates, by the key {@link Candidate#rendered} carries them under. */
  static Map<String, String> templates(AwsCheck check) {
    Map<String, String> out = new LinkedHashMap<>();
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
  public CompletableFuture<Result> start(Candidate c, Scheduler scheduler) {
    String id = c.rendered(KEY_ID).orElse("").strip();
    String secret = c.rendered(SECRET).orElse("").strip();
    if (id.isEmpty() || secret.isEmpty()) {
      return CompletableFuture.completedFuture(
          Result.failed("the access key id or the secret access key rendered empty"));
    }
    Redactor.register(secret);
    Optional<String> session = c.rendered(SESSION).map(String::strip).filter(t -> !t.isEmpty());
    session.ifPresent(Redactor::register);
    AwsCredentials credentials = session.<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
        .orElseGet(() -> AwsBasicCredentials.create(id, secret));
    return new StsCredentialCheck(sts, scheduler).awaitWorking(credentials, c.timeout())
        .thenApply(o -> o.works() ? Result.passed()
            : Result.failed("STS GetCallerIdentity refused access key " + id + " after " + o.attempts()
                + (o.attempts() == 1 ? " attempt: " : " attempts: ") + o.lastError()));
  }

  @Override
  public void close() {
    sts.close();
  }
}
