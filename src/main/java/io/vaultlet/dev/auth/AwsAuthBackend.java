package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.TtlLimits;
import java.util.List;
import java.util.Map;

/**
 * {@code auth/aws} (IAM only) over {@link AwsIamAuth}. Paths: {@code config/client}, {@code role/<name>},
 * {@code roles/} (LIST), {@code login}, and the emulator's stand-in for STS, {@code _dev/keys}: a write of
 * {@code access_key_id}, {@code secret_access_key}, {@code arn} (and optional {@code user_id}) registers a key whose
 * SigV4 signatures the login verifies.
 */
final class AwsAuthBackend extends AuthBackend {

  private final AwsIamAuth aws;

  AwsAuthBackend(MountContext mount) {
    this.aws = new AwsIamAuth(mount.clock());
  }

  public static AwsAuthBackend create(MountContext mount) {
    return new AwsAuthBackend(mount);
  }

  @Override
  DevResponse route(DevRequest req) {
    String path = req.path();
    switch (path) {
      case "login":
        Logins.requireWrite(req);
        LoginResult login = aws.login(req.data());
        String role = roleOf(req, login);
        return Logins.answer(login, () -> limits(role));
      case "config/client":
        if (req.operation().isWrite()) {
          aws.writeConfig(req.data());
          return DevResponse.noContent();
        }
        if (req.operation() == Operation.DELETE) {
          aws.writeConfig(Map.of("iam_server_id_header_value", "", "sts_endpoint", "",
              "allowed_sts_header_values", List.of()));
          return DevResponse.noContent();
        }
        return DevResponse.of(aws.readConfig());
      case "_dev/keys":
        Logins.requireWrite(req);
        String id = req.string("access_key_id", "");
        String secret = req.string("secret_access_key", "");
        String arn = req.string("arn", "");
        if (id.isEmpty() || secret.isEmpty() || arn.isEmpty()) {
          throw DevException.badRequest("access_key_id, secret_access_key and arn are required");
        }
        try {
          aws.registerKey(new AwsIamAuth.DevKey(id, secret, arn, req.string("user_id", id)));
        } catch (IllegalArgumentException e) {
          throw DevException.badRequest(e.getMessage());
        }
        return DevResponse.noContent();
      case "roles/": case "role/":
        if (req.operation() != Operation.LIST) {
          throw DevException.unsupportedOperation();
        }
        return DevResponse.keys(aws.listRoles());
      default:
        break;
    }
    if (path.startsWith("role/")) {
      String name = Logins.lastSegment(req, "role/");
      switch (req.operation()) {
        case READ:
          Map<String, Object> r = aws.readRole(name);
          return r == null ? null : DevResponse.of(r);
        case DELETE:
          aws.deleteRole(name);
          return DevResponse.noContent();
        case CREATE: case UPDATE:
          aws.writeRole(name, req.data());
          return DevResponse.noContent();
        default:
          throw DevException.unsupportedOperation();
      }
    }
    throw DevException.unsupportedPath();
  }

  private static String roleOf(DevRequest req, LoginResult login) {
    String r = req.string("role", "");
    return r.isEmpty() ? login.displayName() : r;
  }

  private TtlLimits limits(String role) {
    Map<String, Object> r = aws.readRole(role);
    if (r == null) {
      throw DevException.badRequest("role entry not found");
    }
    return TokenFields.of(r).limits();
  }
}
