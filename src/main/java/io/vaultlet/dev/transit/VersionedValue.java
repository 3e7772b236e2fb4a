package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;

/**
 * A transit value {@code vault:v<N>:<payload>} (a ciphertext, a signature or an HMAC), parsed with keysutil's
 * checks and texts: {@code invalid <kind>: no prefix}, {@code wrong number of fields}, {@code version number could not
 * be decoded}, {@code version is too new}, and the minimum decryption version.
 */
record VersionedValue(int version, String payload) {

  static final String TOO_OLD = "ciphertext or signature version is disallowed by policy (too old)";

  static VersionedValue parse(String value, String kind, TransitKey key) {
    if (!value.startsWith("vault:v")) {
      throw DevException.badRequest("invalid " + kind + ": no prefix");
    }
    String rest = value.substring("vault:v".length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      throw DevException.badRequest("invalid " + kind + ": wrong number of fields");
    }
    int version;
    try {
      version = Integer.parseInt(rest.substring(0, colon));
    } catch (NumberFormatException e) {
      throw DevException.badRequest("invalid " + kind + ": version number could not be decoded");
    }
    if (version == 0) {
      version = 1; // keysutil's compatibility with keys that started at zero
    }
    synchronized (key) {
      if (version > key.latestVersion) {
        throw DevException.badRequest("invalid " + kind + ": version is too new");
      }
      if (key.minDecryptionVersion > 0 && version < key.minDecryptionVersion) {
        throw DevException.badRequest(TOO_OLD);
      }
    }
    return new VersionedValue(version, rest.substring(colon + 1));
  }
}
