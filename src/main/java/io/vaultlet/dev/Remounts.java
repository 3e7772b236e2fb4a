package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sys/remount} and {@code sys/remount/status/<migration_id>}: moves a secrets engine or an auth method to a new
 * path, keeping its backend (and so its data), as Vault's {@code handleRemount} does. Vault moves the mount in the
 * background and reports progress by migration id; the emulator moves it before answering, so the status is already
 * {@code success}. Leases issued under the old path are revoked (for an auth method: the tokens it issued), as
 * Vault's {@code RevokePrefix} does.
 */
final class Remounts {

  /** Vault's {@code protectedMounts} and {@code protectedAuths}. */
  private static final List<String> PROTECTED = List.of("audit/", "auth/", "sys/", "cubbyhole/", "identity/");
  private static final String PROTECTED_AUTH = "auth/token";

  private final Core core;
  private final Map<String, Map<String, Object>> migrations = new ConcurrentHashMap<>();

  Remounts(Core core) {
    this.core = core;
  }

  /** {@code POST sys/remount} with {@code from} and {@code to}. */
  DevResponse remount(DevRequest req) {
    Routes.writesOnly(req);
    String fromRaw = req.string("from", "");
    String toRaw = req.string("to", "");
    if (fromRaw.isEmpty() || toRaw.isEmpty()) {
      throw DevException.badRequest("both 'from' and 'to' path must be specified as a string");
    }
    if (!fromRaw.equals(fromRaw.strip())) {
      throw DevException.badRequest("'from' path cannot contain trailing whitespace");
    }
    if (!toRaw.equals(toRaw.strip())) {
      throw DevException.badRequest("'to' path cannot contain trailing whitespace");
    }
    String from = sanitize(fromRaw);
    String to = sanitize(toRaw);
    checkProtected(from, to);
    MountEntry entry = core.mounts.get(from);
    if (entry == null) {
      throw DevException.badRequest("no matching mount at \"" + from + "\"");
    }
    String conflict = core.mounts.conflict(to);
    if (conflict != null) {
      throw DevException.badRequest("path already in use at \"" + conflict + "\"");
    }
    move(entry, from, to);
    String id = Ids.uuid();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("source_mount", from);
    info.put("status", "success");
    info.put("target_mount", to);
    migrations.put(id, info);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("migration_id", id);
    return DevResponse.of(d).withWarning("Mount move has been queued. Progress will be reported in Vault's server "
        + "log, tagged with the returned migration_id");
  }

  /** {@code GET sys/remount/status/<migration_id>}; unknown ids are a 404. */
  DevResponse status(DevRequest req, String id) {
    Routes.only(req, Operation.READ);
    if (id.isEmpty()) {
      throw DevException.badRequest("migrationID must be specified");
    }
    Map<String, Object> info = migrations.get(id);
    if (info == null) {
      return null;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("migration_id", id);
    d.put("migration_info", new LinkedHashMap<>(info));
    return DevResponse.of(d);
  }

  private static void checkProtected(String from, String to) {
    if (from.startsWith("auth/")) {
      if (!to.startsWith("auth/")) {
        throw DevException.badRequest("cannot remount auth mount to non-auth mount \"" + to + "\"");
      }
      if (from.startsWith(PROTECTED_AUTH)) {
        throw DevException.badRequest("cannot remount \"" + from + "\"");
      }
      if (to.startsWith(PROTECTED_AUTH)) {
        throw DevException.badRequest("cannot remount to destination \"" + to + "\"");
      }
      return;
    }
    for (String p : PROTECTED) {
      if (from.startsWith(p)) {
        throw DevException.badRequest("cannot remount \"" + from + "\"");
      }
      if (to.startsWith(p)) {
        throw DevException.badRequest("cannot remount to destination " + to);
      }
    }
  }

  /** Revokes what was issued under the old path, then re-keys the mount table. */
  private void move(MountEntry entry, String from, String to) {
    core.leases.revokeQuietly(core.leases.withPrefix(from));
    if (entry.kind == MountKind.AUTH) {
      List<String> issued = new ArrayList<>(core.tokens.issuedUnder(from));
      issued.forEach(core::revokeToken);
    }
    core.mounts.move(from, to);
  }

  /** Vault's {@code sanitizePath}: no leading slash, one trailing slash. */
  private static String sanitize(String p) {
    String s = p.startsWith("/") ? p.substring(1) : p;
    return s.endsWith("/") ? s : s + "/";
  }
}
