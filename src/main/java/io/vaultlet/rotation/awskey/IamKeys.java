package io.vaultlet.rotation.awskey;

import io.vaultlet.support.Redactor;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The IAM calls the rotator makes, through the AWS SDK: list, create, deactivate and delete one user's access keys, and
 * when a key was last used. A key already gone is not an error for deactivate and delete (the step is idempotent);
 * every other refusal becomes a {@link RotationException} naming the call, AWS's code and message.
 */
final class IamKeys implements AutoCloseable {

  private final IamClient iam;
  private final AutoCloseable credentials;

  /** One of the user's keys, as ListAccessKeys shows it. */
  record Key(String id, boolean active, Instant created) {}

  /** A key just created: the only time its secret is known. */
  record Created(String id, String secret, Instant created) {
    @Override
    public String toString() {
      return "Created{" + id + "}";
    }
  }

  IamKeys(IamClient iam) {
    this(iam, null);
  }

  /** With the credentials provider the client signs with, closed with it (the SDK's default chain holds clients). */
  IamKeys(IamClient iam, AutoCloseable credentials) {
    this.iam = iam;
    this.credentials = credentials;
  }

  List<Key> list(String user) {
    return call("ListAccessKeys", () -> iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
        .map(k -> {
          Redactor.declarePublic(k.accessKeyId());
          return new Key(k.accessKeyId(), k.status() == StatusType.ACTIVE, k.createDate());
        })
        .sorted(Comparator.comparing(Key::created))
        .toList());
  }

  Created create(String user) {
    AccessKey k = call("CreateAccessKey", () -> iam.createAccessKey(r -> r.userName(user)).accessKey());
    Redactor.register(k.secretAccessKey());
    Redactor.declarePublic(k.accessKeyId());
    return new Created(k.accessKeyId(), k.secretAccessKey(), k.createDate());
  }

  /** UpdateAccessKey Inactive; false when the key no longer exists. */
  boolean deactivate(String user, String keyId) {
    return absentIsFalse("UpdateAccessKey", () -> iam.updateAccessKey(r -> r.userName(user).accessKeyId(keyId)
        .status(StatusType.INACTIVE)));
  }

  /** DeleteAccessKey; false when the key no longer exists. */
  boolean delete(String user, String keyId) {
    return absentIsFalse("DeleteAccessKey", () -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(keyId)));
  }

  /** When the key was last used (empty: never, as far as IAM knows). */
  Optional<Instant> lastUsed(String keyId) {
    AccessKeyLastUsed u = call("GetAccessKeyLastUsed",
        () -> iam.getAccessKeyLastUsed(r -> r.accessKeyId(keyId)).accessKeyLastUsed());
    return Optional.ofNullable(u == null ? null : u.lastUsedDate());
  }

  private boolean absentIsFalse(String action, Runnable call) {
    try {
      call(action, () -> {
        call.run();
        return null;
      });
      return true;
    } catch (RotationException e) {
      if (e.getCause() instanceof AwsServiceException a && a.awsErrorDetails() != null
          && "NoSuchEntity".equals(a.awsErrorDetails().errorCode())) {
        return false;
      }
      throw e;
    }
  }

  private static <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      throw new RotationException("IAM " + action + " failed: " + code + ": " + message, e);
    } catch (SdkException e) {
      throw new RotationException("IAM " + action + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    iam.close();
    if (credentials != null) {
      try {
        credentials.close();
      } catch (Exception e) {
        // nothing left to release
      }
    }
  }
}
