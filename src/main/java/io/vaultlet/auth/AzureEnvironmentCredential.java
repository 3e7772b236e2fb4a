package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.Redactor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code authenticate_from_environment = true}: the part of the Azure SDK's {@code DefaultAzureCredential} chain that
 * needs no SDK, in its order: a client secret ({@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID},
 * {@code AZURE_CLIENT_SECRET}), workload identity ({@code AZURE_FEDERATED_TOKEN_FILE} with {@code AZURE_CLIENT_ID}
 * and {@code AZURE_TENANT_ID}: the file's token is the client assertion), then the managed identity from IMDS (for
 * {@code AZURE_CLIENT_ID} when set). Entra ID is {@code AZURE_AUTHORITY_HOST} (default
 * {@code https://login.microsoftonline.com/}); the token is asked for {@code scope}. Certificates, user passwords and
 * the Azure CLI are not implemented: such an environment is an error naming what is missing.
 */
final class AzureEnvironmentCredential {

  static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXPIRY_DELTA = Duration.ofMinutes(5);

  private final String scope;
  private final Map<String, String> env;
  private final Clock clock;
  private final ManagedIdentity managedIdentity;
  private String cachedToken;
  private Instant cachedUntil = Instant.MIN;
  private String cachedKey = "";

  /** The IMDS fallback: the token for the (resource, client id) pair. */
  @FunctionalInterface
  interface ManagedIdentity {
    String token(String clientId);
  }

  AzureEnvironmentCredential(String scope, Map<String, String> env, Clock clock, ManagedIdentity managedIdentity) {
    this.scope = scope;
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.managedIdentity = managedIdentity;
  }

  /** Checks at startup what can be checked without the network: an environment that names an unsupported kind. */
  void check() {
    if (!get("AZURE_CLIENT_CERTIFICATE_PATH").isEmpty() && get("AZURE_CLIENT_SECRET").isEmpty()) {
      throw new AuthException("authenticate_from_environment: AZURE_CLIENT_CERTIFICATE_PATH is set, but vaultlet "
          + "does not implement certificate credentials (use AZURE_CLIENT_SECRET, workload identity or a managed "
          + "identity)");
    }
    if (!get("AZURE_USERNAME").isEmpty() && get("AZURE_CLIENT_SECRET").isEmpty()) {
      throw new AuthException("authenticate_from_environment: AZURE_USERNAME is set, but vaultlet does not implement "
          + "username/password credentials");
    }
  }

  synchronized String token() {
    String tenant = get("AZURE_TENANT_ID");
    String client = get("AZURE_CLIENT_ID");
    String secret = get("AZURE_CLIENT_SECRET");
    String tokenFile = get("AZURE_FEDERATED_TOKEN_FILE");
    if (!tenant.isEmpty() && !client.isEmpty() && !secret.isEmpty()) {
      Redactor.register(secret);
      return cached("secret:" + client, () -> grant(tenant, client, Map.of("client_secret", secret)));
    }
    if (!tenant.isEmpty() && !client.isEmpty() && !tokenFile.isEmpty()) {
      return cached("federated:" + client, () -> grant(tenant, client, Map.of(
          "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          "client_assertion", federatedToken(Path.of(tokenFile)))));
    }
    check();
    return managedIdentity.token(client);
  }

  private interface Fetch {
    Token get() throws IOException;
  }

  private record Token(String value, Instant expiresAt) {}

  private String cached(String key, Fetch fetch) {
    Instant now = clock.instant();
    if (key.equals(cachedKey) && cachedToken != null && now.isBefore(cachedUntil.minus(EXPIRY_DELTA))) {
      return cachedToken;
    }
    try {
      Token t = fetch.get();
      cachedKey = key;
      cachedToken = t.value();
      cachedUntil = t.expiresAt();
      return t.value();
    } catch (IOException e) {
      throw new AuthException("authenticate_from_environment: " + e.getMessage(), e);
    }
  }

  /** The client-credentials grant at {@code <authority>/<tenant>/oauth2/v2.0/token}. */
  private Token grant(String tenant, String client, Map<String, String> proof) throws IOException {
    String authority = get("AZURE_AUTHORITY_HOST");
    authority = authority.isEmpty() ? DEFAULT_AUTHORITY : authority.endsWith("/") ? authority : authority + "/";
    URI uri = URI.create(authority + tenant + "/oauth2/v2.0/token");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", client);
    form.putAll(proof);
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    Instant now = clock.instant();
    CloudHttp.Response r = CloudHttp.post(uri, Map.of(), "application/x-www-form-urlencoded", CloudHttp.form(form));
    JsonNode n;
    try {
      n = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    } catch (IOException e) {
      throw new IOException(uri + " answered " + r.status() + " with a body that is not JSON");
    }
    if (!r.ok()) {
      throw new IOException(uri + " answered " + r.status() + ": " + n.path("error").asText("") + ": "
          + n.path("error_description").asText(r.excerpt()));
    }
    String token = n.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new IOException(uri + " answered without access_token");
    }
    Redactor.register(token);
    return new Token(token, now.plusSeconds(Math.max(60, n.path("expires_in").asLong(300))));
  }

  private static String federatedToken(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("AZURE_FEDERATED_TOKEN_FILE " + file + " does not exist");
    }
    String t;
    try {
      t = MethodFiles.read(file).strip();
    } catch (IOException e) {
      throw new IOException("AZURE_FEDERATED_TOKEN_FILE " + e.getMessage(), e);
    }
    if (t.isEmpty()) {
      throw new IOException("AZURE_FEDERATED_TOKEN_FILE " + file + " is empty");
    }
    return t;
  }

  private String get(String name) {
    return env.getOrDefault(name, "").trim();
  }
}
