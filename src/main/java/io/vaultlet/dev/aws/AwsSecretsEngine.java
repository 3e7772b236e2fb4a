package io.vaultlet.dev.aws;

import io.vaultlet.dev.iam.IamStandIn;
import io.vaultlet.support.Redactor;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of an {@code aws/} secrets mount without AWS: roles, and credentials that look like AWS's (access key ids
 * {@code AKIA…}/{@code ASIA…} of 20 characters, 40-character secrets, a session token for STS types). Issued keys are
 * remembered until their lease is revoked. User errors throw {@link IllegalArgumentException} with Vault's text.
 *
 * <p>With the emulator's IAM stand-in ({@link IamStandIn}) the credentials are real there, as Vault's are in AWS:
 * {@code iam_user} makes an IAM user ({@code vault-<display>-<role>-<unix>-<random>}, Vault's default username
 * template) with one access key, subject to the propagation delay, and revocation deletes the user; STS types are
 * temporary keys that work at once and until their TTL ends (revoking their lease cannot end them, as in AWS). So
 * credentials rendered from {@code aws/creds/…} pass (or, while propagating, fail) an STS {@code GetCallerIdentity}.
 */
final class AwsSecretsEngine {

  static final List<String> CREDENTIAL_TYPES = List.of("iam_user", "assumed_role", "federation_token", "session_token");
  static final Duration DEFAULT_STS_TTL = Duration.ofHours(1);
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final SecureRandom random = new SecureRandom();
  private final IamStandIn iam;
  private final Map<String, String> usersByKey = new ConcurrentHashMap<>();
  private final Map<String, AwsRole> roles = new ConcurrentHashMap<>();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private volatile Map<String, Object> rootConfig = Map.of();
  private volatile Duration lease = Duration.ZERO;
  private volatile Duration leaseMax = Duration.ZERO;

  AwsSecretsEngine() {
    this(null);
  }

  AwsSecretsEngine(IamStandIn iam) {
    this.iam = iam;
  }

