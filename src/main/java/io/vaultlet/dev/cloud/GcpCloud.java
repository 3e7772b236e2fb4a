package io.vaultlet.dev.cloud;

import io.vaultlet.support.Redactor;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Google Cloud a {@code vaultlet dev} emulator pretends to live in: projects, service accounts with their keys and
 * token creators, Compute Engine instances, the OAuth2 access tokens it issued, and Google's own signing key for
 * instance identity tokens. {@link GcpEndpoints} serves it over HTTP as the metadata server, the OAuth2 token endpoint,
 * the IAM Service Account Credentials API and the public-key endpoints of {@code www.googleapis.com}; the emulator's
 * {@code gcp} auth method reads the same state where Vault would call Google.
 */
public final class GcpCloud {

  /** The OAuth2 scope that grants every API, the default of instances and of the agents' key-file logins. */
  public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A service account.
   *
   * @param email {@code <name>@<project>.iam.gserviceaccount.com}
   * @param uniqueId Google's 21-digit numeric id
   * @param projectId the project that owns it
   * @param tokenCreators principals (service-account e-mails) allowed to sign JWTs as it
   *     ({@code roles/iam.serviceAccountTokenCreator})
   */
  public record ServiceAccount(String email, String uniqueId, String projectId, Set<String> tokenCreators) {}

  /**
   * A Compute Engine instance.
   *
   * @param name the instance name, also its metadata server's path segment
   * @param id the 19-digit instance id
   * @param projectId the project
   * @param projectNumber the project's number
   * @param zone e.g. {@code us-central1-a}
   * @param serviceAccount the e-mail of the attached service account
   * @param scopes the OAuth2 scopes its tokens carry
   * @param labels instance labels
   * @param instanceGroups the (zonal) instance groups it belongs to
   * @param status {@code RUNNING}, {@code STOPPED}, …
   * @param createdAt creation time
   */
  public record Instance(String name, String id, String projectId, long projectNumber, String zone,
      String serviceAccount, List<String> scopes, Map<String, String> labels, List<String> instanceGroups,
      String status, Instant createdAt) {}

  /** An OAuth2 access token this cloud issued. */
  record AccessToken(String principal, Set<String> scopes, Instant expiresAt) {}

  private final Clock clock;
  private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
  private final Map<String, SigningKey> systemKeys = new ConcurrentHashMap<>();
  private final Map<String, Map<String, SigningKey>> userKeys = new ConcurrentHashMap<>();
  private final Map<String, Long> projectNumbers = new ConcurrentHashMap<>();
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private volatile SigningKey googleKey;

