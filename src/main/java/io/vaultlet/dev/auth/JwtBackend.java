package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.TtlLimits;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auth/jwt}: {@code config} with {@code jwt_validation_pubkeys} (PEM; OIDC discovery and JWKS URLs are not
 * fetched), {@code role/<name>} ({@code role_type=jwt}, {@code bound_audiences}, {@code bound_subject},
 * {@code bound_claims}, {@code user_claim}, {@code claim_mappings}, token fields) and {@code login} with role + jwt.
 */
final class JwtBackend extends AuthBackend {

  static final Duration LEEWAY = Duration.ofSeconds(150);

  private final Clock clock;
  private volatile List<PublicKey> keys = List.of();
  private volatile Map<String, Object> configView = Map.of();
  private volatile String defaultRole = "";
  private final RoleTable<Map<String, Object>> roles = new RoleTable<>("role/", (name, req) -> role(req), r -> r);

  JwtBackend(Clock clock) {
    this.clock = clock;
  }

  public static JwtBackend create(MountContext mount) {
    return new JwtBackend(mount.clock());
  }

  @Override
  DevResponse route(DevRequest req) {
    String path = req.path();
    if (path.equals("login")) {
      Logins.requireWrite(req);
      return login(req);
    }
    if (path.equals("config")) {
      if (req.operation().isWrite()) {
        List<String> pems = req.strings("jwt_validation_pubkeys");
        if (pems.isEmpty()) {
          throw DevException.badRequest("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' "
              + "must be set (vaultlet dev supports jwt_validation_pubkeys only)");
        }
        keys = Logins.publicKeys(pems);
        defaultRole = req.string("default_role", "");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("bound_issuer", req.string("bound_issuer", ""));
        view.put("default_role", defaultRole);
        view.put("jwt_validation_pubkeys", pems);
        configView = view;
        return DevResponse.noContent();
      }
      return configView.isEmpty() ? null : DevResponse.of(configView);
    }
    if (roles.owns(path)) {
      return roles.route(req);
    }
    throw DevException.unsupportedPath();
  }

  private static Map<String, Object> role(DevRequest req) {
    String roleType = req.string("role_type", "jwt");
    String userClaim = req.string("user_claim", "");
    if (userClaim.isEmpty()) {
      throw DevException.badRequest("a user claim must be defined on the role");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("bound_audiences", req.strings("bound_audiences"));
    r.put("bound_claims", req.map("bound_claims") == null ? Map.of() : req.map("bound_claims"));
    r.put("bound_subject", req.string("bound_subject", ""));
    r.put("claim_mappings", req.map("claim_mappings") == null ? Map.of() : req.map("claim_mappings"));
    r.put("role_type", roleType);
    TokenFields.of(req).describeInto(r);
    r.put("user_claim", userClaim);
    return r;
  }

  private DevResponse login(DevRequest req) {
    String roleName = req.string("role", "");
    if (roleName.isEmpty()) {
      roleName = defaultRole;
    }
    if (roleName.isEmpty()) {
      throw DevException.badRequest("missing role");
    }
    Map<String, Object> role = roles.get(roleName);
    if (role == null) {
      throw DevException.badRequest("role \"" + roleName + "\" could not be found");
    }
    if ("oidc".equals(role.get("role_type"))) {
      throw DevException.badRequest("role with oidc role_type is not allowed");
    }
    String jwt = req.string("jwt", "");
    if (jwt.isEmpty()) {
      throw DevException.badRequest("missing token");
    }
    if (keys.isEmpty()) {
      throw DevException.badRequest("could not load configuration");
    }
    Map<String, Object> claims;
    try {
      claims = JwtVerifier.verify(jwt, keys, clock.instant(), LEEWAY);
    } catch (JwtVerifier.Invalid e) {
      throw DevException.badRequest("error validating token: " + e.getMessage());
    }
    checkAudience(role, claims);
    String boundSubject = (String) role.get("bound_subject");
    if (!boundSubject.isEmpty() && !boundSubject.equals(claims.get("sub"))) {
      throw DevException.badRequest("error validating claims: sub claim does not match bound subject");
    }
    checkBoundClaims(role, claims);
    Object user = claims.get((String) role.get("user_claim"));
    if (user == null || user.toString().isEmpty()) {
      throw DevException.badRequest("claim \"" + role.get("user_claim") + "\" not found in token");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("role", roleName);
    @SuppressWarnings("unchecked")
    Map<String, Object> mappings = (Map<String, Object>) role.get("claim_mappings");
    mappings.forEach((claim, meta) -> {
      Object v = claims.get(claim);
      if (v != null) {
        metadata.put(meta.toString(), v.toString());
      }
    });
    String name = roleName;
    TokenFields token = TokenFields.of(role);
    return Logins.answer(new LoginResult(user.toString(), token.policies(), metadata, token.ttl(), token.maxTtl(),
        token.period(), 0, user.toString()), () -> limits(name));
  }

  private static void checkAudience(Map<String, Object> role, Map<String, Object> claims) {
    @SuppressWarnings("unchecked")
    List<String> bound = (List<String>) role.get("bound_audiences");
    List<String> aud = io.vaultlet.dev.cloud.Jws.audiences(claims);
    if (bound.isEmpty()) {
      if (!aud.isEmpty()) {
        throw DevException.badRequest("audience claim found in JWT but no audiences bound to the role");
      }
      return;
    }
    if (aud.stream().noneMatch(bound::contains)) {
      throw DevException.badRequest("error validating token: invalid audience (aud) claim: audience claim does not "
          + "match any expected audience");
    }
  }

  private static void checkBoundClaims(Map<String, Object> role, Map<String, Object> claims) {
    @SuppressWarnings("unchecked")
    Map<String, Object> bound = (Map<String, Object>) role.get("bound_claims");
    for (Map.Entry<String, Object> e : bound.entrySet()) {
      Object actual = claims.get(e.getKey());
      List<?> expected = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      boolean match = actual instanceof List<?> values ? values.stream().anyMatch(v -> expected.contains(v))
          : actual != null && expected.stream().anyMatch(x -> x.toString().equals(actual.toString()));
      if (!match) {
        throw DevException.badRequest("error validating claims: claim \"" + e.getKey()
            + "\" does not match any associated bound claim values");
      }
    }
  }

  private TtlLimits limits(String name) {
    Map<String, Object> role = roles.get(name);
    if (role == null) {
      throw DevException.badRequest("role \"" + name + "\" could not be found during renewal");
    }
    return TokenFields.of(role).limits();
  }
}
