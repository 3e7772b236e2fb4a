package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.support.Redactor;
import io.vaultlet.vault.VaultClient;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code azure}: the VM's name, scale set, resource group and subscription from the Instance Metadata Service
 * ({@code /metadata/instance}), a managed-identity access token for {@code resource} (IMDS
 * {@code /metadata/identity/oauth2/token}, optionally for the user-assigned identity {@code object_id} or
 * {@code client_id}) — or, with {@code authenticate_from_environment}, from {@link AzureEnvironmentCredential} — then
 * {@code {role, vm_name, vmss_name, resource_group_name, subscription_id, jwt}} to {@code <mount>/login}.
 *
 * <p>IMDS is {@code http://169.254.169.254}, or {@code IMDS_ENDPOINT} when set; the token comes from
 * {@code IDENTITY_ENDPOINT} when that is set (the variables Azure's SDKs read).
 */
public final class AzureMethod implements AuthMethod {

  static final String API_VERSION = "2018-02-01";
  static final String DEFAULT_IMDS = "http://169.254.169.254";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mountPath;
  private final String role;
  private final String resource;
  private final String objectId;
  private final String clientId;
  private final AzureEnvironmentCredential environment;
  private final String imds;
  private final String identityEndpoint;

  /**
   * @param scope with {@code fromEnvironment}: the scope to ask Entra ID for ({@code <resource>/.default} unless set)
   * @param fromEnvironment {@code authenticate_from_environment}
   */
  AzureMethod(String mountPath, String role, String resource, String objectId, String clientId, String scope,
      boolean fromEnvironment, Map<String, String> env, java.time.Clock clock) {
    this.mountPath = mountPath;
    this.role = role;
    this.resource = resource;
    this.objectId = objectId;
    this.clientId = clientId;
    String scopeResource = scope.endsWith("/.default") ? scope.substring(0, scope.length() - 9) : scope;
    this.environment = fromEnvironment ? new AzureEnvironmentCredential(scope, env, clock,
        id -> identityToken(scopeResource, "", id)) : null;
    String base = env.getOrDefault("IMDS_ENDPOINT", "").trim();
    this.imds = (base.isEmpty() ? DEFAULT_IMDS : base).replaceAll("/+$", "");
    String identity = env.getOrDefault("IDENTITY_ENDPOINT", "").trim();
    this.identityEndpoint = identity.isEmpty() ? imds + "/metadata/identity/oauth2/token" : identity;
  }

  @Override
  public String type() {
    return "azure";
  }

  @Override
  public LoginRequest loginRequest(VaultClient client) {
    JsonNode compute = metadata(imds + "/metadata/instance", Map.of()).path("compute");
    String token = environment != null ? environment.token() : identityToken(resource, objectId, clientId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role", role);
    body.put("vm_name", compute.path("name").asText(""));
    body.put("vmss_name", compute.path("vmScaleSetName").asText(""));
    body.put("resource_group_name", compute.path("resourceGroupName").asText(""));
    body.put("subscription_id", compute.path("subscriptionId").asText(""));
    body.put("jwt", token);
    return LoginRequest.of(mountPath + "/login", body);
  }

  /** Startup checks: an {@code authenticate_from_environment} environment vaultlet cannot use. */
  void check() {
    if (environment != null) {
      environment.check();
    }
  }

  /** A managed identity's access token for {@code forResource} from IMDS (the identity by object or client id). */
  private String identityToken(String forResource, String object, String client) {
    Map<String, String> query = new TreeMap<>();
    query.put("resource", forResource);
    if (!object.isEmpty()) {
      query.put("object_id", object);
    }
    if (!client.isEmpty()) {
      query.put("client_id", client);
    }
    String token = metadata(identityEndpoint, query).path("access_token").asText("");
    if (token.isEmpty()) {
      throw new AuthException("error parsing identity metadata response: no access_token");
    }
    Redactor.register(token);
    return token;
  }

  /** {@code GET <endpoint>?api-version=2018-02-01&…} with {@code Metadata: true}, as Vault's {@code getMetadataInfo}. */
  private static JsonNode metadata(String endpoint, Map<String, String> extra) {
    Map<String, String> query = new TreeMap<>(extra);
    query.put("api-version", API_VERSION);
    CloudHttp.Response r;
    try {
      r = CloudHttp.get(URI.create(endpoint + "?" + CloudHttp.form(query)), Map.of("Metadata", "true"));
    } catch (IOException e) {
      throw new AuthException("error fetching metadata from " + endpoint + ": " + e.getMessage(), e);
    }
    if (!r.ok()) {
      throw new AuthException("error response in metadata from " + endpoint + ": " + r.excerpt());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AuthException("error parsing metadata response from " + endpoint + ": not JSON", e);
    }
  }
}
