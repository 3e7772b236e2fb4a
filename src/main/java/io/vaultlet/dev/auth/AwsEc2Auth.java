package io.vaultlet.dev.auth;

import io.vaultlet.dev.Fields;
import io.vaultlet.support.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code auth/aws} with {@code auth_type=ec2}: the instance identity document, signed by AWS, proves which instance
 * logs in ({@link Ec2IdentityVerifier} checks the signature; the emulator ships none of AWS's certificates, tests
 * register their own). Then, as Vault's {@code pathLoginUpdateEc2}: the role and its bindings ({@link Ec2Bindings}).
 * Where Vault asks EC2 for the instance description ({@code DescribeInstances}), the emulator uses the instances
 * registered with {@code _dev/instances}, or else a running instance described by its document alone. Repeat logins
 * follow Vault's identity access list: the nonce of the first login, a {@code pendingTime} that never goes back,
 * {@code disallow_reauthentication} and {@code allow_instance_migration}.
 */
final class AwsEc2Auth {

  /** The nonce Vault stores when the client sent an empty one: re-authentication is off for that instance. */
  static final String REAUTHENTICATION_DISABLED_NONCE = "reauthentication-disabled-nonce";
  private static final Duration SYSTEM_MAX_TTL = Duration.ofDays(32);

  private final Clock clock;
  private final Function<String, AwsRole> roles;
  private final Ec2IdentityVerifier verifier = new Ec2IdentityVerifier();
  private final Map<String, DevInstance> instances = new ConcurrentHashMap<>();
  private final Map<String, AccessListEntry> accessList = new ConcurrentHashMap<>();

  /** The emulator's stand-in for {@code DescribeInstances}: what EC2 would say about an instance. */
  record DevInstance(String instanceId, String state, String imageId, String subnetId, String vpcId,
      String iamInstanceProfileArn, String iamRoleArn) {}

  /** Vault's identity access list entry, one per instance ID. */
  record AccessListEntry(String role, String clientNonce, Instant creationTime, boolean disallowReauthentication,
      String pendingTime, Instant lastUpdatedTime, Instant expirationTime) {}

  AwsEc2Auth(Clock clock, Function<String, AwsRole> roles) {
    this.clock = clock;
    this.roles = roles;
  }

  /** {@code config/certificate/<name>} and the signature checks. */
  Ec2IdentityVerifier verifier() {
    return verifier;
  }

  // ---- _dev/instances and identity-accesslist ---------------------------------------------------------------------

  void registerInstance(DevInstance instance) {
    instances.put(instance.instanceId(), instance);
  }