  public GcpCloud(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  // ---- administration (the emulator's /_dev/gcp/ endpoints) ----

  /**
   * Creates a service account, or updates an existing one's token creators; with {@code key} a new user-managed key
   * is made and returned as a JSON key file whose {@code token_uri} is this cloud's token endpoint under {@code base}.
   */
  public synchronized Map<String, Object> putServiceAccount(String email, List<String> tokenCreators, boolean key,
      String base) {
    String project = projectOf(email);
    ServiceAccount existing = accounts.get(email);
    ServiceAccount sa = new ServiceAccount(email, existing == null ? digits(21, '1') : existing.uniqueId(), project,
        Set.copyOf(new LinkedHashSet<>(tokenCreators)));
    if (existing == null) {
      systemKeys.put(email, SigningKey.generate(hex(20), email, now()));
      userKeys.put(email, new ConcurrentHashMap<>());
    }
    accounts.put(email, sa);
    projectNumber(project);
    Map<String, Object> out = describe(sa);
    if (key) {
      SigningKey k = SigningKey.generate(hex(20), email, now());
      userKeys.get(email).put(k.kid(), k);
      out.put("key_file", keyFile(sa, k, base));
    }
    return out;
  }

  /** Deletes a service account and its keys; tokens it holds stop working. */
  public synchronized boolean deleteServiceAccount(String emailOrId) {
    Optional<ServiceAccount> sa = serviceAccount(emailOrId);
    sa.ifPresent(s -> {
      accounts.remove(s.email());
      systemKeys.remove(s.email());
      userKeys.remove(s.email());
      accessTokens.values().removeIf(t -> t.principal().equals(s.email()));
    });
    return sa.isPresent();
  }

  /** Creates or replaces an instance. */
  public synchronized Instance putInstance(String name, String project, String zone, String serviceAccount,
      List<String> scopes, Map<String, String> labels, List<String> groups, String status) {
    Instance old = instances.get(name);
    Instance i = new Instance(name, old == null ? digits(19, '7') : old.id(), project, projectNumber(project), zone,
        serviceAccount, List.copyOf(scopes), Map.copyOf(labels), List.copyOf(groups), status,
        old == null ? now() : old.createdAt());
    instances.put(name, i);
    return i;
  }

  public synchronized List<Map<String, Object>> describeServiceAccounts() {
    List<Map<String, Object>> out = new ArrayList<>();
    accounts.values().stream().sorted((a, b) -> a.email().compareTo(b.email())).forEach(a -> out.add(describe(a)));
    return out;
  }

  public List<Instance> instances() {
    return instances.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  private Map<String, Object> describe(ServiceAccount sa) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("email", sa.email());
    out.put("unique_id", sa.uniqueId());
    out.put("project_id", sa.projectId());
    out.put("token_creators", sa.tokenCreators().stream().sorted().toList());
    out.put("key_ids", new ArrayList<>(userKeys.getOrDefault(sa.email(), Map.of()).keySet()));
    return out;
  }

  private Map<String, Object> keyFile(ServiceAccount sa, SigningKey k, String base) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "service_account");
    f.put("project_id", sa.projectId());
    f.put("private_key_id", k.kid());
    String pem = k.privateKeyPem();
    Redactor.register(pem);
    f.put("private_key", pem);
    f.put("client_email", sa.email());
    f.put("client_id", sa.uniqueId());
    f.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    f.put("token_uri", base + GcpEndpoints.PREFIX + "oauth2/token");
    f.put("auth_provider_x509_cert_url", base + GcpEndpoints.PREFIX + "googleapis/oauth2/v1/certs");
    f.put("client_x509_cert_url", base + GcpEndpoints.PREFIX + "googleapis/service_accounts/v1/metadata/x509/"
        + sa.email());
    f.put("universe_domain", "googleapis.com");
    return f;
  }

  // ---- what the IAM and Compute APIs would answer ----

  /** The service account with this e-mail or unique id. */
  public Optional<ServiceAccount> serviceAccount(String emailOrId) {
    ServiceAccount byEmail = accounts.get(emailOrId);
    if (byEmail != null) {
      return Optional.of(byEmail);
    }
    return accounts.values().stream().filter(a -> a.uniqueId().equals(emailOrId)).findFirst();
  }

  /** The instance {@code name} in that project and zone. */
  public Optional<Instance> instance(String project, String zone, String name) {
    Instance i = instances.get(name);
    return i != null && i.projectId().equals(project) && i.zone().equals(zone) ? Optional.of(i) : Optional.empty();
  }

  Optional<Instance> instance(String name) {
    return Optional.ofNullable(instances.get(name));
  }

  /** Whether a group of that name has a member in {@code project}, in a zone {@code zones} accepts. */
  public boolean instanceGroupExists(String project, java.util.function.Predicate<String> zones, String group) {
    return instances.values().stream().anyMatch(i -> i.projectId().equals(project) && zones.test(i.zone())
        && i.instanceGroups().contains(group));
  }

  public long projectNumber(String project) {
    return projectNumbers.computeIfAbsent(project, p -> Long.parseLong(digits(12, '4')));
  }

  // ---- keys ----

  /** Google's OAuth2 signing key (instance identity tokens), made on first use. */
  SigningKey googleKey() {
    SigningKey k = googleKey;
    if (k == null) {
      synchronized (this) {
        if (googleKey == null) {
          googleKey = SigningKey.generate(hex(20), "accounts.google.com", now());
        }
        k = googleKey;
      }
    }
    return k;
  }

  /** The public key of Google's OAuth2 certificates with this key id. */
  public Optional<PublicKey> googleOAuth2Key(String kid) {
    SigningKey k = googleKey();
    return k.kid().equals(kid) ? Optional.of(k.publicKey()) : Optional.empty();
  }

  /** The public key {@code kid} of a service account (its Google-managed signing key or a user-managed key). */
  public Optional<PublicKey> serviceAccountKey(String emailOrId, String kid) {
    return serviceAccount(emailOrId).flatMap(sa -> serviceAccountKeys(sa.email()).stream()
        .filter(k -> k.kid().equals(kid)).findFirst().map(SigningKey::publicKey));
  }

  List<SigningKey> serviceAccountKeys(String email) {
    List<SigningKey> out = new ArrayList<>();
    SigningKey system = systemKeys.get(email);
    if (system != null) {
      out.add(system);
    }
    out.addAll(userKeys.getOrDefault(email, Map.of()).values());
    return out;
  }

  List<SigningKey> userKeys(String email) {
    return List.copyOf(userKeys.getOrDefault(email, Map.of()).values());
  }

  SigningKey systemKey(String email) {
    return systemKeys.get(email);
  }

  // ---- OAuth2 access tokens ----

  String issueAccessToken(String principal, Set<String> scopes) {
    String token = "ya29.c." + hex(32);
    Redactor.register(token);
    accessTokens.put(token, new AccessToken(principal, Set.copyOf(scopes), now().plus(ACCESS_TOKEN_TTL)));
    return token;
  }

  /** A live access token (unknown, expired or of a deleted account: empty). */
  Optional<AccessToken> accessToken(String token) {
    AccessToken t = accessTokens.get(token);
    if (t == null || !now().isBefore(t.expiresAt()) || !accounts.containsKey(t.principal())) {
      return Optional.empty();
    }
    return Optional.of(t);
  }

  // ---- helpers ----

  /** The project of {@code <name>@<project>.iam.gserviceaccount.com} (or of a default compute account). */
  static String projectOf(String email) {
    int at = email.indexOf('@');
    String domain = at < 0 ? "" : email.substring(at + 1);
    if (at <= 0 || !domain.endsWith(".iam.gserviceaccount.com")) {
      throw new IllegalArgumentException("service account e-mail must be <name>@<project>.iam.gserviceaccount.com, got "
          + email);
    }
    return domain.substring(0, domain.length() - ".iam.gserviceaccount.com".length());
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String digits(int n, char first) {
    StringBuilder sb = new StringBuilder().append(first);
    while (sb.length() < n) {
      sb.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return sb.toString();
  }
}
