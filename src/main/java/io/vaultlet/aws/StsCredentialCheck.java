package io.vaultlet.aws;

import io.vaultlet.support.Redactor;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Answers "does this AWS key pair work yet?" with STS {@code GetCallerIdentity}, the one call every principal may make.
 * A new IAM access key is refused for a few seconds while AWS propagates it ({@code InvalidClientTokenId}), so
 * {@link #awaitWorking} retries with a doubling backoff ({@link #PAUSES}: 1s, 2s, 4s, … at most 15s apart) on the
 * injected {@link Scheduler} until the key works or the timeout passes. Independent of who asks: the access-key rotator
 * waits on it before publishing a key, {@code verify { aws }} proves rendered credentials with it (on the verify
 * executor).
 *
 * <p>Retried: {@code InvalidClientTokenId} and {@code SignatureDoesNotMatch} (both seen while a key propagates),
 * throttling, server errors and connection failures. Any other refusal ({@code ExpiredToken}, …) ends the wait at once.
 * Messages are redacted; the secret never leaves the SDK signer.
 */
public final class StsCredentialCheck implements AutoCloseable {

  /**
   * The pauses between attempts: 1s, doubling after each refusal, at most 15s apart, for as long as the caller's
   * timeout allows (no jitter: one client waits for one key).
   */
  public static final RetrySchedule PAUSES = new RetrySchedule(true, 0, Duration.ofSeconds(1), Duration.ofSeconds(15));
  private static final Set<String> PROPAGATING = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch");
  private static final Set<String> TRANSIENT = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
      "IDPCommunicationError", "ServiceUnavailable", "InternalFailure", "RequestTimeout");

  private final StsClient sts;
  private final Scheduler scheduler;
  private final boolean owned;

  /** The principal GetCallerIdentity names. */
  public record Identity(String arn, String account, String userId) {}

  /**
   * One attempt: the identity when the key works, else AWS's error code (or {@code ConnectionError}) and message.
   *
   * @param retryable whether waiting may help (the key may still be propagating, or the failure was transient)
   */
  public record Attempt(Optional<Identity> identity, String errorCode, String message, boolean retryable) {
    public boolean works() {
      return identity.isPresent();
    }
  }

  /**
   * How a wait ended.
   *
   * @param identity present when the key works
   * @param attempts how many GetCallerIdentity calls were made
   * @param waited from the first attempt to the last answer (scheduler clock)
   * @param lastError the last refusal ({@code code: message}), empty when the key works
   */
  public record Outcome(Optional<Identity> identity, int attempts, Duration waited, String lastError) {
    public boolean works() {
      return identity.isPresent();
    }
  }

  /** A check over {@code sts} for {@link #check} only (no {@link #awaitWorking}); {@code sts} is not closed. */
  public StsCredentialCheck(StsClient sts) {
    this(sts, null, false);
  }

  /** A check over {@code sts} (not closed by {@link #close()}). */
  public StsCredentialCheck(StsClient sts, Scheduler scheduler) {
    this(sts, scheduler, false);
  }

  private StsCredentialCheck(StsClient sts, Scheduler scheduler, boolean owned) {
    this.sts = sts;
    this.scheduler = scheduler;
    this.owned = owned;
  }

  /** A check with its own STS client for {@code region}, or for {@code endpoint} when given. */
  public static StsCredentialCheck create(String region, Optional<URI> endpoint, Scheduler scheduler) {
    return new StsCredentialCheck(AwsClients.sts(AnonymousCredentialsProvider.create(), region, endpoint), scheduler,
        true);
  }

  /** One GetCallerIdentity signed with {@code credentials}, now, on the caller's thread. */
  public Attempt check(AwsCredentials credentials) {
    Redactor.register(credentials.secretAccessKey());
    if (credentials instanceof AwsSessionCredentials s) {
      Redactor.register(s.sessionToken());
    }
    try {
      GetCallerIdentityResponse r = sts.getCallerIdentity(GetCallerIdentityRequest.builder()
          .overrideConfiguration(o -> o.credentialsProvider(StaticCredentialsProvider.create(credentials)))
          .build());
      return new Attempt(Optional.of(new Identity(r.arn(), r.account(), r.userId())), "", "", false);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      boolean retry = PROPAGATING.contains(code) || TRANSIENT.contains(code) || e.statusCode() >= 500
          || e.isThrottlingException();
      return new Attempt(Optional.empty(), code, Redactor.redact(String.valueOf(message)), retry);
    } catch (SdkException e) {
      return new Attempt(Optional.empty(), "ConnectionError", Redactor.redact(String.valueOf(e.getMessage())), true);
    }
  }

  /**
   * Calls {@link #check} now and again with backoff until the key works, a refusal that waiting cannot fix, or
   * {@code timeout} (one last attempt is made at the deadline). Attempts run on the scheduler; cancelling the returned
   * future stops them.
   */
  public CompletableFuture<Outcome> awaitWorking(AwsCredentials credentials, Duration timeout) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    Instant start = scheduler.clock().instant();
    Instant deadline = start.plus(timeout);
    try {
      scheduler.schedule(Duration.ZERO, () -> attempt(credentials, start, deadline, 1, result));
    } catch (RuntimeException e) { // the scheduler is shutting down
      result.complete(new Outcome(Optional.empty(), 0, Duration.ZERO, "Stopped: " + e.getClass().getSimpleName()));
    }
    return result;
  }

  private void attempt(AwsCredentials credentials, Instant start, Instant deadline, int n,
      CompletableFuture<Outcome> result) {
    if (result.isDone()) {
      return;
    }
    Attempt a;
    try {
      a = check(credentials);
    } catch (RuntimeException e) {
      a = new Attempt(Optional.empty(), "Error", Redactor.redact(String.valueOf(e.getMessage())), true);
    }
    Instant now = scheduler.clock().instant();
    Duration waited = Duration.between(start, now);
    if (a.works()) {
      result.complete(new Outcome(a.identity(), n, waited, ""));
      return;
    }
    String error = a.errorCode() + ": " + a.message();
    if (!a.retryable() || !now.isBefore(deadline)) {
      result.complete(new Outcome(Optional.empty(), n, waited, error));
      return;
    }
    Duration pause = PAUSES.next(n - 1).orElseThrow();
    Duration remaining = Duration.between(now, deadline);
    Duration next = pause.compareTo(remaining) < 0 ? pause : remaining;
    try {
      scheduler.schedule(next, () -> attempt(credentials, start, deadline, n + 1, result));
    } catch (RuntimeException e) { // the scheduler is shutting down
      result.complete(new Outcome(Optional.empty(), n, waited, error));
    }
  }

  @Override
  public void close() {
    if (owned) {
      sts.close();
    }
  }
}
