package io.vaultlet.dev.database;

import io.vaultlet.support.Log;
import io.vaultlet.support.Redactor;
import io.vaultlet.support.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state and rules of one {@code database/} mount: connections, dynamic roles, static roles. Leases are not kept here:
 * {@link #issue} returns what the lease needs, and the lease calls {@link #renew} and {@link #revoke} back.
 *
 * <p>User errors throw {@link IllegalArgumentException} with Vault's text (HTTP 400); database failures throw
 * {@link DatabaseException} (HTTP 500).
 */
final class DatabaseEngine {

  private static final Log LOG = Log.named("dev.database");

  private final Scheduler scheduler;
  private final PostgresPlugin plugin = new PostgresPlugin();
  private final CredentialGenerator generator = new CredentialGenerator();
  private final Map<String, DatabaseConfig> configs = new ConcurrentHashMap<>();
  private final Map<String, DatabaseRole> roles = new ConcurrentHashMap<>();
  private final Map<String, StaticRole> staticRoles = new ConcurrentHashMap<>();
  private final Map<String, StaticState> staticStates = new ConcurrentHashMap<>();

  /** A dynamic credential: what {@code database/creds} returns and what its lease must remember. */
  public record Issued(String role, String username, String password, Duration defaultTtl, Duration maxTtl) {}

  private static final class StaticState {
    String password;
    Instant lastRotation;
    Scheduler.Cancellable next;
  }

  public DatabaseEngine(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  // ---- config -------------------------------------------------------------------------------------------------

  /** {@code database/config/<name>} write. Verifies the connection first unless {@code verify_connection=false}. */
  public void writeConfig(String name, String pluginName, String connectionUrl, String username, String password,
      List<String> allowedRoles, boolean verifyConnection, List<String> rootRotationStatements) throws DatabaseException {
    if (pluginName == null || pluginName.isBlank()) {
      throw new IllegalArgumentException("plugin_name must be provided");
    }
    if (!DatabaseConfig.POSTGRES_PLUGIN.equals(pluginName)) {
      throw new IllegalArgumentException("error creating database object: plugin \"" + pluginName
          + "\" is not supported by vaultlet dev (only " + DatabaseConfig.POSTGRES_PLUGIN + ")");
    }
    DatabaseConfig existing = configs.get(name);
    String url = connectionUrl;
    String user = username == null ? "" : username;
    String pass = password != null && !password.isEmpty() ? password : existing == null ? "" : existing.password();
    try {
      // A literal password in the URL moves into the (write-only) password field: reads never show it.
      PostgresConnectionUrl.Templated literal = PostgresConnectionUrl.extractCredentials(connectionUrl);
      if (literal != null) {
        url = literal.connectionUrl();
        user = user.isEmpty() ? literal.username() : user;
        pass = literal.password();
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error creating database object: " + e.getMessage());
    }
    Redactor.register(pass);
    DatabaseConfig config = new DatabaseConfig(name, pluginName, url, user, pass, allowedRoles, verifyConnection,
        rootRotationStatements);
    if (verifyConnection) {
      try {
        plugin.verify(config);
      } catch (DatabaseException e) {
        throw new IllegalArgumentException("error creating database object: " + e.getMessage());
      }
    }
    configs.put(name, config);
  }

  public Map<String, Object> readConfig(String name) {
    DatabaseConfig c = configs.get(name);
    return c == null ? null : c.toResponse();
  }

  public void deleteConfig(String name) {
    configs.remove(name);
  }

  public List<String> listConfigs() {
    return sorted(configs.keySet());
  }

  /** {@code database/rotate-root/<name>}: a new root password, set in the database and remembered (never returned). */
  public void rotateRoot(String name) throws DatabaseException {
    DatabaseConfig c = requireConfig(name);
    if (c.username().isEmpty()) {
      throw new IllegalArgumentException("unable to rotate root credentials: no username in configuration");
    }
    String newPassword = generator.password();
    Redactor.register(newPassword);
    plugin.setPassword(c, c.rootRotationStatements(), c.username(), newPassword);
    configs.put(name, c.withPassword(newPassword));
  }

  // ---- dynamic roles --------------------------------------------------------------------------------------------

  public void writeRole(DatabaseRole role) {
    if (role.dbName() == null || role.dbName().isEmpty()) {
      throw new IllegalArgumentException("database name is required");
    }
    if (role.creationStatements().isEmpty()) {
      throw new IllegalArgumentException("creation statements are required");
    }
    if (!role.maxTtl().isZero() && role.defaultTtl().compareTo(role.maxTtl()) > 0) {
      throw new IllegalArgumentException("ttl cannot be greater than max_ttl");
    }
    roles.put(role.name(), role);
  }

  public Map<String, Object> readRole(String name) {
    DatabaseRole r = roles.get(name);
    return r == null ? null : r.toResponse();
  }

  public DatabaseRole role(String name) {
    return roles.get(name);
  }

  public void deleteRole(String name) {
    roles.remove(name);
  }

  public List<String> listRoles() {
    return sorted(roles.keySet());
  }

  /**
   * {@code database/creds/<role>}: creates a real database user valid until {@code expiration}. The caller has already
   * computed the lease TTL from {@link Issued#defaultTtl()} and {@link Issued#maxTtl()} via {@link #role(String)}.
   */
  public Issued issue(String roleName, String displayName, Instant expiration) throws DatabaseException {
    DatabaseRole role = roles.get(roleName);
    if (role == null) {
      throw new IllegalArgumentException("unknown role: " + roleName);
    }
    DatabaseConfig config = configs.get(role.dbName());
    if (config == null) {
      throw new IllegalArgumentException("could not find database with name: " + role.dbName());
    }
    if (!config.allowsRole(roleName)) {
      throw new IllegalArgumentException("\"" + roleName + "\" is not an allowed role");
    }
    String username = generator.username(displayName, roleName, scheduler.clock().instant());
    String password = generator.password();
    Redactor.register(password);
    plugin.createUser(config, role.creationStatements(), username, password, expiration);
    LOG.info("created database user", "role", roleName); // the username is part of the credential: never logged
    return new Issued(roleName, username, password, role.defaultTtl(), role.maxTtl());
  }

  /** Lease renewal: the role's renew statements (default {@code ALTER ROLE … VALID UNTIL}). */
  public void renew(String roleName, String username, Instant newExpiration) throws DatabaseException {
    DatabaseRole role = roles.get(roleName);
    if (role == null) {
      throw new IllegalArgumentException("error during renew: could not find role with name " + roleName);
    }
    plugin.renewUser(requireConfig(role.dbName()), role.renewStatements(), username, newExpiration);
  }

  /** Lease revocation or expiry: the role's revocation statements, or the default (terminate, revoke, drop). */
  public void revoke(String roleName, String dbName, String username) throws DatabaseException {
    DatabaseRole role = roles.get(roleName);
    String db = role != null ? role.dbName() : dbName;
    List<String> statements = role != null ? role.revocationStatements() : List.of();
    plugin.revokeUser(requireConfig(db), statements, username);
    LOG.info("revoked database user", "role", roleName);
  }

  // ---- static roles ---------------------------------------------------------------------------------------------

  /** Writes a static role; like Vault, the password is rotated immediately so Vault knows it. */
  public void writeStaticRole(StaticRole role) throws DatabaseException {
    if (role.username() == null || role.username().isEmpty()) {
      throw new IllegalArgumentException("username is a required field to create a static account");
    }
    if (role.rotationPeriod().compareTo(StaticRole.MIN_ROTATION_PERIOD) < 0) {
      throw new IllegalArgumentException("rotation_period must be 5 seconds or more");
    }
    DatabaseConfig config = configs.get(role.dbName());
    if (config == null) {
      throw new IllegalArgumentException("could not find database with name: " + role.dbName());
    }
    if (!config.allowsRole(role.name())) {
      throw new IllegalArgumentException("\"" + role.name() + "\" is not an allowed role");
    }
    StaticRole previous = staticRoles.put(role.name(), role);
    try {
      rotateStatic(role.name());
    } catch (DatabaseException | RuntimeException e) {
      if (previous == null) {
        staticRoles.remove(role.name());
      } else {
        staticRoles.put(role.name(), previous);
      }
      throw e;
    }
  }

  public Map<String, Object> readStaticRole(String name) {
    StaticRole r = staticRoles.get(name);
    if (r == null) {
      return null;
    }
    Map<String, Object> out = r.toResponse();
    StaticState st = staticStates.get(name);
    if (st != null) {
      out.put("last_vault_rotation", rfc3339(st.lastRotation));
      out.put("ttl", ttlOf(r, st));
    }
    return out;
  }

  public void deleteStaticRole(String name) {
    staticRoles.remove(name);
    StaticState st = staticStates.remove(name);
    if (st != null && st.next != null) {
      st.next.cancel();
    }
  }

  public List<String> listStaticRoles() {
    return sorted(staticRoles.keySet());
  }

  /** {@code database/static-creds/<name>}: the current password, no lease. */
  public Map<String, Object> staticCreds(String name) {
    StaticRole r = staticRoles.get(name);
    StaticState st = staticStates.get(name);
    if (r == null || st == null) {
      throw new IllegalArgumentException("unknown role: " + name);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("last_vault_rotation", rfc3339(st.lastRotation));
    out.put("password", st.password);
    out.put("rotation_period", r.rotationPeriod().toSeconds());
    out.put("ttl", ttlOf(r, st));
    out.put("username", r.username());
    return out;
  }

  /** {@code database/rotate-role/<name>}, and the scheduled rotation. */
  public void rotateStatic(String name) throws DatabaseException {
    StaticRole r = staticRoles.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no static role found for role name");
    }
    String password = generator.password();
    Redactor.register(password);
    plugin.setPassword(requireConfig(r.dbName()), r.rotationStatements(), r.username(), password);
    StaticState st = staticStates.computeIfAbsent(name, k -> new StaticState());
    synchronized (st) {
      st.password = password;
      st.lastRotation = scheduler.clock().instant();
      if (st.next != null) {
        st.next.cancel();
      }
      st.next = scheduler.schedule(r.rotationPeriod(), () -> scheduledRotation(name));
    }
    LOG.info("rotated static role password", "role", name);
  }

  private void scheduledRotation(String name) {
    try {
      if (staticRoles.containsKey(name)) {
        rotateStatic(name);
      }
    } catch (DatabaseException | RuntimeException e) {
      LOG.warn("static role rotation failed; retrying in 10s", e, "role", name);
      StaticState st = staticStates.get(name);
      if (st != null) {
        synchronized (st) {
          st.next = scheduler.schedule(Duration.ofSeconds(10), () -> scheduledRotation(name));
        }
      }
    }
  }

  /** Cancels scheduled rotations (server shutdown). */
  public void close() {
    for (StaticState st : staticStates.values()) {
      if (st.next != null) {
        st.next.cancel();
      }
    }
  }

  private long ttlOf(StaticRole r, StaticState st) {
    long left = Duration.between(scheduler.clock().instant(), st.lastRotation.plus(r.rotationPeriod())).toSeconds();
    return Math.max(0, left);
  }

  private DatabaseConfig requireConfig(String name) {
    DatabaseConfig c = configs.get(name);
    if (c == null) {
      throw new IllegalArgumentException("could not find database with name: " + name);
    }
    return c;
  }

  private static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }

  private static List<String> sorted(java.util.Collection<String> keys) {
    return keys.stream().sorted().toList();
  }
}
