package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gcp} with {@code type = "iam"}: a JWT {@code {"aud": "http://vault/<role>", "exp": now + jwt_exp, "sub":
 * <service account>}} signed for the service account by the IAM Service Account Credentials API
 * ({@code projects/-/serviceAccounts/<sa>:signJwt}) with the agent's own Google credentials
 * ({@link GoogleCredentials}), then {@code {role, jwt}} to {@code <mount>/login}. Credentials are looked up at every
 * login (a rotated key file is used at once); their access token is reused while it lives.
 */
public final class GcpIamMethod implements AuthMethod {

  static final String IAM_CREDENTIALS = "https://iamcredentials.googleapis.com";
  static final Duration DEFAULT_JWT_EXP = Duration.ofMinutes(15);
  private static final Log LOG = Log.named("auth.gcp");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mountPath;
  private final String role;
  private final String credentials;
  private final String serviceAccount;
  private final Duration jwtExp;
  private final URI iamEndpoint;
  private final Map<String, String> env;
  private final GcpMetadata metadata;
  private final Clock clock;
  private GoogleCredentials.Source source;

  /**
   * @param serviceAccount the account to sign as; empty: the credentials' own ({@code client_email}, or the
   *     instance's default account for metadata-server credentials)
   * @param iamEndpoint the IAM Service Account Credentials API's base URL
   */
  GcpIamMethod(String mountPath, String role, String credentials, String serviceAccount, Duration jwtExp,
      URI iamEndpoint, Map<String, String> env, Clock clock) {
    this.mountPath = mountPath;
    this.role = role;
    this.credentials = credentials;
    this.serviceAccount = serviceAccount;
    this.jwtExp = jwtExp;
    this.iamEndpoint = iamEndpoint;
    this.env = Map.copyOf(env);
    this.metadata = new GcpMetadata(env);
    this.clock = clock;
  }

  @Override
  public String type() {
    return "gcp";
  }

  @Override
  public synchronized LoginRequest loginRequest(VaultClient client) {
    GoogleCredentials.Source creds = credentials();
    String sa = serviceAccount(creds);
    String resource = "projects/-/serviceAccounts/" + sa;
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("aud", "http://vault/" + role);
    payload.put("exp", clock.instant().plus(jwtExp).getEpochSecond());
    payload.put("sub", sa);
    String jwt;
    try {
      jwt = signJwt(creds.accessToken(), resource, JSON.writeValueAsString(payload));
    } catch (IOException e) {
      throw new AuthException("unable to sign JWT for " + resource + " using given Vault credentials: "
          + e.getMessage(), e);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("jwt", jwt);
    return LoginRequest.of(mountPath + "/login", body);
  }

  private GoogleCredentials.Source credentials() {
    GoogleCredentials.Source found;
    try {
      found = GoogleCredentials.find(credentials, env, metadata, clock);
    } catch (IOException e) {
      throw new AuthException("could not obtain credentials: " + e.getMessage(), e);
    }
    if (source == null || !source.fingerprint().equals(found.fingerprint())) {
      LOG.debug("google credentials", "from", found.origin());
      source = found;
    }
    return source;
  }

  private String serviceAccount(GoogleCredentials.Source creds) {
    if (!serviceAccount.isEmpty()) {
      return serviceAccount;
    }
    if (creds.email().isPresent()) {
      return creds.email().get();
    }
    if (creds instanceof GoogleCredentials.MetadataServer m) {
      try {
        return m.defaultEmail();
      } catch (IOException e) {
        throw new AuthException("could not obtain service account from the metadata server: " + e.getMessage(), e);
      }
    }
    throw new AuthException("could not obtain service account from credentials (possibly Application Default "
        + "Credentials are being used); a service account to authenticate as must be provided");
  }

  /** {@code POST <endpoint>/v1/<resource>:signJwt} with {@code {"payload": …}}; the answer's {@code signedJwt}. */
  private String signJwt(String accessToken, String resource, String payload) throws IOException {
    URI uri = URI.create(iamEndpoint.toString().replaceAll("/+$", "") + "/v1/" + resource + ":signJwt");
    CloudHttp.Response r = CloudHttp.post(uri, Map.of("Authorization", "Bearer " + accessToken), "application/json",
        JSON.writeValueAsString(Map.of("payload", payload)));
    JsonNode answer;
    try {
      answer = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    } catch (IOException e) {
      throw new IOException("googleapi: got HTTP response code " + r.status() + " with body: " + r.excerpt());
    }
    if (!r.ok()) {
      JsonNode err = answer.path("error");
      throw new IOException("googleapi: Error " + r.status() + ": " + err.path("message").asText(r.excerpt()));
    }
    String jwt = answer.path("signedJwt").asText("");
    if (jwt.isEmpty()) {
      throw new IOException("the signJwt answer has no signedJwt");
    }
    Redactor.register(jwt);
    return jwt;
  }
}
