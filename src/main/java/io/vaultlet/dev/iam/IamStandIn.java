package io.vaultlet.dev.iam;

import io.vaultlet.dev.auth.SigV4Verifier;
import io.vaultlet.support.Redactor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulator's stand-in for one AWS account's IAM users and access keys, with the rules the real services apply:
 * at most two access keys per user ({@code LimitExceeded}), a new key refused by every service for the
 * {@linkplain #propagationDelay() propagation delay} (IAM is eventually consistent: {@code InvalidClientTokenId}),
 * inactive keys refused, last use recorded per key. Shared by the {@code /_aws/} query APIs ({@link AwsQueryHandler}),
 * {@code auth/aws} IAM logins (the STS stand-in) and the {@code aws} secrets engine (whose {@code iam_user}
 * credentials are keys of users made here, and whose STS credentials are temporary keys here).
 *
 * <p>Permissions are not IAM policies: a user may manage its own keys (the usual self-service policy on
 * {@code ${aws:username}}), an {@code admin} user any user's; temporary credentials may only call
 * {@code GetCallerIdentity}. Time is the emulator clock. Thread-safe.
 */
public final class IamStandIn {

  /** The one account every user lives in. */
  public static final String ACCOUNT_ID = "123456789012";
  /** How long a new key is refused by default: AWS documents "a few seconds" of eventual consistency. */
  public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofSeconds(5);
  static final int MAX_KEYS_PER_USER = 2;
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Duration propagationDelay;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Key> keys = new LinkedHashMap<>();

  /** An IAM user. */
  public record User(String name, String path, String userId, boolean admin, Instant created) {
    public String arn() {
      return "arn:aws:iam::" + ACCOUNT_ID + ":user" + path + name;
    }
  }

  /** A key as {@code CreateAccessKey} returns it: the only time the secret is shown. */
  public record AccessKey(String userName, String accessKeyId, String secretAccessKey, String status,
      Instant createDate) {
    @Override
    public String toString() {
      return "AccessKey{" + userName + ", " + accessKeyId + ", " + status + "}";
    }
  }

  /** A key as {@code ListAccessKeys} shows it. */
  public record KeyMetadata(String userName, String accessKeyId, String status, Instant createDate) {}

  /** {@code GetAccessKeyLastUsed}: {@code N/A} service and region and no date when the key was never used. */
  public record LastUsed(String userName, Optional<Instant> date, String serviceName, String region) {}

  /** Temporary credentials (STS): usable at once, until {@code expiration}. */
  public record Temporary(String accessKeyId, String secretAccessKey, String sessionToken, String arn,
      Instant expiration) {
    @Override
    public String toString() {
      return "Temporary{" + accessKeyId + ", " + arn + "}";
    }
  }

  /** Who signed a request. {@code user} is empty for temporary credentials. */
  public record Caller(String accessKeyId, String arn, String userId, Optional<User> user) {}

  private static final class Key {
    final String id;
    final String secret;
    final String userName;
    final String sessionToken;
    final String arn;
    final Instant created;
    final Instant usableAt;
    final Instant expires;
    String status = "Active";
    Instant lastUsed;
    String lastService = "N/A";
    String lastRegion = "N/A";

    Key(String id, String secret, String userName, String sessionToken, String arn, Instant created, Instant usableAt,
        Instant expires) {
      this.id = id;
      this.secret = secret;
      this.userName = userName;
      this.sessionToken = sessionToken;
      this.arn = arn;
      this.created = created;
      this.usableAt = usableAt;
      this.expires = expires;
    }

    KeyMetadata metadata() {
      return new KeyMetadata(userName, id, status, created);
    }
  }

  public IamStandIn(Clock clock, Duration propagationDelay) {
    this.clock = Objects.requireNonNull(clock, "clock");
    setPropagationDelay(propagationDelay == null ? DEFAULT_PROPAGATION_DELAY : propagationDelay);
  }

  public Duration propagationDelay() {
    return propagationDelay;
  }

  /** How long new keys are refused; applies to keys created from now on. */
  public void setPropagationDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("propagation delay must not be negative");
    }
    this.propagationDelay = delay;
  }

  Instant now() {
    return clock.instant();
  }

  // ---- authentication -----------------------------------------------------------------------------------------------

  /**
   * Verifies {@code request}'s SigV4 signature as {@code service} ({@code iam} or {@code sts}) would: an unknown,
   * inactive or not yet propagated key is {@code InvalidClientTokenId}; temporary credentials need their session token
   * and expire ({@code ExpiredToken}). Records the key's last use.
   */
  public Caller authenticate(SigV4Verifier.SignedRequest request, String service) {
    Instant now = now();
    SigV4Verifier.Authorization auth;
    try {
      auth = SigV4Verifier.verify(request, id -> usableSecret(id, now), now);
    } catch (SigV4Verifier.Rejected r) {
      throw new IamException(r.status(), r.code(), r.getMessage());
    }
    if (!service.equals(auth.service())) {
      throw new IamException(403, "SignatureDoesNotMatch",
          "Credential should be scoped to correct service: '" + service + "'. ");
    }
    synchronized (this) {
      Key k = keys.get(auth.accessKeyId());
      if (k == null) {
        throw IamException.invalidToken();
      }
      if (k.sessionToken != null) {
        String presented = SigV4Verifier.first(request.headers(), "X-Amz-Security-Token").orElse("");
        if (!k.sessionToken.equals(presented)) {
          throw IamException.invalidToken();
        }
        if (!now.isBefore(k.expires)) {
          throw new IamException(400, "ExpiredToken", "The security token included in the request is expired");
        }
      }
      k.lastUsed = now;
      k.lastService = service;
      k.lastRegion = auth.region();
      User u = k.userName == null ? null : users.get(k.userName);
      String arn = u != null ? u.arn() : k.arn;
      String userId = u != null ? u.userId() : "AROA" + k.id.substring(4) + ":" + arn.substring(arn.lastIndexOf('/') + 1);
      return new Caller(k.id, arn, userId, Optional.ofNullable(u));
    }
  }

  /** The secret of a key that signs successfully now: known, active and propagated. */
  private synchronized Optional<String> usableSecret(String accessKeyId, Instant now) {
    Key k = keys.get(accessKeyId);
    if (k == null || !"Active".equals(k.status) || now.isBefore(k.usableAt)) {
      return Optional.empty();
    }
    return Optional.of(k.secret);
  }

  // ---- IAM actions (the caller is authenticated) --------------------------------------------------------------------

  public synchronized AccessKey createAccessKey(Caller caller, String userName) {
    User u = target(caller, userName, "CreateAccessKey");
    return newKey(u, now(), now().plus(propagationDelay));
  }

  public synchronized List<KeyMetadata> listAccessKeys(Caller caller, String userName) {
    User u = target(caller, userName, "ListAccessKeys");
    return keysOf(u.name()).stream().map(Key::metadata).toList();
  }

  public synchronized void updateAccessKey(Caller caller, String userName, String accessKeyId, String status) {
    requireKeyId(accessKeyId);
    if (!"Active".equals(status) && !"Inactive".equals(status)) {
      throw IamException.validation("1 validation error detected: Value '" + status + "' at 'status' failed to satisfy"
          + " constraint: Member must satisfy enum value set: [Active, Inactive, Expired]");
    }
    User u = target(caller, userName, "UpdateAccessKey");
    ownKey(u, accessKeyId).status = status;
  }

  public synchronized void deleteAccessKey(Caller caller, String userName, String accessKeyId) {
    requireKeyId(accessKeyId);
    User u = target(caller, userName, "DeleteAccessKey");
    keys.remove(ownKey(u, accessKeyId).id);
  }

  public synchronized LastUsed accessKeyLastUsed(Caller caller, String accessKeyId) {
    requireKeyId(accessKeyId);
    Key k = keys.get(accessKeyId);
    if (k == null || k.userName == null) {
      throw IamException.noSuchKey(accessKeyId);
    }
    target(caller, k.userName, "GetAccessKeyLastUsed");
    return new LastUsed(k.userName, Optional.ofNullable(k.lastUsed), k.lastService, k.lastRegion);
  }

  /**
   * The user an action is about: {@code userName}, or the caller's own user when it is empty (IAM's implicit user).
   * Temporary credentials and non-admin users acting on another user get {@code AccessDenied}.
   */
  private User target(Caller caller, String userName, String action) {
    String name = userName == null || userName.isEmpty()
        ? caller.user().map(User::name).orElse("") : userName;
    if (caller.user().isEmpty()) {
      throw IamException.accessDenied(caller.arn(), action, name.isEmpty() ? caller.arn() : "user " + name);
    }
    User self = caller.user().get();
    if (!self.name().equals(name) && !self.admin()) {
      throw IamException.accessDenied(self.arn(), action, "user " + name);
    }
    User u = users.get(name);
    if (u == null) {
      throw IamException.noSuchUser(name);
    }
    return u;
  }

  private Key ownKey(User u, String accessKeyId) {
    Key k = keys.get(accessKeyId);
    if (k == null || !u.name().equals(k.userName)) {
      throw IamException.noSuchKey(accessKeyId);
    }
    return k;
  }

  private static void requireKeyId(String accessKeyId) {
    if (accessKeyId == null || accessKeyId.isEmpty()) {
      throw IamException.validation("1 validation error detected: Value null at 'accessKeyId' failed to satisfy"
          + " constraint: Member must not be null");
    }
  }

  private List<Key> keysOf(String userName) {
    List<Key> out = new ArrayList<>();
    for (Key k : keys.values()) {
      if (userName.equals(k.userName)) {
        out.add(k);
      }
    }
    out.sort(Comparator.comparing((Key k) -> k.created).thenComparing(k -> k.id));
    return out;
  }

  private AccessKey newKey(User u, Instant created, Instant usableAt) {
    if (keysOf(u.name()).size() >= MAX_KEYS_PER_USER) {
      throw new IamException(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
    }
    String id = uniqueKeyId("AKIA");
    String secret = randomFrom(SECRET_ALPHABET, 40);
    Redactor.register(secret);
    Key k = new Key(id, secret, u.name(), null, null, created, usableAt, null);
    keys.put(id, k);
    return new AccessKey(u.name(), id, secret, k.status, created);
  }

  // ---- the emulator's own doors (seeding, the aws secrets engine, tests) -------------------------------------------

  /**
   * Creates {@code name} if it does not exist (an existing user keeps its path and admin flag) and, when
   * {@code withKey}, gives it an access key created {@code keyAge} ago and usable at once: the way a user's first key
   * pair gets into the emulator ({@code POST /_dev/aws/users}).
   */
  public synchronized Optional<AccessKey> seedUser(String name, String path, boolean admin, boolean withKey,
      Duration keyAge) {
    User u = ensureUser(name, path, admin);
    if (!withKey) {
      return Optional.empty();
    }
    Instant now = now();
    return Optional.of(newKey(u, now.minus(keyAge == null ? Duration.ZERO : keyAge), now));
  }

  /** A user with one new key, subject to the propagation delay (the aws secrets engine's {@code iam_user}). */
  public synchronized AccessKey createUserWithKey(String name) {
    if (users.containsKey(name)) {
      throw new IamException(409, "EntityAlreadyExists", "User with name " + name + " already exists.");
    }
    User u = ensureUser(name, "/", false);
    return newKey(u, now(), now().plus(propagationDelay));
  }

  /** Deletes a user and its keys (the aws secrets engine's revocation of {@code iam_user} credentials). */
  public synchronized void deleteUser(String name) {
    users.remove(name);
    keys.values().removeIf(k -> name.equals(k.userName));
  }

  /** Temporary credentials for {@code arn} (an assumed role or federated user), valid at once for {@code ttl}. */
  public synchronized Temporary issueTemporary(String arn, Duration ttl) {
    String id = uniqueKeyId("ASIA");
    String secret = randomFrom(SECRET_ALPHABET, 40);
    byte[] raw = new byte[264];
    random.nextBytes(raw);
    String token = "FwoGZXIvYXdzE" + Base64.getEncoder().encodeToString(raw);
    Redactor.register(secret);
    Redactor.register(token);
    Instant now = now();
    keys.put(id, new Key(id, secret, null, token, arn, now, now, now.plus(ttl)));
    return new Temporary(id, secret, token, arn, now.plus(ttl));
  }

  public synchronized Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public synchronized List<User> users() {
    return List.copyOf(users.values());
  }

  /** Every key of {@code userName} (no secrets), oldest first. */
  public synchronized List<KeyMetadata> keysOfUser(String userName) {
    return keysOf(userName).stream().map(Key::metadata).toList();
  }

  /** When a key was last used, or empty (tests and {@code GET /_dev/aws/users/<name>}). */
  public synchronized Optional<Instant> lastUsed(String accessKeyId) {
    Key k = keys.get(accessKeyId);
    return k == null ? Optional.empty() : Optional.ofNullable(k.lastUsed);
  }

  private User ensureUser(String name, String path, boolean admin) {
    if (name == null || !name.matches("[\\w+=,.@-]{1,64}")) {
      throw IamException.validation("1 validation error detected: Value '" + name + "' at 'userName' failed to"
          + " satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    }
    String p = path == null || path.isEmpty() ? "/" : path;
    if (!p.startsWith("/") || !p.endsWith("/")) {
      throw IamException.validation("The specified value for path is invalid. It must begin and end with / and"
          + " contain only alphanumeric characters and/or / characters.");
    }
    return users.computeIfAbsent(name, n -> new User(n, p, "AIDA" + randomFrom(KEY_ALPHABET, 17), admin, now()));
  }

  private String uniqueKeyId(String prefix) {
    String id;
    do {
      id = prefix + randomFrom(KEY_ALPHABET, 16);
    } while (keys.containsKey(id));
    return id;
  }

  private String randomFrom(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