  Map<String, Object> readAccessListEntry(String instanceId) {
    AccessListEntry e = accessList.get(instanceId);
    if (e == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("creation_time", e.creationTime().toString());
    out.put("disallow_reauthentication", e.disallowReauthentication());
    out.put("expiration_time", e.expirationTime().toString());
    out.put("last_updated_time", e.lastUpdatedTime().toString());
    out.put("pending_time", e.pendingTime());
    out.put("role", e.role());
    return out;
  }

  void deleteAccessListEntry(String instanceId) {
    accessList.remove(instanceId);
  }

  List<String> listAccessList() {
    return accessList.keySet().stream().sorted().toList();
  }

  // ---- login ------------------------------------------------------------------------------------------------------

  /** {@code auth/aws/login} with the EC2 fields (the caller has checked that no {@code iam_*} field is present). */
  LoginResult login(Map<String, Object> data) {
    Ec2IdentityVerifier.IdentityDocument doc = verifier.verifiedDocument(data);
    String roleName = Fields.string(data, "role").isEmpty() ? nullToEmpty(doc.imageId()) : Fields.string(data, "role");
    AwsRole role = roles.apply(roleName);
    if (role == null) {
      throw AuthException.badRequest("entry for role \"" + roleName + "\" not found");
    }
    if (!"ec2".equals(role.authType())) {
      throw AuthException.badRequest("auth method ec2 not allowed for role " + roleName);
    }
    DevInstance instance = describeInstance(doc);
    AwsRole.Ec2Bounds b = role.ec2();
    if (!b.regions().isEmpty() && !b.regions().contains(doc.region())) {
      throw AuthException.badRequest("Region \"" + doc.region() + "\" does not satisfy the constraint on role \""
          + roleName + "\"");
    }
    Ec2Bindings.check(b, instance, doc, roleName);
    return admit(data, doc, role, roleName);
  }

  /** The nonce and access-list rules, then the token. */
  private synchronized LoginResult admit(Map<String, Object> data, Ec2IdentityVerifier.IdentityDocument doc,
      AwsRole role, String roleName) {
    AccessListEntry stored = accessList.get(doc.instanceId());
    boolean disallow = role.disallowReauthentication();
    boolean nonceSupplied = data.containsKey("nonce") && data.get("nonce") != null;
    String nonce = nonceSupplied ? Fields.string(data, "nonce") : "";
    if (nonceSupplied && nonce.isEmpty()) {
      nonce = REAUTHENTICATION_DISABLED_NONCE;
      disallow = true;
    }
    if (stored != null) {
      validateRepeatLogin(nonce, doc.pendingTime(), stored, role);
      disallow = disallow || stored.disallowReauthentication();
    }
    if (!nonceSupplied) {
      nonce = UUID.randomUUID().toString();
    }
    Instant now = clock.instant();
    Duration longestMaxTtl = role.maxTtl().compareTo(SYSTEM_MAX_TTL) > 0 ? role.maxTtl() : SYSTEM_MAX_TTL;
    String storedNonce = disallow ? "" : stored == null ? nonce : stored.clientNonce();
    if (nonce.length() > 128 && !disallow) {
      throw AuthException.badRequest("client nonce exceeding the limit of 128 characters");
    }
    accessList.put(doc.instanceId(), new AccessListEntry(stored == null ? roleName : stored.role(), storedNonce,
        stored == null ? now : stored.creationTime(), disallow, nullToEmpty(doc.pendingTime()), now,
        now.plus(longestMaxTtl)));
    Redactor.register(nonce);

    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("account_id", nullToEmpty(doc.accountId()));
    metadata.put("ami_id", nullToEmpty(doc.imageId()));
    metadata.put("auth_type", "ec2");
    metadata.put("instance_id", doc.instanceId());
    metadata.put("region", nullToEmpty(doc.region()));
    metadata.put("role", roleName);
    metadata.put("role_tag_max_ttl", "0s");
    if (!disallow && !nonceSupplied) {
      metadata.put("nonce", nonce);
    }
    return new LoginResult(doc.instanceId(), role.policies(), metadata, role.ttl(), role.maxTtl(), role.period(), 0,
        doc.instanceId());
  }

  /** Vault's {@code validateMetadata}: what a second login from the same instance must satisfy. */
  private static void validateRepeatLogin(String nonce, String pendingTime, AccessListEntry stored, AwsRole role) {
    if (!stored.disallowReauthentication() && stored.clientNonce().isEmpty()) {
      throw AuthException.badRequest("client nonce missing in stored identity");
    }
    if (stored.disallowReauthentication() || constantTimeEquals(REAUTHENTICATION_DISABLED_NONCE, nonce)) {
      throw AuthException.badRequest("reauthentication is disabled");
    }
    Instant given = rfc3339(pendingTime);
    Instant previous = rfc3339(stored.pendingTime());
    if (!constantTimeEquals(nonce, stored.clientNonce())) {
      if (!role.allowInstanceMigration()) {
        throw AuthException.badRequest("client nonce mismatch");
      }
      if (!given.isAfter(previous)) {
        throw AuthException.badRequest("client nonce mismatch and instance meta-data incorrect");
      }
    }
    if (given.isBefore(previous)) {
      throw AuthException.badRequest("instance meta-data is older than the one used for previous login");
    }
  }

  private static Instant rfc3339(String value) {
    try {
      return OffsetDateTime.parse(nullToEmpty(value)).toInstant();
    } catch (DateTimeParseException e) {
      throw AuthException.badRequest("parsing time \"" + nullToEmpty(value)
          + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse as RFC 3339");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }

  /** What EC2 would answer for the instance: registered with {@code _dev/instances}, or the document's own data. */
  private DevInstance describeInstance(Ec2IdentityVerifier.IdentityDocument doc) {
    DevInstance registered = instances.get(doc.instanceId());
    DevInstance instance = registered != null ? registered
        : new DevInstance(doc.instanceId(), "running", nullToEmpty(doc.imageId()), "", "", "", "");
    if (!"running".equals(instance.state())) {
      throw AuthException.badRequest("failed to verify instance ID: instance is not in 'running' state");
    }
    return instance;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
