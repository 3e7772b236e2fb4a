package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import io.vaultlet.dev.TtlLimits;
import java.util.List;
import java.util.Map;

/**
 * {@code auth/aws} over {@link AwsIamAuth} and {@link AwsEc2Auth}, which share the roles. Paths: {@code config/client},
 * {@code config/certificate/<name>} (and LIST {@code config/certificates/}), {@code role/<name>}, {@code roles/} (LIST),
 * {@code identity-accesslist/<instance_id>} (also under its old name {@code identity-whitelist/}), {@code login}, and
 * two emulator-only stand-ins: for STS, {@code _dev/keys} (a write of {@code access_key_id}, {@code secret_access_key},
 * {@code arn} and optional {@code user_id} registers a key whose SigV4 signatures the login verifies), and for EC2's
 * {@code DescribeInstances}, {@code _dev/instances} (a write of {@code instance_id}, {@code state}, {@code image_id},
 * {@code subnet_id}, {@code vpc_id}, {@code iam_instance_profile_arn}, {@code iam_role_arn}).
 */
final class AwsAuthBackend extends AuthBackend {

  private final AwsIamAuth aws;
  private final AwsEc2Auth ec2;

  AwsAuthBackend(MountContext mount) {
    this.aws = new AwsIamAuth(mount.clock(), mount.iam());
    this.ec2 = new AwsEc2Auth(mount.clock(), aws::role);
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
        LoginResult login = isEc2Login(req.data()) ? ec2.login(req.data()) : aws.login(req.data());
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
      case "_dev/instances":
        Logins.requireWrite(req);
        String instanceId = req.string("instance_id", "");
        if (instanceId.isEmpty()) {
          throw DevException.badRequest("instance_id is required");
        }
        ec2.registerInstance(new AwsEc2Auth.DevInstance(instanceId, req.string("state", "running"),
            req.string("image_id", ""), req.string("subnet_id", ""), req.string("vpc_id", ""),
            req.string("iam_instance_profile_arn", ""), req.string("iam_role_arn", "")));
        return DevResponse.noContent();
      case "config/certificates/": case "config/certificate/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(ec2.verifier().listCertificates());
      case "identity-accesslist/": case "identity-whitelist/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(ec2.listAccessList());
      case "roles/": case "role/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(aws.listRoles());
      default:
        break;
    }
    if (path.startsWith("config/certificate/")) {
      String name = Logins.lastSegment(req, "config/certificate/");
      return Routes.entry(req, name, ec2.verifier()::readCertificate,
          (n, r) -> ec2.verifier().writeCertificate(n, r.data()), ec2.verifier()::deleteCertificate);
    }
    for (String prefix : List.of("identity-accesslist/", "identity-whitelist/")) {
      if (path.startsWith(prefix)) {
        String instanceId = Logins.lastSegment(req, prefix);
        switch (req.operation()) {
          case READ:
            Map<String, Object> e = ec2.readAccessListEntry(instanceId);
            return e == null ? null : DevResponse.of(e);
          case DELETE:
            ec2.deleteAccessListEntry(instanceId);
            return DevResponse.noContent();
          default:
            throw DevException.unsupportedOperation();
        }
      }
    }
    if (path.startsWith("role/")) {
      String name = Logins.lastSegment(req, "role/");
      return Routes.entry(req, name, aws::readRole, (n, r) -> aws.writeRole(n, r.data()), aws::deleteRole);
    }
    throw DevException.unsupportedPath();
  }

  /**
   * Vault's dispatch on the fields present: EC2 when any of {@code pkcs7}, {@code identity}, {@code signature} is
   * there and no {@code iam_*} field is (mixing them, or an incomplete set, is refused with Vault's texts).
   */
  private static boolean isEc2Login(Map<String, Object> data) {
    boolean anyEc2 = data.containsKey("pkcs7") || data.containsKey("identity") || data.containsKey("signature");
    boolean anyIam = data.keySet().stream().anyMatch(k -> k.equals("iam_http_request_method")
        || k.equals("iam_request_url") || k.equals("iam_request_body") || k.equals("iam_request_headers"));
    if (anyEc2 && anyIam) {
      throw DevException.badRequest("supplied auth values for both ec2 and iam auth types");
    }
    if (anyEc2 && !(data.containsKey("pkcs7") || data.containsKey("identity") && data.containsKey("signature"))) {
      throw DevException.badRequest("supplied some of the auth values for the ec2 auth type but not all");
    }
    return anyEc2;
  }

  /** The role the token was issued for: EC2 logins name it in their metadata (it may default to the AMI ID). */
  private static String roleOf(DevRequest req, LoginResult login) {
    String fromMetadata = login.metadata().get("role");
    if (fromMetadata != null && "ec2".equals(login.metadata().get("auth_type"))) {
      return fromMetadata;
    }
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
