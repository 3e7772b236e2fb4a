package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import java.time.Duration;

/**
 * {@code keys/<name>/config}, as OpenBao's {@code pathKeysConfigWrite}: minimum decryption and encryption versions,
 * {@code deletion_allowed}, the one-way {@code exportable} and {@code allow_plaintext_backup} switches and the
 * auto-rotation period. Nothing changes when a value is refused; the answer is the key.
 */
final class TransitKeyConfig {

  private TransitKeyConfig() {}

  static DevResponse write(TransitKey k, DevRequest req) {
    synchronized (k) {
      int minDecryption = k.minDecryptionVersion;
      int minEncryption = k.minEncryptionVersion;
      String warning = null;
      if (req.has("min_decryption_version")) {
        int v = (int) req.integer("min_decryption_version", 0);
        if (v < 0) {
          throw DevException.badRequest("min decryption version cannot be negative");
        }
        if (v == 0) {
          v = 1;
          warning = "since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1";
        }
        if (v != minDecryption && v > k.latestVersion) {
          throw DevException.badRequest("cannot set min decryption version of " + v + ", latest key version is "
              + k.latestVersion);
        }
        minDecryption = v;
      }
      if (req.has("min_encryption_version")) {
        int v = (int) req.integer("min_encryption_version", 0);
        if (v < 0) {
          throw DevException.badRequest("min encryption version cannot be negative");
        }
        if (v != minEncryption && v > k.latestVersion) {
          throw DevException.badRequest("cannot set min encryption version of " + v + ", latest key version is "
              + k.latestVersion);
        }
        minEncryption = v;
      }
      if (minEncryption > 0 && minEncryption < minDecryption) {
        throw DevException.badRequest("cannot set min encryption/decryption values; min encryption version of "
            + minEncryption + " must be greater than or equal to min decryption version of " + minDecryption);
      }
      Duration autoRotate = k.autoRotatePeriod;
      if (req.has("auto_rotate_period")) {
        autoRotate = req.duration("auto_rotate_period");
        if (!autoRotate.isZero() && autoRotate.compareTo(Duration.ofHours(1)) < 0) {
          throw DevException.badRequest("auto rotate period must be 0 to disable or at least an hour");
        }
      }
      k.minDecryptionVersion = minDecryption;
      k.minEncryptionVersion = minEncryption;
      k.autoRotatePeriod = autoRotate;
      if (req.has("deletion_allowed")) {
        k.deletionAllowed = req.bool("deletion_allowed", false);
      }
      if (req.bool("exportable", false)) {
        k.exportable = true;
      }
      if (req.bool("allow_plaintext_backup", false)) {
        k.allowPlaintextBackup = true;
      }
      return DevResponse.of(k.describe()).withWarning(warning);
    }
  }
}
