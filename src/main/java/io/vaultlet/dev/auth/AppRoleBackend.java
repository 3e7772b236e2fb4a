package io.vaultlet.dev.auth;

import io.vaultlet.dev.Cidr;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.support.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code auth/approle}: roles, role ids, secret ids (generated or custom, with TTL and use counts, looked up and destroyed
 * by value or accessor) and {@code login}. State is guarded by this object's monitor.
 */
final class AppRoleBackend extends AuthBackend {

  private final Clock clock;
  private final Map<String, Role> roles = new ConcurrentHashMap<>();

  private static final class Role {
    String name;
    String roleId;
    boolean bindSecretId = true;
    int secretIdNumUses;
    Duration secretIdTtl = Duration.ZERO;
    List<String> policies = List.of();
    Duration tokenTtl = Duration.ZERO;
    Duration tokenMaxTtl = Duration.ZERO;
    Duration tokenPeriod = Duration.ZERO;
    int tokenNumUses;
    List<String> secretIdBoundCidrs = List.of();
    List<String> tokenBoundCidrs = List.of();
    Map<String, SecretId> secretIds = new LinkedHashMap<>();

    /** A copy to apply a write to: stored only when the write is valid (its secret ids are shared). */
    Role copy() {
      Role c = new Role();
      c.name = name;
      c.roleId = roleId;
      c.bindSecretId = bindSecretId;
      c.secretIdNumUses = secretIdNumUses;
      c.secretIdTtl = secretIdTtl;
      c.policies = policies;
      c.tokenTtl = tokenTtl;
      c.tokenMaxTtl = tokenMaxTtl;
      c.tokenPeriod = tokenPeriod;
      c.tokenNumUses = tokenNumUses;
      c.secretIdBoundCidrs = secretIdBoundCidrs;
      c.tokenBoundCidrs = tokenBoundCidrs;
      c.secretIds = secretIds;
      return c;
    }
  }

  private static final class SecretId {
    String value;
    String accessor;
    Instant created;
    Instant expires;
    int usesLeft;
    int numUses;
    Duration ttl;
    Map<String, String> metadata;
  }

  AppRoleBackend(Clock clock) {
    this.clock = clock;
  }

  public static AppRoleBackend create(MountContext mount) {
    return new AppRoleBackend(mount.clock());
  }

  @Override
  synchronized DevResponse route(DevRequest req) {
    String path = req.path();
    if (path.equals("login")) {
      Logins.requireWrite(req);
      return login(req);
    }
    if (path.equals("role/") || path.equals("role")) {
      if (req.operation() != Operation.LIST) {
        throw DevException.unsupportedOperation();
      }
      return DevResponse.keys(roles.keySet().stream().sorted().toList());
    }
    if (!path.startsWith("role/")) {
      throw DevException.unsupportedPath();
    }
    String[] parts = path.substring("role/".length()).split("/", 2);
    String name = parts[0];
    String sub = parts.length > 1 ? parts[1] : "";
    if (sub.isEmpty()) {
      return role(req, name);
    }
    Role role = roles.get(name);
    if (role == null) {
      throw DevException.badRequest("role \"" + name + "\" does not exist");
    }
    switch (sub) {
      case "role-id":
        if (req.operation().isWrite()) {
          String id = req.string("role_id", "");
          if (id.isEmpty()) {
            throw DevException.badRequest("missing role_id");
          }
          role.roleId = id;
          return DevResponse.noContent();
        }
        return DevResponse.of(Map.of("role_id", role.roleId));
      case "secret-id":
        if (req.operation() == Operation.LIST) {
          return DevResponse.keys(role.secretIds.values().stream().map(s -> s.accessor).sorted().toList());
        }
        Logins.requireWrite(req);
        return issueSecretId(role, req, randomSecret());
      case "secret-id/":
        if (req.operation() != Operation.LIST) {
          throw DevException.unsupportedOperation();
        }
        return DevResponse.keys(role.secretIds.values().stream().map(s -> s.accessor).sorted().toList());
      case "custom-secret-id":
        Logins.requireWrite(req);
        String custom = req.string("secret_id", "");
        if (custom.isEmpty()) {
          throw DevException.badRequest("missing secret_id");
        }
        return issueSecretId(role, req, custom);
      case "secret-id/lookup":
        Logins.requireWrite(req);
        return lookup(role, findByValue(role, req.string("secret_id", "")));
      case "secret-id/destroy":
        Logins.requireWrite(req);
        destroy(role, findByValue(role, req.string("secret_id", "")));
        return DevResponse.noContent();
      case "secret-id-accessor/lookup":
        Logins.requireWrite(req);
        return lookup(role, findByAccessor(role, req.string("secret_id_accessor", "")));
      case "secret-id-accessor/destroy":
        Logins.requireWrite(req);
        destroy(role, findByAccessor(role, req.string("secret_id_accessor", "")));
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedPath();
    }
  }

