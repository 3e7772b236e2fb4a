package io.vaultlet.auth;

import io.vaultlet.config.ConfigException;
import io.vaultlet.config.FreeformMap;
import io.vaultlet.config.HttpUrl;
import io.vaultlet.config.MethodConfig;
import io.vaultlet.config.Problem;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code gcp} and {@code azure} methods from their {@code config} keys, with Vault's rules
 * ({@code agentproxyshared/auth/gcp} and {@code …/azure}): what is required, what may not be combined, defaults.
 */
final class CloudMethods {

  private CloudMethods() {}

  static AuthMethod gcp(MethodConfig m, FreeformMap c, Clock clock, Map<String, String> env) throws ConfigException {
    String type = required(m, c, "type");
    String role = required(m, c, "role");
    if (!type.equals("gce") && !type.equals("iam")) {
      throw error(m, c.positionOf("type"), "'type' value is invalid (expected \"gce\" or \"iam\")");
    }
    Optional<String> sa = c.string("service_account");
    if (type.equals("gce")) {
      return new GcpGceMethod(m.mountPath(), role, sa.filter(s -> !s.isEmpty()).orElse("default"), env);
    }
    long minutes = c.integer("jwt_exp").orElse(0L);
    if (minutes < 0) {
      throw error(m, c.positionOf("jwt_exp"), "'jwt_exp' must be a positive number of minutes");
    }
    String credentials = c.string("credentials").orElse("");
    if (!credentials.isEmpty()) {
      try {
        GoogleCredentials.fromJson(GoogleCredentials.configuredJson(credentials), "the method's credentials", clock);
      } catch (IOException e) {
        throw error(m, c.positionOf("credentials"), "'credentials': " + e.getMessage());
      }
    }
    // Vault's default "default" means the credentials' own account: the IAM API knows no account of that name.
    String account = sa.filter(s -> !s.isEmpty() && !s.equals("default")).orElse("");
    return new GcpIamMethod(m.mountPath(), role, credentials, account,
        minutes == 0 ? GcpIamMethod.DEFAULT_JWT_EXP : Duration.ofMinutes(minutes),
        endpoint(m, c, "iam_credentials_endpoint", GcpIamMethod.IAM_CREDENTIALS), env, clock);
  }

  static AuthMethod azure(MethodConfig m, FreeformMap c, Clock clock, Map<String, String> env)
      throws ConfigException {
    String role = required(m, c, "role");
    String resource = required(m, c, "resource");
    String objectId = c.string("object_id").orElse("");
    String clientId = c.string("client_id").orElse("");
    if (!objectId.isEmpty() && !clientId.isEmpty()) {
      throw error(m, c.positionOf("client_id"), "only one of 'object_id' or 'client_id' may be provided");
    }
    String scope = c.string("scope").filter(s -> !s.isEmpty()).orElse(resource + "/.default");
    boolean fromEnvironment = c.bool("authenticate_from_environment").orElse(false);
    AzureMethod method = new AzureMethod(m.mountPath(), role, resource, objectId, clientId, scope, fromEnvironment,
        env, clock);
    try {
      method.check();
    } catch (AuthException e) {
      throw error(m, c.positionOf("authenticate_from_environment"), e.getMessage());
    }
    return method;
  }

  private static String required(MethodConfig m, FreeformMap c, String key) throws ConfigException {
    if (!c.contains(key)) {
      throw error(m, c.position(), "missing '" + key + "' value");
    }
    String v = c.string(key).orElse("");
    if (v.isEmpty()) {
      throw error(m, c.positionOf(key), "'" + key + "' value is empty");
    }
    return v;
  }

  private static URI endpoint(MethodConfig m, FreeformMap c, String key, String fallback) throws ConfigException {
    String v = c.string(key).filter(s -> !s.isEmpty()).orElse(fallback);
    return HttpUrl.parse(v).orElseThrow(() -> error(m, c.positionOf(key), "'" + key + "' " + HttpUrl.MUST));
  }

  private static ConfigException error(MethodConfig m, io.vaultlet.config.hcl.Position at, String message) {
    return new ConfigException(new Problem(at, "error creating " + m.type() + " auth method: " + message));
  }
}
