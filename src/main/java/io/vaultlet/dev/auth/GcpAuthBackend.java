package io.vaultlet.dev.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.dev.cloud.GcpCloud;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auth/gcp}: {@code config}, {@code role/<name>} (LIST {@code role/}, {@code roles/}) and {@code login}, as
 * {@code vault-plugin-auth-gcp}. Logins are checked by {@link GcpLogin} against the emulator's {@link GcpCloud} (the
 * stand-in under {@code /_gcp/}), where Vault would call Google with the configured credentials, so
 * {@code config} is accepted and shown but its credentials are never used.
 */
final class GcpAuthBackend extends CloudAuthBackend<GcpRole> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> GCE_METADATA = List.of("instance_creation_timestamp", "instance_id",
      "instance_name", "project_id", "project_number", "role", "service_account_id", "service_account_email", "zone");
  private static final List<String> IAM_METADATA = List.of("project_id", "role", "service_account_id",
      "service_account_email");

  private final GcpCloud cloud;
  private final GcpLogin logins;
  private volatile Map<String, Object> config = Map.of();

  GcpAuthBackend(MountContext mount, GcpCloud cloud) {
    super(new RoleTable<>("role/", (name, req) -> GcpRole.parse(req), GcpRole::describe));
    this.cloud = cloud;
    this.logins = new GcpLogin(cloud, mount.clock());
  }

  @Override
  DevResponse login(DevRequest req) {
    GcpLogin.Outcome o = logins.login(req.data(), roles::get);
    TokenFields token = o.role().token();
    String displayName = o.gce() != null && o.role().type().equals("gce") ? GcpLogin.str(o.gce().get("instance_name"))
        : o.account().email();
    String aliasType = String.valueOf(config.getOrDefault(o.role().type() + "_alias", "role_id"));
    String alias = switch (aliasType) {
      case "unique_id" -> o.account().uniqueId();
      case "instance_id" -> o.gce() == null ? o.role().roleId() : GcpLogin.str(o.gce().get("instance_id"));
      default -> o.role().roleId();
    };
    String roleName = o.roleName();
    String account = o.account().email();
    return Logins.answer(new LoginResult(displayName, token.policies(), GcpLogin.metadata(o), token.ttl(),
        token.maxTtl(), token.period(), 0, alias), () -> renewal(roleName, account));
  }

  /** Vault's {@code pathLoginRenew}: the role must still exist and still allow the service account. */
  private TtlLimits renewal(String roleName, String account) {
    GcpRole role = roles.get(roleName);
    if (role == null) {
      throw DevException.badRequest("role " + GoText.quoted(roleName) + " no longer exists");
    }
    if (role.type().equals("iam")) {
      GcpCloud.ServiceAccount sa = cloud.serviceAccount(account).orElseThrow(() ->
          DevException.badRequest("cannot find service account " + account));
      if (GcpLogin.authorizeIam(sa, role) != null) {
        throw DevException.badRequest("service account is no longer authorized for role " + roleName);
      }
    }
    return role.token().limits();
  }

  @Override
  DevResponse readConfig() {
    return DevResponse.of(configView());
  }

  @Override
  void writeConfig(DevRequest req) {
    config = parseConfig(req);
  }

  @Override
  void deleteConfig() {
    config = Map.of();
  }

  private static Map<String, Object> parseConfig(DevRequest req) {
    Map<String, Object> c = new LinkedHashMap<>();
    String credentials = req.string("credentials", "");
    if (!credentials.isEmpty()) {
      Redactor.register(credentials);
      try {
        Map<String, Object> parsed = JSON.readValue(credentials, new TypeReference<LinkedHashMap<String, Object>>() {});
        if (parsed.get("private_key") != null) {
          Redactor.register(parsed.get("private_key").toString());
        }
        for (String k : List.of("client_email", "client_id", "private_key_id", "project_id")) {
          if (parsed.get(k) != null && !parsed.get(k).toString().isEmpty()) {
            c.put(k, parsed.get(k).toString());
          }
        }
      } catch (IOException e) {
        throw DevException.badRequest("error reading google credentials from given JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
    }
    String iamAlias = req.string("iam_alias", "role_id");
    if (!List.of("role_id", "unique_id").contains(iamAlias)) {
      throw DevException.badRequest("invalid iam alias type: must be one of: role_id, unique_id");
    }
    String gceAlias = req.string("gce_alias", "role_id");
    if (!List.of("role_id", "instance_id").contains(gceAlias)) {
      throw DevException.badRequest("invalid gce alias type: must be one of: instance_id, role_id");
    }
    c.put("iam_alias", iamAlias);
    c.put("gce_alias", gceAlias);
    if (req.map("custom_endpoint") != null) {
      c.put("custom_endpoint", Map.copyOf(req.map("custom_endpoint")));
    }
    if (req.has("service_account_email")) {
      c.put("service_account_email", req.string("service_account_email"));
    }
    return c;
  }

  private Map<String, Object> configView() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gce_metadata", GCE_METADATA);
    out.put("iam_metadata", IAM_METADATA);
    out.put("iam_alias", config.getOrDefault("iam_alias", "role_id"));
    out.put("gce_alias", config.getOrDefault("gce_alias", "role_id"));
    config.forEach((k, v) -> {
      if (!out.containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
