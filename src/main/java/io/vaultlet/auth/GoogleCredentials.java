package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.pki.Pem;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials the gcp {@code iam} login signs its JWT with, found as Vault's {@code gcputil.FindCredentials}
 * finds them: the {@code credentials} value, {@code GOOGLE_CREDENTIALS}, {@code GOOGLE_CLOUD_KEYFILE_JSON},
 * {@code ~/.gcp/credentials}, then Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's
 * {@code application_default_credentials.json}, the metadata server). A service-account key becomes OAuth2 access
 * tokens through the key's {@code token_uri} (JWT-bearer grant, RS256 with the JDK); the metadata server hands out its
 * instance's. Tokens are reused until ten seconds before they expire.
 */
final class GoogleCredentials {

  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);

  /** Something that gives OAuth2 access tokens. */
  interface Source {
    /** A live access token (a secret, registered with the redactor). */
    String accessToken() throws IOException;

    /** The service account the credentials are, when they say (a key file's {@code client_email}). */
    Optional<String> email();

    /** Where the credentials come from, for logs (never a secret). */
    String origin();

    /** What identifies these credentials: a change means new credentials. */
    String fingerprint();
  }

  private GoogleCredentials() {}

  /**
   * Finds credentials now. {@code configured} is the method's {@code credentials} value (JSON, or — a vaultlet
   * extension — a file path, optionally written {@code @path}); empty when not set.
   */
  static Source find(String configured, Map<String, String> env, GcpMetadata metadata, Clock clock)
      throws IOException {
    if (!configured.isEmpty()) {
      return fromJson(configuredJson(configured), "the method's credentials", clock);
    }
    for (String var : new String[] {"GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON"}) {
      String v = env.getOrDefault(var, "");
      if (!v.isBlank()) {
        return fromJson(v, var, clock);
      }
    }
    Optional<Path> home = home(env);
    if (home.isPresent() && Files.isRegularFile(home.get().resolve(".gcp/credentials"))) {
      Path p = home.get().resolve(".gcp/credentials");
      return fromJson(read(p), p.toString(), clock);
    }
    String adc = env.getOrDefault("GOOGLE_APPLICATION_CREDENTIALS", "");
    if (!adc.isBlank()) {
      return fromJson(read(Path.of(adc)), "GOOGLE_APPLICATION_CREDENTIALS (" + adc + ")", clock);
    }
    Optional<Path> gcloud = gcloudFile(env, home);
    if (gcloud.isPresent()) {
      return fromJson(read(gcloud.get()), gcloud.get().toString(), clock);
    }
    return new MetadataServer(metadata, clock);
  }

  /** The {@code credentials} value as JSON: inline JSON as in Vault, else the content of the file it names. */
  static String configuredJson(String value) throws IOException {
    String v = value.strip();
    if (v.startsWith("{")) {
      return v;
    }
    Path p = Path.of(v.startsWith("@") ? v.substring(1) : v);
    if (!Files.exists(p)) {
      throw new IOException("'credentials' is neither service-account key JSON nor a readable file");
    }
    return read(p);
  }

  private static String read(Path p) throws IOException {
    return MethodFiles.read(p);
  }

  private static Optional<Path> home(Map<String, String> env) {
    String h = env.getOrDefault("HOME", "");
    if (h.isBlank()) {
      h = System.getProperty("user.home", "");
    }
    return h.isBlank() ? Optional.empty() : Optional.of(Path.of(h));
  }

  private static Optional<Path> gcloudFile(Map<String, String> env, Optional<Path> home) {
    String config = env.getOrDefault("CLOUDSDK_CONFIG", "");
    Optional<Path> dir = !config.isBlank() ? Optional.of(Path.of(config))
        : home.map(h -> h.resolve(".config").resolve("gcloud"));
    return dir.map(d -> d.resolve("application_default_credentials.json")).filter(Files::isRegularFile);
  }

  static Source fromJson(String json, String origin, Clock clock) throws IOException {
    Redactor.register(json);
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException(origin + " is not JSON");
    }
    String type = node.path("type").asText("service_account");
    if (!type.equals("service_account")) {
      throw new IOException(origin + " holds credentials of type \"" + type + "\"; vaultlet signs with "
          + "service-account keys and the metadata server's credentials only");
    }
    String email = node.path("client_email").asText("");
    String pem = node.path("private_key").asText("");
    if (email.isEmpty() || pem.isEmpty()) {
      throw new IOException(origin + " is not a service-account key (client_email and private_key are required)");
    }
    Redactor.register(pem);
    PrivateKey key;
    try {
      key = Pem.parsePrivateKey(pem, origin);
    } catch (IOException | RuntimeException e) {
      throw new IOException(origin + ": the private_key cannot be read");
    }
    String tokenUri = node.path("token_uri").asText("");
    return new ServiceAccountKey(email, node.path("private_key_id").asText(""), key,
        URI.create(tokenUri.isEmpty() ? DEFAULT_TOKEN_URI : tokenUri), origin, clock, json.hashCode() + ":" + email);
  }

  /** A cached OAuth2 token. */
  private record Cached(String token, Instant expiresAt) {}

  /** A service-account key: JWT-bearer grant at the key's token URI. */
  static final class ServiceAccountKey implements Source {
    private final String email;
    private final String keyId;
    private final PrivateKey key;
    private final URI tokenUri;
    private final String origin;
    private final Clock clock;
    private final String fingerprint;
    private Cached cached;

    ServiceAccountKey(String email, String keyId, PrivateKey key, URI tokenUri, String origin, Clock clock,
        String fingerprint) {
      this.email = email;
      this.keyId = keyId;
      this.key = key;
      this.tokenUri = tokenUri;
      this.origin = origin;
      this.clock = clock;
      this.fingerprint = fingerprint;
    }

    @Override
    public synchronized String accessToken() throws IOException {
      Instant now = clock.instant();
      if (cached != null && now.isBefore(cached.expiresAt().minus(EXPIRY_DELTA))) {
        return cached.token();
      }
      String assertion = assertion(now);
      Redactor.register(assertion);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
      form.put("assertion", assertion);
      CloudHttp.Response r = CloudHttp.post(tokenUri, Map.of(), "application/x-www-form-urlencoded",
          CloudHttp.form(form));
      if (!r.ok()) {
        throw new IOException("oauth2: cannot fetch token: " + r.status() + " from " + tokenUri + ": " + r.excerpt());
      }
      cached = parseToken(r.body(), now, "oauth2: cannot fetch token from " + tokenUri);
      return cached.token();
    }

    /** The signed assertion: {@code iss}, {@code scope}, {@code aud} = token URI, {@code exp} = {@code iat} + 1h. */
    String assertion(Instant now) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      if (!keyId.isEmpty()) {
        header.put("kid", keyId);
      }
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", email);
      claims.put("scope", CLOUD_PLATFORM);
      claims.put("aud", tokenUri.toString());
      claims.put("exp", now.getEpochSecond() + 3600);
      claims.put("iat", now.getEpochSecond());
      return signRs256(header, claims, key);
    }

    @Override
    public Optional<String> email() {
      return Optional.of(email);
    }

    @Override
    public String origin() {
      return origin;
    }

    @Override
    public String fingerprint() {
      return fingerprint;
    }
  }

  /** The metadata server's token for the instance's default service account. */
  static final class MetadataServer implements Source {
    private final GcpMetadata metadata;
    private final Clock clock;
    private Cached cached;

    MetadataServer(GcpMetadata metadata, Clock clock) {
      this.metadata = metadata;
      this.clock = clock;
    }

    @Override
    public synchronized String accessToken() throws IOException {
      Instant now = clock.instant();
      if (cached != null && now.isBefore(cached.expiresAt().minus(EXPIRY_DELTA))) {
        return cached.token();
      }
      String body;
      try {
        body = metadata.get("instance/service-accounts/default/token");
      } catch (IOException e) {
        throw new IOException("google: could not find default credentials (no key file, and the metadata server at "
            + metadata + " did not answer: " + e.getMessage() + "). See "
            + "https://cloud.google.com/docs/authentication/external/set-up-adc for more information", e);
      }
      cached = parseToken(body, now, "metadata server token");
      return cached.token();
    }

    @Override
    public Optional<String> email() {
      return Optional.empty();
    }

    /** The instance's default service account, as the metadata server names it. */
    String defaultEmail() throws IOException {
      return metadata.get("instance/service-accounts/default/email").strip();
    }

    @Override
    public String origin() {
      return "the metadata server at " + metadata;
    }

    @Override
    public String fingerprint() {
      return "metadata:" + metadata;
    }
  }

  private static Cached parseToken(String body, Instant now, String what) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException(what + ": the answer is not JSON");
    }
    String token = n.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new IOException(what + ": the answer has no access_token");
    }
    Redactor.register(token);
    long expiresIn = n.path("expires_in").asLong(0);
    return new Cached(token, expiresIn > 0 ? now.plusSeconds(expiresIn) : now.plus(Duration.ofMinutes(5)));
  }

  /** RS256 over {@code base64url(header).base64url(claims)} with the JDK. */
  static String signRs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    try {
      String input = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
          + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign the OAuth2 assertion: " + e.getMessage(), e);
    }
  }
}
