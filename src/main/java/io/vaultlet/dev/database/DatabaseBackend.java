package io.vaultlet.dev.database;

import io.vaultlet.dev.Backend;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.LeaseSpec;
import io.vaultlet.dev.LeaseView;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.support.Log;
import io.vaultlet.support.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code database} secrets engine as the emulator mounts it: HTTP paths onto {@link DatabaseEngine}, dynamic
 * credentials as leases whose renew and revoke callbacks run real SQL.
 *
 * <p>Paths: {@code config/<name>}, {@code roles/<name>}, {@code creds/<role>}, {@code static-roles/<name>},
 * {@code static-creds/<name>}, {@code rotate-role/<name>}, {@code rotate-root/<name>}, {@code reset/<name>}.
 *
 * <p>When the server has a PostgreSQL ({@code -dev-postgres}, or the embedded one), the mount starts with a connection
 * named {@code postgres} that allows every role.
 */
public final class DatabaseBackend implements Backend {

  private static final Log LOG = Log.named("dev.database");
  public static final String DEV_CONNECTION = "postgres";

  private final MountContext mount;
  private final DatabaseEngine engine;
  private final ClockScheduler scheduler;

  DatabaseBackend(MountContext mount) {
    this.mount = mount;
    this.scheduler = new ClockScheduler(mount.clock());
    this.engine = new DatabaseEngine(scheduler);
    configureDevConnection();
  }

  /** The {@link io.vaultlet.dev.BackendFactory} for type {@code database}. */
  public static DatabaseBackend create(MountContext mount) {
    return new DatabaseBackend(mount);
  }

  private void configureDevConnection() {
    try {
      String url = mount.server() == null ? null : mount.server().postgresUrl();
      if (url != null && !url.isBlank()) {
        engine.writeConfig(DEV_CONNECTION, DatabaseConfig.POSTGRES_PLUGIN, url, "", "", List.of("*"), false, List.of());
        return;
      }
      if (mount.server() != null && mount.server().noPostgres()) {
        return;
      }
      SharedPostgres.tryGet().ifPresent(pg -> {
        try {
          engine.writeConfig(DEV_CONNECTION, DatabaseConfig.POSTGRES_PLUGIN, pg.connectionUrlTemplate(),
              pg.superuser(), pg.superuserPassword(), List.of("*"), false, List.of());
        } catch (DatabaseException e) {
          LOG.warn("could not configure the embedded PostgreSQL connection", "error", e.getMessage());
        }
      });
    } catch (DatabaseException | IllegalArgumentException e) {
      LOG.warn("could not configure the -dev-postgres connection", "error", e.getMessage());
    }
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String path = req.path();
    int slash = path.indexOf('/');
    String section = slash < 0 ? path : path.substring(0, slash);
    String name = slash < 0 ? "" : path.substring(slash + 1);
    try {
      switch (section) {
        case "config": return config(req, name);
        case "roles": return roles(req, name);
        case "creds": return creds(req, name);
        case "static-roles": return staticRoles(req, name);
        case "static-creds": return staticCreds(req, name);
        case "rotate-role":
          requireWrite(req, name);
          engine.rotateStatic(name);
          return DevResponse.noContent();
        case "rotate-root":
          requireWrite(req, name);
          engine.rotateRoot(name);
          return DevResponse.noContent();
        case "reset":
          requireWrite(req, name);
          return DevResponse.noContent();
        default:
          throw DevException.unsupportedPath();
      }
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest(e.getMessage());
    } catch (DatabaseException e) {
      throw DevException.internal(e.getMessage());
    }
  }

  private DevResponse config(DevRequest req, String name) throws DatabaseException {
    if (req.operation() == Operation.LIST) {
      return DevResponse.keys(engine.listConfigs());
    }
    requireName(name);
    return Routes.entry(req, name, engine::readConfig, this::writeConfig, engine::deleteConfig);
  }

  private void writeConfig(String name, DevRequest req) throws DatabaseException {
    engine.writeConfig(name, req.string("plugin_name"), req.string("connection_url"), req.string("username"),
        req.string("password"), req.strings("allowed_roles"), req.bool("verify_connection", true),
        statements(req, "root_rotation_statements"));
  }

  private DevResponse roles(DevRequest req, String name) {
    if (req.operation() == Operation.LIST) {
      return DevResponse.keys(engine.listRoles());
    }
    requireName(name);
    return Routes.entry(req, name, engine::readRole, this::writeRole, engine::deleteRole);
  }

  private void writeRole(String name, DevRequest req) {
    engine.writeRole(new DatabaseRole(name, req.string("db_name", ""), statements(req, "creation_statements"),
        statements(req, "revocation_statements"), statements(req, "renew_statements"),
        statements(req, "rollback_statements"), req.duration("default_ttl"), req.duration("max_ttl")));
  }

