package io.vaultlet.dev.auth;

import io.vaultlet.dev.Fields;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auth/aws/role/<name>}: the auth type, the bindings each login type checks (IAM: the principal ARN; EC2: what
 * the identity document and the instance description say), the EC2 re-authentication switches and the token fields.
 */
record AwsRole(String name, String authType, List<String> boundIamPrincipalArns, Ec2Bounds ec2,
    boolean disallowReauthentication, boolean allowInstanceMigration, List<String> policies, Duration ttl,
    Duration maxTtl, Duration period) {

  /** The EC2 bindings: each list, when not empty, must contain the instance's value. */
  record Ec2Bounds(List<String> amiIds, List<String> accountIds, List<String> regions, List<String> vpcIds,
      List<String> subnetIds, List<String> iamInstanceProfileArns, List<String> iamRoleArns,
      List<String> instanceIds) {
    Ec2Bounds {
      amiIds = List.copyOf(amiIds);
      accountIds = List.copyOf(accountIds);
      regions = List.copyOf(regions);
      vpcIds = List.copyOf(vpcIds);
      subnetIds = List.copyOf(subnetIds);
      iamInstanceProfileArns = List.copyOf(iamInstanceProfileArns);
      iamRoleArns = List.copyOf(iamRoleArns);
      instanceIds = List.copyOf(instanceIds);
    }

    static Ec2Bounds of(Map<String, Object> data) {
      return new Ec2Bounds(Fields.list(data, "bound_ami_id"), Fields.list(data, "bound_account_id"),
          Fields.list(data, "bound_region"), Fields.list(data, "bound_vpc_id"), Fields.list(data, "bound_subnet_id"),
          Fields.list(data, "bound_iam_instance_profile_arn"), Fields.list(data, "bound_iam_role_arn"),
          Fields.list(data, "bound_ec2_instance_id"));
    }

    int count() {
      return (int) List.of(amiIds, accountIds, regions, vpcIds, subnetIds, iamInstanceProfileArns, iamRoleArns,
          instanceIds).stream().filter(l -> !l.isEmpty()).count();
    }

    void describeInto(Map<String, Object> out) {
      out.put("bound_account_id", accountIds);
      out.put("bound_ami_id", amiIds);
      out.put("bound_ec2_instance_id", instanceIds);
      out.put("bound_iam_instance_profile_arn", iamInstanceProfileArns);
      out.put("bound_iam_role_arn", iamRoleArns);
      out.put("bound_region", regions);
      out.put("bound_subnet_id", subnetIds);
      out.put("bound_vpc_id", vpcIds);
    }
  }

  AwsRole {
    boundIamPrincipalArns = List.copyOf(boundIamPrincipalArns);
    policies = List.copyOf(policies);
  }

  /** A role write, checked as Vault checks it (auth type, at least one binding, the two EC2 switches). */
  static AwsRole parse(String name, Map<String, Object> data) {
    String authType = data.containsKey("auth_type") ? Fields.string(data, "auth_type") : "iam";
    if (!"iam".equals(authType) && !"ec2".equals(authType)) {
      throw AuthException.badRequest("unrecognized auth_type: " + authType);
    }
    List<String> boundArns = Fields.list(data, "bound_iam_principal_arn");
    Ec2Bounds ec2 = Ec2Bounds.of(data);
    boolean disallow = Fields.bool(data, "disallow_reauthentication", false);
    boolean migrate = Fields.bool(data, "allow_instance_migration", false);
    if (("iam".equals(authType) ? boundArns.size() : ec2.count()) == 0) {
      throw AuthException.badRequest("at least one bound parameter should be specified on the role");
    }
    if (disallow && migrate) {
      throw AuthException.badRequest(
          "cannot specify both disallow_reauthentication=true and allow_instance_migration=true");
    }
    List<String> policies = data.containsKey("token_policies") ? Fields.list(data, "token_policies")
        : Fields.list(data, "policies");
    return new AwsRole(name, authType, boundArns, ec2, disallow, migrate, policies,
        first(Fields.duration(data, "token_ttl"), Fields.duration(data, "ttl")),
        first(Fields.duration(data, "token_max_ttl"), Fields.duration(data, "max_ttl")),
        first(Fields.duration(data, "token_period"), Fields.duration(data, "period")));
  }

  /** What a read of the role answers. */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allow_instance_migration", allowInstanceMigration);
    out.put("auth_type", authType);
    ec2.describeInto(out);
    out.put("bound_iam_principal_arn", boundIamPrincipalArns);
    out.put("disallow_reauthentication", disallowReauthentication);
    out.put("policies", policies);
    new TokenFields(policies, ttl, maxTtl, period).describeInto(out);
    return out;
  }

  private static Duration first(Duration a, Duration b) {
    return a.isZero() ? b : a;
  }
}
