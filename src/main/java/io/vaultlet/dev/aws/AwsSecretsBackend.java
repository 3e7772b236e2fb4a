package io.vaultlet.dev.aws;

import io.vaultlet.dev.Backend;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.LeaseSpec;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import io.vaultlet.dev.TtlLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code aws} secrets engine as the emulator mounts it. Paths: {@code config/root}, {@code config/lease},
 * {@code roles/<name>}, {@code creds/<role>} (GET or POST), {@code sts/<role>}. {@code iam_user} credentials get a
 * renewable lease ({@code config/lease}); STS types a non-renewable one lasting the STS TTL. Revoking forgets the keys.
 */
final class AwsSecretsBackend implements Backend {

  private final AwsSecretsEngine engine;

  AwsSecretsBackend(MountContext mount) {
    this.engine = new AwsSecretsEngine(mount.iam());
  }

  public static AwsSecretsBackend create(MountContext mount) {
    return new AwsSecretsBackend(mount);
  }

  @Override
  public DevResponse handle(DevRequest req) {
    try {
      return route(req);
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(e.getMessage());
    }
  }

  private DevResponse route(DevRequest req) {
    String path = req.path();
    switch (path) {
      case "config/root":
        if (req.operation().isWrite()) {
          engine.writeRootConfig(req.string("access_key", ""), req.string("secret_key", ""),
              req.string("region", "us-east-1"), req.string("iam_endpoint", ""), req.string("sts_endpoint", ""));
          return DevResponse.noContent();
        }
        Map<String, Object> root = engine.readRootConfig();
        return root == null ? null : DevResponse.of(root);
      case "config/lease":
        if (req.operation().isWrite()) {
          engine.writeLeaseConfig(req.duration("lease"), req.duration("lease_max"));
          return DevResponse.noContent();
        }
        return DevResponse.of(engine.readLeaseConfig());
      case "roles/": case "roles":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(engine.listRoles());
      default:
        break;
    }
    String[] parts = path.split("/", 2);
    if (parts.length < 2 || parts[1].isEmpty() || parts[1].contains("/")) {
      throw DevException.unsupportedPath();
    }
    switch (parts[0]) {
      case "roles":
        return role(req, parts[1]);
      case "creds":
        Routes.only(req, Operation.READ, Operation.CREATE, Operation.UPDATE);
        return creds(req, parts[1]);
      case "sts":
        Routes.only(req, Operation.READ, Operation.CREATE, Operation.UPDATE);
        if (!engine.roleIsSts(parts[1]) && engine.readRole(parts[1]) != null) {
          throw DevException.badRequest("Can't generate STS credentials for a managed policy role");
        }
        return creds(req, parts[1]);
      default:
        throw DevException.unsupportedPath();
    }
  }

  private DevResponse role(DevRequest req, String name) {
    return Routes.entry(req, name, engine::readRole, this::writeRole, engine::deleteRole);
  }

  private void writeRole(String name, DevRequest req) {
    engine.writeRole(new AwsSecretsEngine.AwsRole(name, req.string("credential_type", "iam_user"),
        req.strings("role_arns"), req.strings("policy_arns"), req.string("policy_document", ""),
        req.strings("iam_groups"), req.duration("default_sts_ttl"), req.duration("max_sts_ttl")));
  }

  private DevResponse creds(DevRequest req, String roleName) {
    String display = req.token() == null ? "token" : req.token().displayName();
    AwsSecretsEngine.Issued issued = engine.issue(roleName, req.string("role_arn", ""), req.duration("ttl"), display,
        req.now());
    Map<String, Object> data = new LinkedHashMap<>(issued.data());
    String accessKey = issued.accessKey();
    LeaseSpec lease = LeaseSpec.of(issued.ttl(), issued.maxTtl())
        .renewable(issued.renewable())
        .internal("access_key", accessKey)
        .internal("is_sts", !issued.renewable())
        .onRevoke(l -> engine.revoke(accessKey));
    if (issued.renewable()) {
      lease.onRenew(l -> TtlLimits.of(issued.ttl(), issued.maxTtl()));
    }
    return DevResponse.of(data).withLease(lease);
  }

  AwsSecretsEngine engine() {
    return engine;
  }
}