  /** {@code aws/roles/<name>}. */
  public record AwsRole(String name, String credentialType, List<String> roleArns, List<String> policyArns,
      String policyDocument, List<String> iamGroups, Duration defaultStsTtl, Duration maxStsTtl) {
    public AwsRole {
      roleArns = List.copyOf(roleArns);
      policyArns = List.copyOf(policyArns);
      iamGroups = List.copyOf(iamGroups);
    }

    boolean sts() {
      return !"iam_user".equals(credentialType);
    }

    Map<String, Object> toResponse() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("credential_type", credentialType);
      out.put("default_sts_ttl", defaultStsTtl.toSeconds());
      out.put("iam_groups", iamGroups);
      out.put("max_sts_ttl", maxStsTtl.toSeconds());
      out.put("policy_arns", policyArns);
      out.put("policy_document", policyDocument);
      out.put("role_arns", roleArns);
      return out;
    }
  }

  /** Credentials handed out: the response data and the lease terms. */
  public record Issued(String role, String accessKey, Map<String, Object> data, boolean renewable, Duration ttl,
      Duration maxTtl) {}

  // ---- config ---------------------------------------------------------------------------------------------------

  /** {@code aws/config/root}: kept for reads (secret key never returned); the emulator never calls AWS. */
  public void writeRootConfig(String accessKey, String secretKey, String region, String iamEndpoint,
      String stsEndpoint) {
    Redactor.register(secretKey);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("access_key", accessKey);
    view.put("iam_endpoint", iamEndpoint);
    view.put("max_retries", -1);
    view.put("region", region);
    view.put("sts_endpoint", stsEndpoint);
    rootConfig = view;
  }

  public Map<String, Object> readRootConfig() {
    return rootConfig.isEmpty() ? null : rootConfig;
  }

  /** {@code aws/config/lease}: TTLs of {@code iam_user} credentials. */
  public void writeLeaseConfig(Duration lease, Duration leaseMax) {
    this.lease = lease;
    this.leaseMax = leaseMax;
  }

  public Map<String, Object> readLeaseConfig() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lease", io.vaultlet.dev.GoDuration.goString(lease));
    out.put("lease_max", io.vaultlet.dev.GoDuration.goString(leaseMax));
    return out;
  }

  // ---- roles ----------------------------------------------------------------------------------------------------

  public void writeRole(AwsRole role) {
    if (!CREDENTIAL_TYPES.contains(role.credentialType())) {
      throw new IllegalArgumentException("unrecognized credential_type: " + role.credentialType());
    }
    if ("assumed_role".equals(role.credentialType()) && role.roleArns().isEmpty()) {
      throw new IllegalArgumentException("role_arns cannot be empty when credential_type is assumed_role");
    }
    roles.put(role.name(), role);
  }

  public Map<String, Object> readRole(String name) {
    AwsRole r = roles.get(name);
    return r == null ? null : r.toResponse();
  }

  public void deleteRole(String name) {
    roles.remove(name);
  }

  public List<String> listRoles() {
    return roles.keySet().stream().sorted().toList();
  }

  // ---- creds ----------------------------------------------------------------------------------------------------

  /** {@code aws/creds/<role>} or {@code aws/sts/<role>}. */
  public Issued issue(String roleName, String roleArn, Duration requestedTtl, String displayName, Instant now) {
    AwsRole role = roles.get(roleName);
    if (role == null) {
      throw new IllegalArgumentException("Role \"" + roleName + "\" not found");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    if (!role.sts()) {
      if (!requestedTtl.isZero()) {
        throw new IllegalArgumentException("user credential type does not support TTLs");
      }
      String accessKey;
      String secretKey;
      if (iam != null) {
        String user = iamUserName(displayName, roleName, now);
        IamStandIn.AccessKey k = iam.createUserWithKey(user);
        accessKey = k.accessKeyId();
        secretKey = k.secretAccessKey();
        usersByKey.put(accessKey, user);
      } else {
        accessKey = "AKIA" + randomFrom(KEY_ALPHABET, 16);
        secretKey = secret();
      }
      data.put("access_key", accessKey);
      data.put("secret_key", secretKey);
      data.put("security_token", null);
      Issued out = new Issued(roleName, accessKey, data, true, lease, leaseMax);
      issued.put(accessKey, out);
      return out;
    }
    String arn = chooseArn(role, roleArn);
    Duration ttl = requestedTtl.isZero() ? (role.defaultStsTtl().isZero() ? DEFAULT_STS_TTL : role.defaultStsTtl())
        : requestedTtl;
    if (!role.maxStsTtl().isZero() && ttl.compareTo(role.maxStsTtl()) > 0) {
      ttl = role.maxStsTtl();
    }
    String callerArn = null;
    if (arn != null) {
      String roleNameInArn = arn.substring(arn.lastIndexOf('/') + 1);
      String account = arn.split(":").length > 4 ? arn.split(":")[4] : "000000000000";
      callerArn = "arn:aws:sts::" + account + ":assumed-role/" + roleNameInArn + "/vault-" + displayName + "-"
          + now.getEpochSecond();
    }
    String accessKey;
    String secretKey;
    String token;
    if (iam != null) {
      String who = callerArn != null ? callerArn : "arn:aws:sts::" + IamStandIn.ACCOUNT_ID + ":federated-user/vault-"
          + displayName;
      IamStandIn.Temporary t = iam.issueTemporary(who, ttl);
      accessKey = t.accessKeyId();
      secretKey = t.secretAccessKey();
      token = t.sessionToken();
    } else {
      accessKey = "ASIA" + randomFrom(KEY_ALPHABET, 16);
      secretKey = secret();
      token = sessionToken();
    }
    data.put("access_key", accessKey);
    if (callerArn != null) {
      data.put("arn", callerArn);
    }
    data.put("secret_key", secretKey);
    data.put("security_token", token);
    data.put("ttl", ttl.toSeconds());
    Issued out = new Issued(roleName, accessKey, data, false, ttl, ttl);
    issued.put(accessKey, out);
    return out;
  }

  private static String chooseArn(AwsRole role, String requested) {
    if (!"assumed_role".equals(role.credentialType())) {
      return null;
    }
    if (requested != null && !requested.isEmpty()) {
      if (!role.roleArns().contains(requested)) {
        throw new IllegalArgumentException("role_arn \"" + requested + "\" not in allowed role arns for Vault role \""
            + role.name() + "\"");
      }
      return requested;
    }
    if (role.roleArns().size() > 1) {
      throw new IllegalArgumentException("Vault role \"" + role.name() + "\" allows multiple role ARNs; "
          + "please specify role_arn");
    }
    return role.roleArns().get(0);
  }

  /** Lease revocation: the IAM user (and its keys) is gone; STS credentials cannot be revoked, only forgotten. */
  public void revoke(String accessKey) {
    issued.remove(accessKey);
    String user = usersByKey.remove(accessKey);
    if (user != null && iam != null) {
      iam.deleteUser(user);
    }
  }

  /** Vault's default {@code username_template}: {@code vault-<display>-<role>-<unix>-<random 20>}, at most 64 chars. */
  private String iamUserName(String displayName, String roleName, Instant now) {
    String name = ("vault-" + displayName + "-" + roleName + "-" + now.getEpochSecond() + "-"
        + randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20))
        .replaceAll("[^\\w+=,.@-]", "-");
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** Whether {@code accessKey} was issued and not revoked (tests, and a future fake AWS). */
  public boolean isLive(String accessKey) {
    return issued.containsKey(accessKey);
  }

  public boolean roleIsSts(String roleName) {
    AwsRole r = roles.get(roleName);
    return r != null && r.sts();
  }

  private String secret() {
    String s = randomFrom(SECRET_ALPHABET, 40);
    Redactor.register(s);
    return s;
  }

  private String sessionToken() {
    byte[] raw = new byte[264];
    random.nextBytes(raw);
    String token = "FwoGZXIvYXdzE" + Base64.getEncoder().encodeToString(raw);
    Redactor.register(token);
    return token;
  }

  private String randomFrom(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
