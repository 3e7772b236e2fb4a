package io.vaultlet.auth;

import io.vaultlet.config.AwsAccessKeyConfig;
import io.vaultlet.config.ConfigException;
import io.vaultlet.config.FreeformMap;
import io.vaultlet.config.MethodConfig;
import io.vaultlet.config.Problem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds an {@link AuthMethod} from {@code auto_auth.method}. Errors here are fatal at startup whatever
 * {@code exit_on_err} says, as Vault's "Error creating … auth method" (vault-agent.md §2.3).
 */
public final class AuthMethods {

  private AuthMethods() {}

  public static AuthMethod create(MethodConfig m) throws ConfigException {
    return create(m, Clock.systemUTC());
  }

  /** As {@link #create(MethodConfig)}; {@code clock} dates AWS signatures (the scheduler's clock). */
  public static AuthMethod create(MethodConfig m, Clock clock) throws ConfigException {
    return create(m, clock, System.getenv());
  }

  /**
   * As {@link #create(MethodConfig, Clock)}, with the process environment the cloud methods read (endpoints and
   * credentials: {@code GCE_METADATA_HOST}, {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code IMDS_ENDPOINT}, …).
   */
  static AuthMethod create(MethodConfig m, Clock clock, Map<String, String> env) throws ConfigException {
    FreeformMap c = m.config();
    String mount = m.mountPath();
    switch (m.type()) {
      case "approle": {
        String roleIdFile = c.requireString("role_id_file_path");
        Optional<Path> secretIdFile = c.string("secret_id_file_path").filter(s -> !s.isEmpty()).map(Path::of);
        return new AppRoleMethod(mount, Path.of(roleIdFile), secretIdFile,
            c.bool("remove_secret_id_file_after_reading").orElse(true),
            c.string("secret_id_response_wrapping_path").filter(s -> !s.isEmpty()));
      }
      case "kubernetes":
        return new KubernetesMethod(mount, c.requireString("role"),
            Path.of(c.string("token_path").filter(s -> !s.isEmpty()).orElse(KubernetesMethod.DEFAULT_TOKEN_PATH)));
      case "jwt": {
        boolean remove = c.bool("remove_jwt_after_reading").orElse(true);
        Duration period = c.duration("jwt_read_period")
            .orElse(remove ? Duration.ofMillis(500) : Duration.ofMinutes(1));
        return new JwtMethod(mount, c.requireString("role"), Path.of(c.requireString("path")), remove,
            c.bool("remove_jwt_follows_symlinks").orElse(false), period);
      }
      case "token_file":
        return new TokenFileMethod(Path.of(c.requireString("token_file_path")));
      case "cert":
        return new CertMethod(mount, c.string("name"), c.string("ca_cert").map(Path::of),
            c.string("client_cert").map(Path::of), c.string("client_key").map(Path::of),
            c.bool("reload").orElse(false));
      case "aws":
        return aws(m, c, clock);
      case "gcp":
        return CloudMethods.gcp(m, c, clock, env);
      case "azure":
        return CloudMethods.azure(m, c, clock, env);
      default:
        throw new ConfigException(new Problem(m.position(), "error creating " + m.type() + " auth method: unknown "
            + "auth method (vaultlet supports aws, azure, gcp, approle, kubernetes, jwt, token_file, cert)"));
    }
  }

  private static AuthMethod aws(MethodConfig m, FreeformMap c, Clock clock) throws ConfigException {
    String type = c.string("type").orElse("");
    String role = c.requireString("role");
    if (type.equals("ec2")) {
      String nonce = c.string("nonce").filter(s -> !s.isEmpty()).orElseGet(() -> UUID.randomUUID().toString());
      return new AwsEc2Method(m.mountPath(), role, nonce, new Imds());
    }
    if (!type.equals("iam")) {
      throw new ConfigException(new Problem(c.positionOf("type"), "'type' value is invalid: expected \"iam\" or "
          + "\"ec2\" in " + c.name()));
    }
    String region = c.string("region").filter(s -> !s.isEmpty()).orElse(AwsAccessKeyConfig.DEFAULT_REGION);
    long poll = c.integer("credential_poll_interval").orElse(60L);
    if (poll <= 0) {
      throw new ConfigException(new Problem(c.positionOf("credential_poll_interval"),
          "could not convert 'credential_poll_interval' into positive int"));
    }
    String accessKey = c.string("access_key").orElse("");
    String secretKey = c.string("secret_key").orElse("");
    String sessionToken = c.string("session_token").orElse("");
    AwsCredentialsProvider provider;
    boolean isStatic = !accessKey.isEmpty() && !secretKey.isEmpty();
    if (isStatic) {
      provider = StaticCredentialsProvider.create(sessionToken.isEmpty()
          ? AwsBasicCredentials.create(accessKey, secretKey)
          : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
    } else {
      provider = DefaultCredentialsProvider.builder().build();
    }
    AwsIamMethod method = new AwsIamMethod(m.mountPath(), role, region, c.string("header_value").orElse(""),
        provider, Duration.ofSeconds(poll), clock);
    if (!isStatic) {
      try {
        method.probe();
      } catch (AuthException e) {
        throw new ConfigException(new Problem(m.position(), "error creating aws auth method: " + e.getMessage()
            + " (set AWS credentials in the environment, a profile, IRSA, the ECS or EC2 role, or access_key and"
            + " secret_key)"));
      }
    }
    return method;
  }
}
