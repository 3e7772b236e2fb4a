package io.vaultlet.dev.iam;

/**
 * An error as IAM or STS answers it: HTTP status, error code ({@code LimitExceeded}, {@code NoSuchEntity},
 * {@code InvalidClientTokenId}, …) and message, written into the {@code <ErrorResponse>} document by
 * {@link AwsQueryHandler}. Messages never carry a secret.
 */
public final class IamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public IamException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static IamException invalidToken() {
    return new IamException(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  static IamException noSuchKey(String accessKeyId) {
    return new IamException(404, "NoSuchEntity", "The Access Key with id " + accessKeyId + " cannot be found.");
  }

  static IamException noSuchUser(String userName) {
    return new IamException(404, "NoSuchEntity", "The user with name " + userName + " cannot be found.");
  }

  static IamException validation(String message) {
    return new IamException(400, "ValidationError", message);
  }

  static IamException accessDenied(String callerArn, String action, String resource) {
    return new IamException(403, "AccessDenied", "User: " + callerArn + " is not authorized to perform: iam:" + action
        + " on resource: " + resource + " because no identity-based policy allows the iam:" + action + " action");
  }
}
