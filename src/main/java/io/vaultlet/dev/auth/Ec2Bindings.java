package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import java.util.List;

/**
 * Vault's {@code verifyInstanceMeetsRoleRequirements}: the role's EC2 bindings against the instance description (and
 * the identity document for the account). A binding on a value the description lacks is Vault's internal error (500);
 * a value that does not match is a 400 {@code Error validating instance: …}.
 */
final class Ec2Bindings {

  private Ec2Bindings() {}

  static void check(AwsRole.Ec2Bounds b, AwsEc2Auth.DevInstance instance, Ec2IdentityVerifier.IdentityDocument doc,
      String role) {
    if (!b.instanceIds().isEmpty() && !b.instanceIds().contains(instance.instanceId())) {
      throw invalid("instance ID \"" + instance.instanceId() + "\" does not belong to the role \"" + role + "\"");
    }
    if (!b.accountIds().isEmpty() && !b.accountIds().contains(doc.accountId())) {
      throw invalid("account ID \"" + doc.accountId() + "\" does not belong to role \"" + role + "\"");
    }
    if (!b.amiIds().isEmpty() && !b.amiIds().contains(present(instance.imageId(), "AMI ID"))) {
      throw invalid("AMI ID \"" + instance.imageId() + "\" does not belong to role \"" + role + "\"");
    }
    if (!b.subnetIds().isEmpty() && !b.subnetIds().contains(present(instance.subnetId(), "subnet ID"))) {
      throw invalid("subnet ID \"" + instance.subnetId() + "\" does not satisfy the constraint on role \"" + role
          + "\"");
    }
    if (!b.vpcIds().isEmpty() && !b.vpcIds().contains(present(instance.vpcId(), "VPC ID"))) {
      throw invalid("VPC ID \"" + instance.vpcId() + "\" does not satisfy the constraint on role \"" + role + "\"");
    }
    if (!b.iamInstanceProfileArns().isEmpty()) {
      String arn = present(instance.iamInstanceProfileArn(), "IAM instance profile");
      if (!arnMatches(b.iamInstanceProfileArns(), arn)) {
        throw invalid("IAM instance profile ARN \"" + arn + "\" does not satisfy the constraint role \"" + role
            + "\"");
      }
    }
    if (!b.iamRoleArns().isEmpty()) {
      present(instance.iamInstanceProfileArn(), "IAM instance profile");
      if (instance.iamRoleArn().isEmpty()) {
        throw DevException.internal("IAM role ARN could not be fetched");
      }
      if (!arnMatches(b.iamRoleArns(), instance.iamRoleArn())) {
        throw invalid("IAM role ARN \"" + instance.iamRoleArn() + "\" does not satisfy the constraint role \"" + role
            + "\"");
      }
    }
  }

  /** Exact, or a trailing {@code *} as a prefix match (a {@code *} elsewhere is a literal path character). */
  private static boolean arnMatches(List<String> bounds, String arn) {
    for (String bound : bounds) {
      if (bound.equals(arn) || bound.endsWith("*") && arn.startsWith(bound.substring(0, bound.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static String present(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw DevException.internal(what + " in the instance description is nil");
    }
    return value;
  }

  private static AuthException invalid(String message) {
    return AuthException.badRequest("Error validating instance: " + message);
  }
}
