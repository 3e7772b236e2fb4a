package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.dev.cloud.AzureCloud;
import io.vaultlet.support.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code auth/azure}: {@code config}, {@code role/<name>} (LIST {@code role/}, {@code roles/}) and {@code login}, as
 * {@code vault-plugin-auth-azure}. Logins are checked by {@link AzureLogin} against the emulator's {@link AzureCloud}
 * (the stand-in under {@code /_azure/}): {@code config.tenant_id} must be its tenant and {@code config.resource}
 * the audience the agent asked IMDS for. The client id and secret are stored (the secret write-only) and not used.
 */
final class AzureAuthBackend extends CloudAuthBackend<AzureRole> {

  private final AzureLogin logins;
  private volatile Map<String, Object> config;

  AzureAuthBackend(MountContext mount, AzureCloud cloud) {
    super(new RoleTable<>("role/", (name, req) -> AzureRole.parse(req), AzureRole::describe));
    this.logins = new AzureLogin(cloud, mount.clock());
  }

  @Override
  DevResponse login(DevRequest req) {
    String jwt = req.string("jwt", "");
    if (jwt.isEmpty()) {
      throw DevException.badRequest("jwt is required");
    }
    String roleName = req.string("role", "");
    if (roleName.isEmpty()) {
      throw DevException.badRequest("role is required");
    }
    AzureRole role = roles.get(roleName);
    if (role == null) {
      throw DevException.badRequest("invalid role name " + GoText.quoted(roleName));
    }
    AzureLogin.Fields f = new AzureLogin.Fields(req.string("subscription_id", ""),
        req.string("resource_group_name", ""), req.string("vm_name", ""), req.string("vmss_name", ""),
        req.string("resource_id", ""));
    AzureLogin.checkSyntax(f);
    Map<String, Object> c = config == null ? Map.of() : config;
    AzureLogin.Outcome o = logins.login(jwt, role, f, AzureLogin.str(c.get("tenant_id")),
        AzureLogin.str(c.get("resource")));
    TokenFields token = role.token();
    Map<String, String> metadata = AzureLogin.metadata(roleName, f, o.appId());
    return Logins.answer(new LoginResult(o.objectId(), token.policies(), metadata, token.ttl(), token.maxTtl(),
        token.period(), 0, o.objectId()), () -> renewal(roleName));
  }

  /** Vault's {@code pathLoginRenew}: the role must still exist; its token fields apply. */
  private TtlLimits renewal(String roleName) {
    AzureRole role = roles.get(roleName);
    if (role == null) {
      throw DevException.internal("role " + roleName + " does not exist during renewal");
    }
    return role.token().limits();
  }

  @Override
  DevResponse readConfig() {
    Map<String, Object> c = config;
    return c == null ? null : DevResponse.of(view(c));
  }

  @Override
  void writeConfig(DevRequest req) {
    Map<String, Object> c = new LinkedHashMap<>(config == null ? Map.of() : config);
    for (String k : new String[] {"tenant_id", "resource", "environment", "client_id", "client_secret"}) {
      if (req.has(k)) {
        c.put(k, req.string(k));
      }
    }
    if (c.get("client_secret") != null) {
      Redactor.register(c.get("client_secret").toString());
    }
    config = c;
  }

  @Override
  void deleteConfig() {
    config = null;
  }

  private static Map<String, Object> view(Map<String, Object> c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant_id", c.getOrDefault("tenant_id", ""));
    out.put("resource", c.getOrDefault("resource", ""));
    out.put("environment", c.getOrDefault("environment", ""));
    out.put("client_id", c.getOrDefault("client_id", ""));
    out.put("root_password_ttl", 15768000);
    out.put("retry_delay", 4);
    out.put("max_retry_delay", 60);
    out.put("max_retries", 3);
    return out;
  }
}
