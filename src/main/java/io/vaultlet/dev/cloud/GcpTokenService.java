package io.vaultlet.dev.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Google's OAuth2 token endpoint (the JWT-bearer grant of service-account key files) and the IAM Service Account
 * Credentials API's {@code signJwt}, checking what Google checks: the assertion's signature against the account's
 * user-managed keys, its audience and lifetime; the caller's access token, its scopes, and the caller's
 * {@code iam.serviceAccounts.signJwt} permission on the target account.
 */
final class GcpTokenService {

  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Duration SKEW = Duration.ofMinutes(1);
  private static final Duration MAX_ASSERTION = Duration.ofHours(1);
  private static final Duration MAX_SIGNED_EXP = Duration.ofHours(12);

  private final GcpCloud cloud;

  GcpTokenService(GcpCloud cloud) {
    this.cloud = cloud;
  }

  /** {@code POST oauth2/token} with {@code grant_type=…jwt-bearer&assertion=<JWT signed with the key file's key>}. */
  StandIn.Reply token(StandIn.Call call) {
    if (!call.method().equals("POST")) {
      return StandIn.Reply.text(405, "Method Not Allowed\n");
    }
    Map<String, String> form = call.form();
    String grant = form.getOrDefault("grant_type", "");
    if (!grant.equals(JWT_BEARER)) {
      return oauthError("unsupported_grant_type", "Invalid grant_type: " + grant);
    }
    Jws.Token assertion;
    try {
      assertion = Jws.parse(form.getOrDefault("assertion", ""));
    } catch (Jws.Malformed e) {
      return oauthError("invalid_grant", "Invalid JWT: " + e.getMessage());
    }
    Optional<GcpCloud.ServiceAccount> sa = cloud.serviceAccount(assertion.claim("iss"));
    if (sa.isEmpty()) {
      return oauthError("invalid_grant", "Invalid grant: account not found");
    }
    boolean signed = cloud.userKeys(sa.get().email()).stream()
        .filter(k -> assertion.kid().isEmpty() || k.kid().equals(assertion.kid()))
        .anyMatch(k -> assertion.verifiedBy(k.publicKey()));
    if (!signed) {
      return oauthError("invalid_grant", "Invalid JWT Signature.");
    }
    String audience = call.base() + GcpEndpoints.PREFIX + "oauth2/token";
    if (!assertion.audiences().contains(audience)) {
      return oauthError("invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + audience);
    }
    Long iat = assertion.time("iat");
    Long exp = assertion.time("exp");
    Instant now = cloud.now();
    if (iat == null || exp == null || exp - iat > MAX_ASSERTION.toSeconds()
        || !Instant.ofEpochSecond(exp).isAfter(now) || Instant.ofEpochSecond(iat).isAfter(now.plus(SKEW))) {
      return oauthError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
          + "reasonable timeframe. Check your iat and exp values in the JWT claim.");
    }
    Set<String> scopes = GcpEndpoints.scopes(assertion.claim("scope"));
    if (scopes.isEmpty()) {
      return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("access_token", cloud.issueAccessToken(sa.get().email(), scopes));
    out.put("expires_in", GcpCloud.ACCESS_TOKEN_TTL.toSeconds() - 1);
    out.put("token_type", "Bearer");
    return StandIn.Reply.json(200, out);
  }

  /** {@code POST projects/<p>/serviceAccounts/<sa>:signJwt} with {@code {"payload": "<JSON claims>"}}. */
  StandIn.Reply signJwt(StandIn.Call call, String resource) {
    String[] parts = resource.split("/", -1);
    if (parts.length != 4 || !parts[0].equals("projects") || !parts[2].equals("serviceAccounts")
        || !parts[3].endsWith(":signJwt")) {
      return GcpEndpoints.GoogleErrors.of(404, "NOT_FOUND", "Requested entity was not found.");
    }
    if (!call.method().equals("POST")) {
      return GcpEndpoints.GoogleErrors.of(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
    }
    String auth = call.header("Authorization");
    Optional<GcpCloud.AccessToken> caller = auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? cloud.accessToken(auth.substring(7).trim()) : Optional.empty();
    if (caller.isEmpty()) {
      return GcpEndpoints.GoogleErrors.of(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. "
          + "Expected OAuth 2 access token, login cookie or other valid authentication credential. See "
          + "https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }
    Set<String> scopes = caller.get().scopes();
    if (!scopes.contains(GcpCloud.CLOUD_PLATFORM) && !scopes.contains("https://www.googleapis.com/auth/iam")) {
      return GcpEndpoints.GoogleErrors.of(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
    }
    String target = parts[3].substring(0, parts[3].length() - ":signJwt".length());
    Optional<GcpCloud.ServiceAccount> sa = cloud.serviceAccount(target);
    if (sa.isEmpty() || !(parts[1].equals("-") || parts[1].equals(sa.get().projectId()))) {
      return GcpEndpoints.GoogleErrors.of(404, "NOT_FOUND", "Not found; Gaia id not found for email " + target);
    }
    if (!sa.get().tokenCreators().contains(caller.get().principal())) {
      return GcpEndpoints.GoogleErrors.of(403, "PERMISSION_DENIED",
          "Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).");
    }
    Map<String, Object> body = call.json();
    Object payload = body == null ? null : body.get("payload");
    if (payload == null || payload.toString().isEmpty()) {
      return GcpEndpoints.GoogleErrors.of(400, "INVALID_ARGUMENT", "Payload must not be empty.");
    }
    if (body.get("delegates") instanceof java.util.List<?> d && !d.isEmpty()) {
      return GcpEndpoints.GoogleErrors.of(400, "INVALID_ARGUMENT", "vaultlet dev does not implement delegates.");
    }
    Map<String, Object> claims;
    try {
      claims = StandIn.JSON.readValue(payload.toString(),
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (java.io.IOException e) {
      return GcpEndpoints.GoogleErrors.of(400, "INVALID_ARGUMENT", "Payload is not a valid JSON object.");
    }
    Instant now = cloud.now();
    Object exp = claims.get("exp");
    if (exp == null) {
      claims.put("exp", now.plus(GcpCloud.ACCESS_TOKEN_TTL).getEpochSecond());
    } else if (!(exp instanceof Number n) || n.longValue() < now.getEpochSecond()
        || n.longValue() > now.plus(MAX_SIGNED_EXP).getEpochSecond()) {
      return GcpEndpoints.GoogleErrors.of(400, "INVALID_ARGUMENT", "Invalid exp claim: the expiration time must be "
          + "an integer timestamp not in the past and at most 12 hours in the future.");
    }
    SigningKey key = cloud.systemKey(sa.get().email());
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kid", key.kid());
    header.put("typ", "JWT");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keyId", key.kid());
    out.put("signedJwt", GcpEndpoints.secret(Jws.signRs256(header, claims, key.privateKey())));
    return StandIn.Reply.json(200, out);
  }

  private static StandIn.Reply oauthError(String error, String description) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", error);
    out.put("error_description", description);
    return StandIn.Reply.json(400, out);
  }
}
