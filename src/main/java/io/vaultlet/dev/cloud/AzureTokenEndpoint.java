package io.vaultlet.dev.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entra ID's v2.0 token endpoint for the client-credentials grant ({@code login/<tenant>/oauth2/v2.0/token}), as
 * Azure's SDKs use it for a client secret or a workload-identity assertion: the client must exist, its secret match,
 * or the assertion verify against one of its federated credentials (issuer, subject, audience, key, lifetime); the
 * scope must be {@code <resource>/.default} for a resource the tenant knows. Tokens are v1.0, an hour long.
 */
final class AzureTokenEndpoint {

  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final AzureCloud cloud;

  AzureTokenEndpoint(AzureCloud cloud) {
    this.cloud = cloud;
  }

  StandIn.Reply token(StandIn.Call call, String tenant) {
    if (!call.method().equals("POST")) {
      return StandIn.Reply.text(405, "Method Not Allowed\n");
    }
    if (!tenant.equals(cloud.tenantId())) {
      return error(400, "invalid_tenant", "AADSTS90002: Tenant '" + tenant + "' not found.");
    }
    Map<String, String> form = call.form();
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '"
          + form.getOrDefault("grant_type", "") + "'.");
    }
    String clientId = form.getOrDefault("client_id", "");
    Optional<AzureCloud.App> app = cloud.app(clientId);
    if (app.isEmpty()) {
      return error(400, "unauthorized_client", "AADSTS700016: Application with identifier '" + clientId + "' was not "
          + "found in the directory '" + tenant + "'.");
    }
    StandIn.Reply refused = form.containsKey("client_assertion") ? checkAssertion(app.get(), form)
        : checkSecret(app.get(), form.getOrDefault("client_secret", ""));
    if (refused != null) {
      return refused;
    }
    String scope = form.getOrDefault("scope", "");
    if (!scope.endsWith("/.default")) {
      return error(400, "invalid_scope", "AADSTS1002012: The provided value for scope " + scope + " is not valid. "
          + "Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
    }
    String resource = scope.substring(0, scope.length() - "/.default".length());
    if (!cloud.resources().contains(resource) && cloud.resources().contains(resource + "/")) {
      resource = resource + "/";
    }
    if (!cloud.resources().contains(resource)) {
      return error(400, "invalid_resource", "AADSTS500011: The resource principal named " + resource + " was not "
          + "found in the tenant named " + tenant + ".");
    }
    Instant now = cloud.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", resource);
    claims.put("iss", cloud.issuer());
    claims.put("iat", now.getEpochSecond() - 300);
    claims.put("nbf", now.getEpochSecond() - 300);
    claims.put("exp", now.getEpochSecond() + 3600);
    claims.put("aio", GcpCloud.hex(12));
    claims.put("appid", app.get().clientId());
    claims.put("appidacr", form.containsKey("client_assertion") ? "2" : "1");
    claims.put("idp", cloud.issuer());
    claims.put("idtyp", "app");
    claims.put("oid", app.get().principalId());
    claims.put("sub", app.get().principalId());
    claims.put("tid", cloud.tenantId());
    claims.put("uti", GcpCloud.hex(11));
    claims.put("ver", "1.0");
    SigningKey key = cloud.key();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("x5t", key.kid());
    header.put("kid", key.kid());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token_type", "Bearer");
    out.put("expires_in", 3599);
    out.put("ext_expires_in", 3599);
    out.put("access_token", GcpEndpoints.secret(Jws.signRs256(header, claims, key.privateKey())));
    return StandIn.Reply.json(200, out);
  }

  private static StandIn.Reply checkSecret(AzureCloud.App app, String secret) {
    if (app.secret().isEmpty() || !java.security.MessageDigest.isEqual(app.secret().getBytes(
        java.nio.charset.StandardCharsets.UTF_8), secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being "
          + "sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
          + app.clientId() + "'.");
    }
    return null;
  }

  private StandIn.Reply checkAssertion(AzureCloud.App app, Map<String, String> form) {
    if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      return error(400, "invalid_request", "AADSTS50027: Invalid client_assertion_type.");
    }
    Jws.Token t;
    try {
      t = Jws.parse(form.get("client_assertion"));
    } catch (Jws.Malformed e) {
      return error(400, "invalid_client", "AADSTS50027: JWT token is invalid or malformed.");
    }
    String iss = t.claim("iss");
    String sub = t.claim("sub");
    List<String> auds = t.audiences();
    Optional<AzureCloud.Federation> f = app.federations().stream().filter(x -> x.issuer().equals(iss)
        && x.subject().equals(sub) && auds.contains(x.audience())).findFirst();
    if (f.isEmpty()) {
      return error(400, "invalid_client", "AADSTS70021: No matching federated identity record found for presented "
          + "assertion. Assertion Issuer: '" + iss + "'. Assertion Subject: '" + sub + "'. Assertion Audience: '"
          + String.join(",", auds) + "'.");
    }
    if (f.get().keys().stream().noneMatch(t::verifiedBy)) {
      return error(400, "invalid_client", "AADSTS700027: Client assertion failed signature validation.");
    }
    Long exp = t.time("exp");
    if (exp == null || !Instant.ofEpochSecond(exp).isAfter(cloud.now())) {
      return error(400, "invalid_client", "AADSTS700024: Client assertion is not within its valid time range.");
    }
    return null;
  }

  private static StandIn.Reply error(int status, String error, String description) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", error);
    out.put("error_description", description);
    return StandIn.Reply.json(status, out);
  }
}
