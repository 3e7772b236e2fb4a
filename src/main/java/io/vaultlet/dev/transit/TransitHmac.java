package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code hmac/<key>[/<hash>]} ({@code vault:v<N>:<base64>} with the version's HMAC key, or the key itself for
 * {@code hmac}-type keys), its verification through {@code verify/<key>} with {@code hmac}, and {@code random}.
 */
final class TransitHmac {

  private TransitHmac() {}

  static DevResponse hmac(TransitKey key, DevRequest req, String urlAlgorithm) {
    if (key == null) {
      throw DevException.badRequest("encryption key not found");
    }
    String hash = hash(urlAlgorithm.isEmpty() ? req.string("algorithm", "sha2-256") : urlAlgorithm);
    int version = req.integer("key_version", 0) == 0 ? key.latestVersion : (int) req.integer("key_version", 0);
    synchronized (key) {
      if (version > key.latestVersion) {
        throw DevException.badRequest("invalid version");
      }
      if (key.minDecryptionVersion > 0 && version < key.minDecryptionVersion) {
        throw DevException.badRequest("cannot generate HMAC: version is too old (disallowed by policy)");
      }
    }
    if (!req.has("input")) {
      throw DevException.badRequest("missing input for HMAC");
    }
    byte[] input = TransitOperations.decode(req.string("input"), null);
    Map<String, Object> d = new TreeMap<>();
    d.put("hmac", "vault:v" + version + ":" + TransitCrypto.b64(mac(key, version, hash, input)));
    return DevResponse.of(d);
  }

  static DevResponse verify(TransitKey key, DevRequest req, String hash) {
    VersionedValue v = VersionedValue.parse(req.string("hmac"), "HMAC", key);
    byte[] expected;
    try {
      expected = TransitCrypto.base64(v.payload());
    } catch (IllegalArgumentException e) {
      throw DevException.badRequest("invalid HMAC value");
    }
    byte[] input = TransitOperations.decode(req.string("input", ""), null);
    Map<String, Object> d = new TreeMap<>();
    d.put("valid", MessageDigest.isEqual(expected, mac(key, v.version(), hash.isEmpty() ? "SHA-256" : hash, input)));
    return DevResponse.of(d);
  }

  /** {@code random[/<source>][/<bytes>]}: {@code bytes} (default 32, at most 128 KiB), {@code format} base64 or hex. */
  static DevResponse random(DevRequest req, String rest) {
    Routes.only(req, Operation.CREATE, Operation.UPDATE);
    String bytesText = req.string("bytes", "32");
    for (String segment : rest.split("/")) {
      if (segment.matches("\\d+")) {
        bytesText = segment;
      }
    }
    int n;
    try {
      n = Integer.parseInt(bytesText);
    } catch (NumberFormatException e) {
      throw DevException.badRequest("error parsing url-set byte count: " + bytesText);
    }
    if (n < 1 || n > 128 * 1024) {
      throw DevException.badRequest("bytes must be between 1 and 131072");
    }
    String format = req.string("format", "base64");
    byte[] data = TransitKey.random(n);
    Map<String, Object> d = new TreeMap<>();
    switch (format) {
      case "base64":
        d.put("random_bytes", TransitCrypto.b64(data));
        break;
      case "hex":
        d.put("random_bytes", TransitOperations.hex(data));
        break;
      default:
        throw DevException.badRequest("unsupported encoding format " + format + "; must be \"hex\" or \"base64\"");
    }
    return DevResponse.of(d);
  }

  private static String hash(String name) {
    String hash = TransitSigner.HASHES.get(name);
    if (hash == null || hash.isEmpty()) {
      throw DevException.badRequest("unsupported algorithm \"" + name + "\"");
    }
    return hash;
  }

  private static byte[] mac(TransitKey key, int version, String hash, byte[] input) {
    TransitKey.Version v = key.version(version);
    byte[] secret = key.type == TransitKey.Type.HMAC ? v.secret() : v.hmacKey();
    String algorithm = "Hmac" + (hash.startsWith("SHA-") ? "SHA" + hash.substring(4) : hash);
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw DevException.badRequest("unsupported algorithm \"" + hash + "\"");
    }
  }
}
