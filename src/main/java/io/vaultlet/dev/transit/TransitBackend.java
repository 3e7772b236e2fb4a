package io.vaultlet.dev.transit;

import io.vaultlet.dev.Backend;
import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@code transit} secrets engine: named keys ({@code keys/<name>}, LIST {@code keys}, {@code keys/<name>/config},
 * {@code keys/<name>/rotate}) and the operations of {@link TransitOperations} ({@code encrypt}, {@code decrypt},
 * {@code rewrap}, {@code sign}, {@code verify}, {@code hmac}, {@code random}). Key material never leaves the emulator
 * (no export or backup). Convergent encryption is not offered.
 */
final class TransitBackend implements Backend {

  private final Clock clock;
  private final Map<String, TransitKey> keys = new ConcurrentSkipListMap<>();
  private final TransitOperations operations;

  TransitBackend(Clock clock) {
    this.clock = clock;
    this.operations = new TransitOperations(this);
  }

  static TransitBackend create(MountContext mount) {
    return new TransitBackend(mount.clock());
  }

  /** The key, auto-rotated if its period has passed; null when missing. */
  TransitKey key(String name) {
    TransitKey k = keys.get(name);
    if (k != null) {
      k.autoRotate(clock.instant());
    }
    return k;
  }

  /** The upsert of {@code encrypt/<name>} for a missing key (only when the request is a create). */
  TransitKey upsert(String name, String type, boolean derived) {
    TransitKey.Type t = TransitKey.Type.of(type);
    if (t == null) {
      throw DevException.badRequest("unknown key type " + type);
    }
    if (!t.symmetric()) {
      throw DevException.badRequest("key type " + type + " not supported for this operation");
    }
    return keys.computeIfAbsent(name, n -> new TransitKey(n, t, derived, 0, clock.instant()));
  }

  @Override
  public Boolean exists(DevRequest req) {
    String p = req.path();
    String[] parts = p.split("/");
    if (parts.length == 2 && (parts[0].equals("keys") || parts[0].equals("encrypt"))) {
      return keys.containsKey(parts[1]);
    }
    return null;
  }

  @Override
  public DevResponse handle(DevRequest req) {
    String p = req.path();
    if (p.equals("keys/") || p.equals("keys")) {
      Routes.only(req, Operation.LIST);
      return DevResponse.keys(new ArrayList<>(keys.keySet()));
    }
    if (p.startsWith("keys/")) {
      String[] parts = p.substring("keys/".length()).split("/", 2);
      if (parts.length == 1) {
        return keyEntry(req, parts[0]);
      }
      Routes.writesOnly(req);
      switch (parts[1]) {
        case "rotate":
          return rotate(parts[0]);
        case "config":
          return TransitKeyConfig.write(existing(parts[0], "no existing key named " + parts[0] + " could be found"),
              req);
        default:
          throw DevException.unsupportedPath();
      }
    }
    return operations.handle(req);
  }

  private TransitKey existing(String name, String missing) {
    TransitKey k = key(name);
    if (k == null) {
      throw DevException.badRequest(missing);
    }
    return k;
  }

  private DevResponse keyEntry(DevRequest req, String name) {
    switch (req.operation()) {
      case READ: {
        TransitKey k = key(name);
        return k == null ? null : DevResponse.of(k.describe());
      }
      case CREATE:
      case UPDATE:
        return create(req, name);
      case DELETE: {
        TransitKey k = keys.get(name);
        if (k == null) {
          throw DevException.badRequest("error deleting policy " + name + ": could not delete key; not found");
        }
        if (!k.deletionAllowed) {
          throw DevException.badRequest("error deleting policy " + name + ": deletion is not allowed for this key");
        }
        keys.remove(name);
        return DevResponse.noContent();
      }
      default:
        throw DevException.unsupportedOperation();
    }
  }

  /** Vault's {@code pathPolicyWrite}: an existing key is left alone (with a warning); answers the key. */
  private DevResponse create(DevRequest req, String name) {
    String typeName = req.string("type", "aes256-gcm96");
    boolean derived = req.bool("derived", false);
    boolean convergent = req.bool("convergent_encryption", false);
    Duration autoRotate = req.duration("auto_rotate_period");
    if (!autoRotate.isZero() && autoRotate.compareTo(Duration.ofHours(1)) < 0) {
      throw DevException.badRequest("auto rotate period must be 0 to disable or at least an hour");
    }
    if (!derived && convergent) {
      throw DevException.badRequest("convergent encryption requires derivation to be enabled");
    }
    if (convergent) {
      throw DevException.badRequest("the vaultlet emulator does not offer convergent encryption");
    }
    TransitKey.Type type = TransitKey.Type.of(typeName);
    if (type == null) {
      throw DevException.badRequest("unknown key type " + typeName);
    }
    int keySize = (int) req.integer("key_size", 0);
    if (keySize != 0 && type != TransitKey.Type.HMAC) {
      throw DevException.badRequest("key_size is not valid for algorithm " + typeName);
    }
    if (type == TransitKey.Type.HMAC && keySize == 0) {
      keySize = 32;
    }
    if (keySize != 0 && (keySize < 32 || keySize > 512)) {
      throw DevException.badRequest("invalid key_size " + keySize);
    }
    if (derived && !type.derivation()) {
      throw DevException.badRequest("key derivation and convergent encryption not supported for keys of type "
          + typeName);
    }
    if (derived && type == TransitKey.Type.ED25519) {
      throw DevException.badRequest("the vaultlet emulator derives keys for aes and chacha20 key types only");
    }
    TransitKey existing = keys.get(name);
    if (existing != null) {
      return DevResponse.of(existing.describe()).withWarning("key " + name + " already existed");
    }
    TransitKey k = new TransitKey(name, type, derived, keySize, clock.instant());
    k.exportable = req.bool("exportable", false);
    k.allowPlaintextBackup = req.bool("allow_plaintext_backup", false);
    k.autoRotatePeriod = autoRotate;
    TransitKey raced = keys.putIfAbsent(name, k);
    return DevResponse.of((raced == null ? k : raced).describe());
  }

  private DevResponse rotate(String name) {
    TransitKey k = existing(name, "key not found");
    k.rotate(clock.instant());
    return DevResponse.of(k.describe());
  }

  Clock clock() {
    return clock;
  }
}
