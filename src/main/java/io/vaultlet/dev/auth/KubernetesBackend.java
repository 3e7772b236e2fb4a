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
 * {@code auth/kubernetes}: service-account JWTs are verified locally against {@code config.pem_keys} (where Vault would
 * call the TokenReview API), then bound to a role by service-account name and namespace. Legacy secret-based tokens and
 * projected tokens ({@code kubernetes.io} claim) are both understood.
 */
final class KubernetesBackend extends AuthBackend {

  private final Clock clock;
  private volatile List<PublicKey> keys = List.of();
  private volatile Map<String, Object> configView = Map.of();
  private final RoleTable<Map<String, Object>> roles = new RoleTable<>("role/", (name, req) -> role(req), r -> r);

  /** Who a service-account token says it is. */
  record ServiceAccount(String name, String namespace, String uid, String secretName) {}

  KubernetesBackend(Clock clock) {
    this.clock = clock;
  }

  public static KubernetesBackend create(MountContext mount) {
    return new KubernetesBackend(mount.clock());
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
        List<String> pems = req.strings("pem_keys");
        if (pems.isEmpty()) {
          throw DevException.badRequest("vaultlet dev verifies service-account tokens locally: set pem_keys to the "
              + "service-account signing public key(s)");
        }
        keys = Logins.publicKeys(pems);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("disable_iss_validation", true);
        view.put("disable_local_ca_jwt", req.bool("disable_local_ca_jwt", false));
        view.put("kubernetes_ca_cert", req.string("kubernetes_ca_cert", ""));
        view.put("kubernetes_host", req.string("kubernetes_host", ""));
        view.put("pem_keys", pems);
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
    List<String> names = req.strings("bound_service_account_names");
    List<String> namespaces = req.strings("bound_service_account_namespaces");
    if (names.isEmpty()) {
      throw DevException.badRequest("\"bound_service_account_names\" can not be empty");
    }
    if (namespaces.isEmpty()) {
      throw DevException.badRequest("\"bound_service_account_namespaces\" can not be empty");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("audience", req.string("audience", ""));
    r.put("bound_service_account_names", names);
    r.put("bound_service_account_namespaces", namespaces);
    TokenFields.of(req).describeInto(r);
    return r;
  }

  private DevResponse login(DevRequest req) {
    String roleName = req.string("role", "");
    if (roleName.isEmpty()) {
      throw DevException.badRequest("missing role");
    }
    String jwt = req.string("jwt", "");
    if (jwt.isEmpty()) {
      throw DevException.badRequest("missing jwt");
    }
    Map<String, Object> role = roles.get(roleName);
    if (role == null) {
      throw DevException.badRequest("invalid role name \"" + roleName + "\"");
    }
    Map<String, Object> claims;
    try {
      claims = JwtVerifier.verify(jwt, keys, clock.instant(), Duration.ZERO);
    } catch (JwtVerifier.Invalid e) {
      throw DevException.permissionDenied();
    }
    ServiceAccount sa = serviceAccount(claims);
    if (!matches(list(role, "bound_service_account_names"), sa.name())) {
      throw DevException.of(403, "service account name not authorized");
    }
    if (!matches(list(role, "bound_service_account_namespaces"), sa.namespace())) {
      throw DevException.of(403, "namespace not authorized");
    }
    String audience = (String) role.get("audience");
    if (!audience.isEmpty() && !io.vaultlet.dev.cloud.Jws.audiences(claims).contains(audience)) {
      throw DevException.permissionDenied();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("role", roleName);
    metadata.put("service_account_name", sa.name());
    metadata.put("service_account_namespace", sa.namespace());
    metadata.put("service_account_secret_name", sa.secretName());
    metadata.put("service_account_uid", sa.uid());
    String name = roleName;
    TokenFields token = TokenFields.of(role);
    return Logins.answer(new LoginResult(sa.namespace() + "-" + sa.name(), token.policies(), metadata, token.ttl(),
        token.maxTtl(), token.period(), 0, sa.uid()), () -> limits(name));
  }

  /** Reads the projected ({@code kubernetes.io}) or legacy ({@code kubernetes.io/serviceaccount/…}) claims. */
  @SuppressWarnings("unchecked")
  static ServiceAccount serviceAccount(Map<String, Object> claims) {
    Object projected = claims.get("kubernetes.io");
    if (projected instanceof Map<?, ?> k8s) {
      Map<String, Object> sa = (Map<String, Object>) ((Map<String, Object>) k8s).getOrDefault("serviceaccount", Map.of());
      return new ServiceAccount(str(sa.get("name")), str(k8s.get("namespace")), str(sa.get("uid")), "");
    }
    return new ServiceAccount(str(claims.get("kubernetes.io/serviceaccount/service-account.name")),
        str(claims.get("kubernetes.io/serviceaccount/namespace")),
        str(claims.get("kubernetes.io/serviceaccount/service-account.uid")),
        str(claims.get("kubernetes.io/serviceaccount/secret.name")));
  }

  private static boolean matches(List<String> bound, String value) {
    return !value.isEmpty() && (bound.contains("*") || bound.contains(value));
  }

  private TtlLimits limits(String name) {
    Map<String, Object> role = roles.get(name);
    if (role == null) {
      throw DevException.badRequest("invalid role name \"" + name + "\"");
    }
    return TokenFields.of(role).limits();
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> role, String key) {
    return (List<String>) role.get(key);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
