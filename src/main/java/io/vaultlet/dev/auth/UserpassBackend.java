package io.vaultlet.dev.auth;

import io.vaultlet.dev.Cidr;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.support.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * {@code auth/userpass}: {@code users/<name>} (password kept only as a bcrypt hash, as Vault does; token fields),
 * {@code users/<name>/password}, {@code users/<name>/policies}, and {@code login/<name>}. User names are lower-cased.
 * Vault's texts: {@code missing password}, {@code invalid username or password}, {@code username does not exist}.
 */
final class UserpassBackend extends AuthBackend {

  private static final int BCRYPT_COST = 10;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, User> users = new ConcurrentHashMap<>();

  /** A user; {@code legacy*} remember that the deprecated names were written (a read shows them too). */
  private record User(String hash, TokenFields token, int numUses, boolean noDefaultPolicy, List<String> boundCidrs,
      boolean legacyPolicies, boolean legacyTtl, boolean legacyMaxTtl) {

    User withHash(String newHash) {
      return new User(newHash, token, numUses, noDefaultPolicy, boundCidrs, legacyPolicies, legacyTtl, legacyMaxTtl);
    }

    User withPolicies(List<String> policies, boolean legacy) {
      return new User(hash, new TokenFields(policies, token.ttl(), token.maxTtl(), token.period()), numUses,
          noDefaultPolicy, boundCidrs, legacy, legacyTtl, legacyMaxTtl);
    }
  }

  static UserpassBackend create(MountContext mount) {
    return new UserpassBackend();
  }

  @Override
  public List<String> unauthenticatedPaths() {
    return List.of("login/*");
  }

  @Override
  DevResponse route(DevRequest req) {
    String path = req.path();
    if (path.startsWith("login/")) {
      Logins.requireWrite(req);
      return login(req, name(path.substring("login/".length())));
    }
    if (path.equals("users/") || path.equals("users")) {
      if (req.operation() != Operation.LIST) {
        throw DevException.unsupportedOperation();
      }
      return DevResponse.keys(users.keySet().stream().sorted().toList());
    }
    if (!path.startsWith("users/")) {
      throw DevException.unsupportedPath();
    }
    String[] parts = path.substring("users/".length()).split("/", 2);
    String name = name(parts[0]);
    if (parts.length == 1) {
      return user(req, name);
    }
    Logins.requireWrite(req);
    User user = users.get(name);
    if (user == null) {
      throw DevException.internal("username does not exist"); // a plain error in Vault: 500
    }
    switch (parts[1]) {
      case "password":
        users.put(name, user.withHash(hash(requirePassword(req))));
        return DevResponse.noContent();
      case "policies":
        boolean modern = req.has("token_policies");
        users.put(name, user.withPolicies(req.strings(modern ? "token_policies" : "policies"),
            !modern && req.has("policies")));
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedPath();
    }
  }

  @Override
  public Boolean exists(DevRequest req) {
    String p = req.path();
    if (p.startsWith("users/") && p.indexOf('/', "users/".length()) < 0) {
      return users.containsKey(name(p.substring("users/".length())));
    }
    return null;
  }