  private DevResponse creds(DevRequest req, String roleName) throws DatabaseException {
    Routes.only(req, Operation.READ);
    requireName(roleName);
    DatabaseRole role = engine.role(roleName);
    if (role == null) {
      throw DevException.badRequest("unknown role: " + roleName);
    }
    Instant now = req.now();
    Instant expiration = now.plus(expectedTtl(role));
    String displayName = req.token() == null ? "token" : req.token().displayName();
    DatabaseEngine.Issued issued = engine.issue(roleName, displayName, expiration);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("password", issued.password());
    data.put("username", issued.username());
    LeaseSpec lease = LeaseSpec.of(role.defaultTtl(), role.maxTtl())
        .internal("username", issued.username())
        .internal("role", roleName)
        .internal("db_name", role.dbName())
        .onRevoke(this::revoke)
        .onRenew(new LeaseSpec.Renewer() {
          @Override
          public TtlLimits limits(LeaseView l) {
            DatabaseRole current = engine.role((String) l.internal().get("role"));
            if (current == null) {
              throw DevException.badRequest("error during renew: could not find role with name "
                  + l.internal().get("role"));
            }
            return TtlLimits.of(current.defaultTtl(), current.maxTtl());
          }

          @Override
          public void renewed(LeaseView l, Instant newExpiry) throws Exception {
            engine.renew((String) l.internal().get("role"), (String) l.internal().get("username"), newExpiry);
          }
        });
    return DevResponse.of(data).withLease(lease);
  }

  private void revoke(LeaseView lease) throws DatabaseException {
    engine.revoke((String) lease.internal().get("role"), (String) lease.internal().get("db_name"),
        (String) lease.internal().get("username"));
  }

  /** What the core's CalculateTTL will give at issue (role TTL, else mount default; capped by role max, else mount max). */
  private Duration expectedTtl(DatabaseRole role) {
    Duration max = mount.maxLeaseTtl();
    if (!role.maxTtl().isZero() && role.maxTtl().compareTo(max) < 0) {
      max = role.maxTtl();
    }
    Duration ttl = role.defaultTtl().isZero() ? mount.defaultLeaseTtl() : role.defaultTtl();
    return ttl.compareTo(max) > 0 ? max : ttl;
  }

  private DevResponse staticRoles(DevRequest req, String name) throws DatabaseException {
    if (req.operation() == Operation.LIST) {
      return DevResponse.keys(engine.listStaticRoles());
    }
    requireName(name);
    return Routes.entry(req, name, engine::readStaticRole, this::writeStaticRole, engine::deleteStaticRole);
  }

  private void writeStaticRole(String name, DevRequest req) throws DatabaseException {
    engine.writeStaticRole(new StaticRole(name, req.string("db_name", ""), req.string("username", ""),
        req.duration("rotation_period"), statements(req, "rotation_statements")));
  }

  private DevResponse staticCreds(DevRequest req, String name) {
    Routes.only(req, Operation.READ);
    requireName(name);
    return DevResponse.of(engine.staticCreds(name));
  }

  /** Vault's {@code TypeStringSlice}: a JSON array, or one string kept whole (statements contain commas). */
  private static List<String> statements(DevRequest req, String key) {
    Object v = req.data().get(key);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      list.stream().filter(o -> o != null && !o.toString().isBlank()).forEach(o -> out.add(o.toString()));
    } else if (v != null && !v.toString().isBlank()) {
      out.add(v.toString());
    }
    return out;
  }

  private static void requireName(String name) {
    if (name.isEmpty() || name.endsWith("/")) {
      throw DevException.unsupportedPath();
    }
  }

  private static void requireWrite(DevRequest req, String name) {
    requireName(name);
    Routes.writesOnly(req);
  }

  @Override
  public void close() {
    engine.close();
    scheduler.ticker.close();
  }

  /** Static-role rotations run on the emulator clock, checked by a daemon every second of real time. */
  private static final class ClockScheduler implements Scheduler {
    private final Clock clock;
    private final io.vaultlet.support.SystemScheduler ticker = new io.vaultlet.support.SystemScheduler("dev-database", 1);

    ClockScheduler(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      Instant due = clock.instant().plus(delay);
      java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
      poll(due, task, cancelled);
      return () -> cancelled.set(true);
    }

    private void poll(Instant due, Runnable task, java.util.concurrent.atomic.AtomicBoolean cancelled) {
      ticker.schedule(Duration.ofSeconds(1), () -> {
        if (cancelled.get()) {
          return;
        }
        if (clock.instant().isBefore(due)) {
          poll(due, task, cancelled);
        } else {
          task.run();
        }
      });
    }
  }
}