  private DevResponse role(DevRequest req, String name) {
    switch (req.operation()) {
      case READ: {
        Role r = roles.get(name);
        return r == null ? null : DevResponse.of(describe(r));
      }
      case DELETE:
        roles.remove(name);
        return DevResponse.noContent();
      case CREATE: case UPDATE: {
        Role existing = roles.get(name);
        Role r;
        if (existing == null) {
          r = new Role();
          r.name = name;
          r.roleId = UUID.randomUUID().toString();
        } else {
          r = existing.copy();
        }
        if (req.has("role_id")) {
          r.roleId = req.string("role_id");
        }
        r.bindSecretId = req.bool("bind_secret_id", r.bindSecretId);
        if (req.has("secret_id_num_uses")) {
          r.secretIdNumUses = (int) req.integer("secret_id_num_uses", 0);
        }
        if (req.has("secret_id_ttl")) {
          r.secretIdTtl = req.duration("secret_id_ttl");
        }
        if (req.has("token_policies")) {
          r.policies = req.strings("token_policies");
        } else if (req.has("policies")) {
          r.policies = req.strings("policies");
        }
        if (req.has("token_ttl") || req.has("ttl")) {
          r.tokenTtl = req.has("token_ttl") ? req.duration("token_ttl") : req.duration("ttl");
        }
        if (req.has("token_max_ttl") || req.has("max_ttl")) {
          r.tokenMaxTtl = req.has("token_max_ttl") ? req.duration("token_max_ttl") : req.duration("max_ttl");
        }
        if (req.has("token_period") || req.has("period")) {
          r.tokenPeriod = req.has("token_period") ? req.duration("token_period") : req.duration("period");
        }
        if (req.has("token_num_uses")) {
          r.tokenNumUses = (int) req.integer("token_num_uses", 0);
        }
        if (req.has("secret_id_bound_cidrs") || req.has("bound_cidr_list")) {
          r.secretIdBoundCidrs = Cidr.validated(req.strings(req.has("secret_id_bound_cidrs")
              ? "secret_id_bound_cidrs" : "bound_cidr_list"));
        }
        if (req.has("token_bound_cidrs")) {
          r.tokenBoundCidrs = Cidr.validated(req.strings("token_bound_cidrs"));
        }
        if (!r.tokenMaxTtl.isZero() && r.tokenTtl.compareTo(r.tokenMaxTtl) > 0) {
          throw DevException.badRequest("token_ttl should not be greater than token_max_ttl");
        }
        if (!r.bindSecretId && r.secretIdBoundCidrs.isEmpty() && r.tokenBoundCidrs.isEmpty()) {
          // Vault's setRoleEntry returns a plain error here: a 500 in multierror form, and nothing is stored
          throw DevException.internal("at least one constraint should be enabled on the role");
        }
        roles.put(name, r);
        return DevResponse.noContent();
      }
      default:
        throw DevException.unsupportedOperation();
    }
  }

  private static Map<String, Object> describe(Role r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bind_secret_id", r.bindSecretId);
    out.put("local_secret_ids", false);
    out.put("policies", r.policies);
    out.put("secret_id_bound_cidrs", r.secretIdBoundCidrs);
    out.put("secret_id_num_uses", r.secretIdNumUses);
    out.put("secret_id_ttl", r.secretIdTtl.toSeconds());
    out.put("token_bound_cidrs", r.tokenBoundCidrs);
    out.put("token_explicit_max_ttl", 0);
    out.put("token_max_ttl", r.tokenMaxTtl.toSeconds());
    out.put("token_no_default_policy", false);
    out.put("token_num_uses", r.tokenNumUses);
    out.put("token_period", r.tokenPeriod.toSeconds());
    out.put("token_policies", r.policies);
    out.put("token_ttl", r.tokenTtl.toSeconds());
    out.put("token_type", "default");
    return out;
  }

  private DevResponse issueSecretId(Role role, DevRequest req, String value) {
    if (role.secretIds.containsKey(value)) {
      throw DevException.badRequest("SecretID is already registered");
    }
    SecretId s = new SecretId();
    s.value = value;
    s.accessor = UUID.randomUUID().toString();
    s.created = clock.instant();
    s.ttl = req.has("ttl") ? req.duration("ttl") : role.secretIdTtl;
    if (!role.secretIdTtl.isZero() && (s.ttl.isZero() || s.ttl.compareTo(role.secretIdTtl) > 0)) {
      s.ttl = role.secretIdTtl;
    }
    s.expires = s.ttl.isZero() ? null : s.created.plus(s.ttl);
    s.numUses = req.has("num_uses") ? (int) req.integer("num_uses", 0) : role.secretIdNumUses;
    if (role.secretIdNumUses > 0 && (s.numUses == 0 || s.numUses > role.secretIdNumUses)) {
      s.numUses = role.secretIdNumUses;
    }
    s.usesLeft = s.numUses;
    s.metadata = metadata(req);
    Redactor.register(value);
    role.secretIds.put(value, s);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secret_id", value);
    out.put("secret_id_accessor", s.accessor);
    out.put("secret_id_num_uses", s.numUses);
    out.put("secret_id_ttl", s.ttl.toSeconds());
    return DevResponse.of(out).withWrappedAccessor(s.accessor);
  }