  private DevResponse user(DevRequest req, String name) {
    switch (req.operation()) {
      case READ: {
        User u = users.get(name);
        return u == null ? null : DevResponse.of(describe(u));
      }
      case DELETE:
        users.remove(name);
        return DevResponse.noContent();
      case CREATE:
      case UPDATE:
        return write(req, name);
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private DevResponse write(DevRequest req, String name) {
    User old = users.get(name);
    String password = req.string("password", "");
    if (old == null && password.isEmpty()) {
      throw DevException.badRequest("missing password");
    }
    TokenFields fields = TokenFields.of(req);
    if (old != null) {
      fields = new TokenFields(req.has("token_policies") || req.has("policies") ? fields.policies()
          : old.token().policies(), req.has("token_ttl") || req.has("ttl") ? fields.ttl() : old.token().ttl(),
          req.has("token_max_ttl") || req.has("max_ttl") ? fields.maxTtl() : old.token().maxTtl(),
          req.has("token_period") || req.has("period") ? fields.period() : old.token().period());
    }
    if (!fields.maxTtl().isZero() && fields.ttl().compareTo(fields.maxTtl()) > 0) {
      throw DevException.badRequest("token_ttl should not be greater than token_max_ttl");
    }
    List<String> cidrs = req.has("token_bound_cidrs") || req.has("bound_cidrs")
        ? Cidr.validated(req.strings(req.has("token_bound_cidrs") ? "token_bound_cidrs" : "bound_cidrs"))
        : old == null ? List.of() : old.boundCidrs();
    String hash = password.isEmpty() ? old.hash() : hash(password);
    users.put(name, new User(hash, fields,
        req.has("token_num_uses") ? (int) req.integer("token_num_uses", 0) : old == null ? 0 : old.numUses(),
        req.has("token_no_default_policy") ? req.bool("token_no_default_policy", false)
            : old != null && old.noDefaultPolicy(), cidrs,
        legacy(req, "policies", "token_policies", old == null ? false : old.legacyPolicies()),
        legacy(req, "ttl", "token_ttl", old == null ? false : old.legacyTtl()),
        legacy(req, "max_ttl", "token_max_ttl", old == null ? false : old.legacyMaxTtl())));
    return DevResponse.noContent();
  }

  private static boolean legacy(DevRequest req, String oldName, String newName, boolean before) {
    if (req.has(newName)) {
      return false;
    }
    return req.has(oldName) || before;
  }

  /** Vault's {@code PopulateTokenData}, keys sorted as Go marshals a map, plus the deprecated names when used. */
  private static Map<String, Object> describe(User u) {
    Map<String, Object> out = new TreeMap<>();
    out.put("token_bound_cidrs", u.boundCidrs());
    out.put("token_explicit_max_ttl", 0L);
    u.token().describeInto(out);
    out.put("token_no_default_policy", u.noDefaultPolicy());
    out.put("token_num_uses", u.numUses());
    out.put("token_type", "default");
    if (u.legacyPolicies() && !u.token().policies().isEmpty()) {
      out.put("policies", u.token().policies());
    }
    if (u.legacyTtl() && !u.token().ttl().isZero()) {
      out.put("ttl", u.token().ttl().toSeconds());
    }
    if (u.legacyMaxTtl() && !u.token().maxTtl().isZero()) {
      out.put("max_ttl", u.token().maxTtl().toSeconds());
    }
    return out;
  }

  private DevResponse login(DevRequest req, String name) {
    String password = req.string("password", "");
    if (password.isEmpty()) {
      throw DevException.of(500, "missing password"); // a plain error from a login path: not multierror
    }
    User u = users.get(name);
    if (u == null || !OpenBSDBCrypt.checkPassword(u.hash(), password.getBytes(StandardCharsets.UTF_8))) {
      throw DevException.badRequest("invalid username or password");
    }
    if (!u.boundCidrs().isEmpty() && !Cidr.anyContains(u.boundCidrs(), req.remoteAddress())) {
      throw AuthException.permissionDenied();
    }
    List<String> policies = u.token().policies();
    LoginResult result = new LoginResult(name, policies, Map.of("username", name), u.token().ttl(),
        u.token().maxTtl(), u.token().period(), u.numUses(), name);
    return Logins.answer(result, () -> renewalLimits(name, policies));
  }

  /** Vault's {@code pathLoginRenew}: the user's current TTLs, refused when the user or its policies changed. */
  private TtlLimits renewalLimits(String name, List<String> issuedWith) {
    User u = users.get(name);
    if (u == null) {
      throw DevException.badRequest("user " + name + " no longer exists, not renewing");
    }
    if (!u.token().policies().stream().sorted().toList().equals(issuedWith.stream().sorted().toList())) {
      throw DevException.badRequest("policies have changed, not renewing");
    }
    return u.token().limits();
  }

  private static String requirePassword(DevRequest req) {
    String password = req.string("password", "");
    if (password.isEmpty()) {
      throw DevException.badRequest("missing password");
    }
    return password;
  }

  private String hash(String password) {
    Redactor.register(password);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2a", password.getBytes(StandardCharsets.UTF_8), salt, BCRYPT_COST);
  }

  private static String name(String raw) {
    if (raw.isEmpty() || raw.contains("/")) {
      throw DevException.unsupportedPath();
    }
    return raw.toLowerCase(Locale.ROOT);
  }
}
