package io.vaultlet.rotation.awskey;

import io.vaultlet.aws.AwsClients;
import io.vaultlet.aws.StsCredentialCheck;
import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.events.RotationEvent;
import io.vaultlet.events.RotationJournal;
import io.vaultlet.rotation.awskey.RotationPlan.Step;
import io.vaultlet.support.GoDurations;
import io.vaultlet.support.Log;
import io.vaultlet.support.RetrySchedule;
import io.vaultlet.support.Scheduler;
import io.vaultlet.vault.VaultClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Rotates one IAM user's access key pair kept in a Vault KV v2 secret ({@code aws_access_key "name"}):
 *
 * <ol>
 *   <li><b>create</b>: record the intent in the secret's custom metadata, IAM CreateAccessKey, record the new key id;
 *   <li><b>propagate</b>: STS GetCallerIdentity with the new pair until AWS accepts it ({@link StsCredentialCheck},
 *       backoff up to {@code propagation_timeout});
 *   <li><b>publish</b>: write the new pair as a new KV version (check-and-set), record it; templates that read the path
 *       pick it up on their schedule;
 *   <li><b>deactivate</b>: after {@code deactivate_after}, UpdateAccessKey Inactive on the old key, record it;
 *   <li><b>delete</b>: after {@code delete_after}, DeleteAccessKey on the old key.
 * </ol>
 *
 * Every decision is {@link RotationPlan}'s, from what KV, the recorded state and IAM say at that moment, so a crash
 * between any two steps is continued by the next start. Rotation is due when the key in KV is {@code rotate_every} old
 * (its IAM CreateDate), at once when overdue at start-up, or on {@link #rotateNow()}. Each step is a
 * {@link RotationEvent} in the {@link RotationJournal} (key ids only, never a secret). Work runs on the injected
 * {@link Scheduler}; waiting for propagation holds no thread.
 */
public final class AccessKeyRotator implements AutoCloseable {

  /** The longest sleep between two looks at KV and IAM (long waits are re-checked, clocks may jump). */
  static final Duration MAX_WAIT = Duration.ofHours(1);
  /** After a failed step: 30s, doubling, at most 30m apart, forever. */
  static final RetrySchedule FAILURE_RETRY = new RetrySchedule(true, 0, Duration.ofSeconds(30), Duration.ofMinutes(30));
  static final Duration BLOCKED_RECHECK = Duration.ofHours(1);
  static final Duration TOKEN_RETRY = Duration.ofSeconds(5);
  static final String KIND = "aws_access_key";
  private static final Log LOG = Log.named("rotation.aws");

  /** The places between two steps where a test stops the rotator as a crash would. */
  enum CrashPoint {
    AFTER_INTENT, AFTER_CREATE_CALL, AFTER_CREATE, AFTER_PROPAGATE, AFTER_KV_WRITE, AFTER_PUBLISH,
    AFTER_DEACTIVATE_CALL, AFTER_DEACTIVATE, AFTER_DELETE_CALL
  }

  /** Told at every {@link CrashPoint}; a test throws an {@link Error} from it to stop the rotator dead. */
  @FunctionalInterface
  interface Hook {
    void reached(CrashPoint point);
  }

  private final AwsAccessKeyConfig config;
  private final Supplier<VaultClient> vault;
  private final Scheduler scheduler;
  private final RotationJournal journal;
  private final IamKeys iam;
  private final StsCredentialCheck sts;
  private final RotationSteps steps;
  private final Hook hook;
  private final RotationPlan.Settings settings;
  private final Object lock = new Object();

  private volatile boolean closed;
  private boolean forced;
  /** {@link #rotateNow} was called: taken by a scheduler task under the lock, so the caller never waits for a step. */
  private final AtomicBoolean rotateAsked = new AtomicBoolean();
  private Scheduler.Cancellable next;
  private CompletableFuture<StsCredentialCheck.Outcome> propagation;
  private RotationSteps.NewKey pending;
  private int failures;
  private String step = "check";
  private String lastBlocked = "";
  private volatile AccessKeyStatus status;

  AccessKeyRotator(AwsAccessKeyConfig config, Supplier<VaultClient> vault, Scheduler scheduler,
      RotationJournal journal, IamKeys iam, StsCredentialCheck sts, AtomicReference<AwsCredentials> storedPair,
      Hook hook) {
    this.config = config;
    this.vault = vault;
    this.scheduler = scheduler;
    this.journal = journal;
    this.iam = iam;
    this.sts = sts;
    this.hook = hook;
    this.steps = new RotationSteps(config, new KeyPairSecret(config.path(), config.accessKeyField(),
        config.secretKeyField()), iam, sts, storedPair, hook, this::event, scheduler.clock());
    this.settings = new RotationPlan.Settings(config.rotateEvery(), config.propagationTimeout(),
        config.deactivateAfter(), config.deleteAfter());
    this.status = new AccessKeyStatus(config.name(), config.path(), config.username().orElse(""), "", "", "starting",
        "", Optional.empty(), "");
  }

  /**
   * A rotator for {@code config}: IAM and STS through the AWS SDK (endpoint overrides from the block), IAM called with
   * the stored key pair or the SDK's default chain. Nothing runs until {@link #start()}.
   *
   * @param vault the Vault client with the agent's current token
   */
  public static AccessKeyRotator create(AwsAccessKeyConfig config, Supplier<VaultClient> vault, Scheduler scheduler,
      RotationJournal journal) {
    AtomicReference<AwsCredentials> stored = new AtomicReference<>();
    AwsCredentialsProvider provider = config.credentials() == AwsAccessKeyConfig.Credentials.KV
        ? () -> {
            AwsCredentials c = stored.get();
            if (c == null) {
              throw new IllegalStateException("the key pair in " + config.path() + " has not been read yet");
            }
            return c;
          }
        : DefaultCredentialsProvider.builder().build();
    IamKeys iam = new IamKeys(AwsClients.iam(provider, config.region(), config.iamEndpoint()),
        provider instanceof AutoCloseable c ? c : null);
    StsCredentialCheck sts = StsCredentialCheck.create(config.region(), config.stsEndpoint(), scheduler);
    return new AccessKeyRotator(config, vault, scheduler, journal, iam, sts, stored, p -> { });
  }

  public String name() {
    return config.name();
  }

  public AwsAccessKeyConfig config() {
    return config;
  }

  /** Looks at KV and IAM now and carries on from there (a rotation at once if the key is overdue). */
  public void start() {
    synchronized (lock) {
      if (!closed) {
        schedule(Duration.ZERO);
      }
    }
  }

  /**
   * Rotates now, whatever the key's age (the control API's "rotate"). A rotation already under way goes on; one asked
   * for while the previous old key waits for its deletion starts once it is deleted (IAM allows two keys per user).
   * Returns at once: the request is taken on the scheduler after the step under way, if any (a step holds the
   * rotator's lock across its IAM and Vault calls, and the caller may be serving the status).
   */
  public void rotateNow() {
    if (closed || !rotateAsked.compareAndSet(false, true)) {
      return; // stopped, or asked already and not yet taken
    }
    try {
      scheduler.schedule(Duration.ZERO, this::takeRotateRequest);
    } catch (RuntimeException e) { // the scheduler is shutting down
      rotateAsked.set(false);
    }
  }

  private void takeRotateRequest() {
    synchronized (lock) {
      if (closed || !rotateAsked.getAndSet(false)) {
        return;
      }
      forced = true;
      if (pending == null) {
        schedule(Duration.ZERO);
      }
    }
  }

  public AccessKeyStatus status() {
    return status;
  }

  // ---- the loop -----------------------------------------------------------------------------------------------------

  private void run() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      next = null;
      try {
        loop();
        failures = 0;
      } catch (RuntimeException e) {
        failed(e.getMessage());
      }
    }
  }

  /** Decides and acts until the plan says wait (or the new key propagates, which resumes the loop by itself). */
  private void loop() {
    for (int i = 0; i < 20; i++) {
      step = "check";
      VaultClient client = vault.get();
      if (client == null || !client.hasToken()) {
        setStatus("waiting", "waiting for a Vault token", now().plus(TOKEN_RETRY), "");
        schedule(TOKEN_RETRY);
        return;
      }
      KeyPairSecret.Snapshot snap = steps.read(client);
      String u = steps.user(snap);
      RotationPlan.Facts facts = new RotationPlan.Facts(now(), settings, config.path(), u, snap.accessKeyId(),
          snap.versionCreated(), snap.state(), iam.list(u), iam::lastUsed,
          Optional.ofNullable(pending).map(RotationSteps.NewKey::keyId), forced);
      Step decision = RotationPlan.decide(facts);
      status = new AccessKeyStatus(config.name(), config.path(), u, snap.accessKeyId(), snap.state().phase().label(),
          status.state(), status.nextAction(), status.nextActionAt(), status.lastError());
      if (!(decision instanceof RotationPlan.Blocked)) {
        lastBlocked = "";
      }
      if (decision instanceof RotationPlan.Wait w) {
        Duration d = Duration.between(now(), w.until());
        setStatus("waiting", w.why(), w.until(), "");
        schedule(d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d);
        return;
      } else if (decision instanceof RotationPlan.Blocked b) {
        blocked(b.why());
        return;
      } else if (decision instanceof RotationPlan.Create c) {
        forced = false;
        step = "create";
        setStatus("rotating", "creating a new access key", now(), "");
        pending = steps.create(client, snap, u, c.why());
        propagate();
        return;
      } else if (decision instanceof RotationPlan.Resume) {
        propagate();
        return;
      } else if (decision instanceof RotationPlan.Abandon a) {
        step = "abandon";
        steps.abandon(u, a);
      } else if (decision instanceof RotationPlan.Deactivate d) {
        step = "deactivate";
        steps.deactivate(client, snap, u, d.keyId());
      } else if (decision instanceof RotationPlan.Delete d) {
        step = "delete";
        steps.delete(client, snap, u, d);
      } else if (decision instanceof RotationPlan.Record r) {
        step = r.step();
        steps.catchUp(client, snap, r);
      }
    }
    throw new RotationException("no progress after 20 steps; retrying later");
  }

  // ---- steps --------------------------------------------------------------------------------------------------------

  private void propagate() {
    step = "propagate";
    RotationSteps.NewKey p = pending;
    Duration left = Duration.between(now(), p.created().plus(config.propagationTimeout()));
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    event("propagate", p.oldKeyId(), p.keyId(), "sts", RotationEvent.Result.PENDING, Duration.ZERO,
        "waiting until AWS accepts the new key (up to " + GoDurations.format(left) + ")");
    setStatus("rotating", "waiting for AWS to accept the new key", p.created().plus(config.propagationTimeout()), "");
    Instant t0 = now();
    CompletableFuture<StsCredentialCheck.Outcome> f =
        sts.awaitWorking(AwsBasicCredentials.create(p.keyId(), p.secret()), left);
    propagation = f;
    f.whenComplete((outcome, error) -> {
      try {
        scheduler.schedule(Duration.ZERO, () -> afterPropagation(p, outcome, t0));
      } catch (RuntimeException e) {
        LOG.debug("scheduler gone; propagation result dropped", "name", config.name());
      }
    });
  }

  private void afterPropagation(RotationSteps.NewKey p, StsCredentialCheck.Outcome outcome, Instant t0) {
    synchronized (lock) {
      if (closed || pending != p) {
        return;
      }
      propagation = null;
      try {
        step = "propagate";
        if (outcome == null || !outcome.works()) {
          String why = outcome == null ? "the check was cancelled" : outcome.lastError();
          pending = null;
          String deleted = steps.deleteUnworking(p);
          failed(p.oldKeyId(), p.keyId(), "sts", Duration.between(t0, now()),
              "the new key did not work within propagation_timeout: " + why + "; " + deleted);
          return;
        }
        event("propagate", p.oldKeyId(), p.keyId(), "sts", RotationEvent.Result.SUCCEEDED, outcome.waited(),
            "accepted by STS after " + outcome.attempts() + " attempt" + (outcome.attempts() == 1 ? "" : "s"));
        hook.reached(CrashPoint.AFTER_PROPAGATE);
        step = "publish";
        Optional<String> refused = steps.publish(vault.get(), p);
        pending = null; // published, or never to be published (a failed write keeps it for the retry)
        if (refused.isPresent()) {
          throw new RotationException(refused.get());
        }
        hook.reached(CrashPoint.AFTER_PUBLISH);
        loop();
        failures = 0;
      } catch (RuntimeException e) {
        failed(e.getMessage());
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private void blocked(String why) {
    if (!why.equals(lastBlocked)) {
      event("check", status.accessKeyId(), "", "", RotationEvent.Result.FAILED, Duration.ZERO,
          "rotation stopped: " + why);
      LOG.error("aws_access_key rotation stopped: a person must act", "name", config.name(), "why", why);
    }
    lastBlocked = why;
    setStatus("blocked", "re-checking (or rotateNow)", now().plus(BLOCKED_RECHECK), why);
    schedule(BLOCKED_RECHECK);
  }

  private void failed(String message) {
    failed(status.accessKeyId(), pending == null ? "" : pending.keyId(), "", Duration.ZERO, message);
  }

  /** A step failed: one FAILED event (the step, its ids, the redacted reason), then a retry with backoff. */
  private void failed(String oldId, String newId, String verifiedBy, Duration took, String message) {
    failures++;
    Duration delay = FAILURE_RETRY.next(failures - 1).orElseThrow();
    String text = String.valueOf(message);
    event(step, oldId, newId, verifiedBy, RotationEvent.Result.FAILED, took,
        text + " (retrying in " + GoDurations.format(delay) + ")");
    setStatus("failing", "retrying " + step, now().plus(delay), text);
    if (!closed) {
      schedule(delay);
    }
  }

  private void event(String stepName, String oldId, String newId, String verifiedBy, RotationEvent.Result result,
      Duration duration, String message) {
    journal.record(new RotationEvent(now(), KIND, config.name(), stepName, oldId, newId, verifiedBy, result,
        duration.isNegative() ? Duration.ZERO : duration, message));
  }

  private void setStatus(String state, String nextAction, Instant at, String error) {
    AccessKeyStatus s = status;
    status = new AccessKeyStatus(s.name(), s.path(), s.user(), s.accessKeyId(), s.phase(), state, nextAction,
        Optional.ofNullable(at), error);
  }

  private void schedule(Duration delay) {
    if (next != null) {
      next.cancel();
    }
    next = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::run);
  }

  private Instant now() {
    return scheduler.clock().instant();
  }

  /**
   * Stops: no further step starts; a step under way finishes first (this waits for it). A rotation in progress is
   * continued by the next start from the state recorded in KV.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
      if (propagation != null) {
        propagation.cancel(false);
        propagation = null;
      }
      pending = null;
      setStatus("stopped", "", null, status.lastError());
    }
    iam.close();
    sts.close();
  }
}