  private static Map<String, String> metadata(DevRequest req) {
    Map<String, String> out = new LinkedHashMap<>();
    Object raw = req.data().get("metadata");
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(k.toString(), String.valueOf(v)));
    } else if (raw != null && !raw.toString().isBlank()) {
      try {
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw.toString()).fields()
            .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw DevException.badRequest("failed to parse metadata: invalid JSON");
      }
    }
    return out;
  }

  private SecretId findByValue(Role role, String value) {
    if (value.isEmpty()) {
      throw DevException.badRequest("missing secret_id");
    }
    return live(role, role.secretIds.get(value));
  }

  private SecretId findByAccessor(Role role, String accessor) {
    if (accessor.isEmpty()) {
      throw DevException.badRequest("missing secret_id_accessor");
    }
    SecretId found = role.secretIds.values().stream().filter(s -> s.accessor.equals(accessor)).findFirst()
        .orElseThrow(() -> DevException.badRequest("failed to find accessor entry for secret_id_accessor: \""
            + accessor + "\""));
    return live(role, found);
  }

  /** Drops the secret id if it expired; null when unknown. */
  private SecretId live(Role role, SecretId s) {
    if (s != null && s.expires != null && !clock.instant().isBefore(s.expires)) {
      role.secretIds.remove(s.value);
      return null;
    }
    return s;
  }

  private static DevResponse lookup(Role role, SecretId s) {
    if (s == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cidr_list", List.of());
    out.put("creation_time", DateTimeFormatter.ISO_INSTANT.format(s.created));
    out.put("expiration_time", s.expires == null ? "0001-01-01T00:00:00Z" : DateTimeFormatter.ISO_INSTANT.format(s.expires));
    out.put("last_updated_time", DateTimeFormatter.ISO_INSTANT.format(s.created));
    out.put("metadata", s.metadata);
    out.put("secret_id_accessor", s.accessor);
    out.put("secret_id_num_uses", s.usesLeft);
    out.put("secret_id_ttl", s.ttl.toSeconds());
    out.put("token_bound_cidrs", List.of());
    return DevResponse.of(out);
  }

  private static void destroy(Role role, SecretId s) {
    if (s != null) {
      role.secretIds.remove(s.value);
    }
  }

  private DevResponse login(DevRequest req) {
    String roleId = req.string("role_id", "");
    if (roleId.isEmpty()) {
      throw DevException.badRequest("missing role_id");
    }
    Role role = roles.values().stream().filter(r -> r.roleId.equals(roleId)).findFirst()
        .orElseThrow(() -> DevException.badRequest("invalid role or secret ID"));
    Map<String, String> metadata = new LinkedHashMap<>();
    if (role.bindSecretId) {
      String secretId = req.string("secret_id", "");
      if (secretId.isEmpty()) {
        throw DevException.badRequest("missing secret_id");
      }
      SecretId s = live(role, role.secretIds.get(secretId));
      if (s == null) {
        throw DevException.badRequest("invalid role or secret ID");
      }
      if (s.numUses > 0) {
        s.usesLeft--;
        if (s.usesLeft <= 0) {
          role.secretIds.remove(secretId);
        }
      }
      metadata.putAll(s.metadata);
    }
    if (!role.secretIdBoundCidrs.isEmpty() && !Cidr.anyContains(role.secretIdBoundCidrs, req.remoteAddress())) {
      // Vault formats a nil error with %w here, so its text ends in "%!w(<nil>)"
      throw DevException.badRequest("source address \"" + req.remoteAddress()
          + "\" unauthorized by CIDR restrictions on the role: %!w(<nil>)");
    }
    metadata.put("role_name", role.name);
    String name = role.name;
    LoginResult result = new LoginResult("", role.policies, metadata, role.tokenTtl, role.tokenMaxTtl,
        role.tokenPeriod, role.tokenNumUses, role.roleId);
    return Logins.answer(result, () -> currentLimits(name));
  }

  private synchronized TtlLimits currentLimits(String name) {
    Role r = roles.get(name);
    if (r == null) {
      throw DevException.badRequest("role " + name + " does not exist during renewal");
    }
    return new TtlLimits(r.tokenTtl, r.tokenMaxTtl, r.tokenPeriod);
  }

  private static String randomSecret() {
    return UUID.randomUUID().toString();
  }
}
