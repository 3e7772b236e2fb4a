package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.Times;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One named transit key (Vault's {@code keysutil.Policy}): its type, its versions (each with its key material and an
 * HMAC key), the minimum decryption and encryption versions and its flags. Versions start at 1; {@code vault:v<N>:}
 * prefixes ciphertexts and signatures. Guarded by its own monitor.
 */
final class TransitKey {

  /** The key types the emulator offers, with Vault's names. */
  enum Type {
    AES128_GCM96("aes128-gcm96"), AES256_GCM96("aes256-gcm96"), CHACHA20_POLY1305("chacha20-poly1305"),
    ED25519("ed25519"), ECDSA_P256("ecdsa-p256"), ECDSA_P384("ecdsa-p384"), ECDSA_P521("ecdsa-p521"),
    RSA_2048("rsa-2048"), RSA_3072("rsa-3072"), RSA_4096("rsa-4096"), HMAC("hmac");

    final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    static Type of(String name) {
      for (Type t : values()) {
        if (t.wire.equals(name)) {
          return t;
        }
      }
      return null;
    }

    boolean symmetric() {
      return this == AES128_GCM96 || this == AES256_GCM96 || this == CHACHA20_POLY1305;
    }

    boolean rsa() {
      return this == RSA_2048 || this == RSA_3072 || this == RSA_4096;
    }

    boolean ecdsa() {
      return this == ECDSA_P256 || this == ECDSA_P384 || this == ECDSA_P521;
    }

    boolean encryption() {
      return symmetric() || rsa();
    }

    boolean signing() {
      return ecdsa() || rsa() || this == ED25519;
    }

    boolean derivation() {
      return symmetric() || this == ED25519;
    }
  }

  /** One version: symmetric bytes or a key pair, and the version's HMAC key. */
  record Version(Instant created, byte[] secret, KeyPair pair, byte[] hmacKey) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  final String name;
  final Type type;
  final boolean derived;
  final int keySize;
  final Map<Integer, Version> versions = new TreeMap<>();
  int latestVersion;
  int minDecryptionVersion = 1;
  int minEncryptionVersion;
  boolean deletionAllowed;
  boolean exportable;
  boolean allowPlaintextBackup;
  Duration autoRotatePeriod = Duration.ZERO;

  TransitKey(String name, Type type, boolean derived, int keySize, Instant now) {
    this.name = name;
    this.type = type;
    this.derived = derived;
    this.keySize = keySize;
    rotate(now);
  }

  /** Adds a new latest version. */
  synchronized void rotate(Instant now) {
    latestVersion++;
    versions.put(latestVersion, new Version(now, secretFor(type, keySize), pairFor(type), random(32)));
  }

  /** Vault's periodic auto-rotation, applied when the key is used: rotates once the period has passed. */
  synchronized void autoRotate(Instant now) {
    if (!autoRotatePeriod.isZero()) {
      Instant last = versions.get(latestVersion).created();
      if (!now.isBefore(last.plus(autoRotatePeriod))) {
        rotate(now);
      }
    }
  }

  synchronized Version version(int v) {
    return versions.get(v);
  }

  /** The version to encrypt or sign with: 0 means the latest; Vault's checks and texts. */
  synchronized int encryptionVersion(int requested, String what) {
    if (requested == 0) {
      return latestVersion;
    }
    if (requested < 0) {
      throw DevException.badRequest("requested version for " + what + " is negative");
    }
    if (requested > latestVersion) {
      throw DevException.badRequest("requested version for " + what + " is higher than the latest key version");
    }
    if (minEncryptionVersion > 0 && requested < minEncryptionVersion) {
      throw DevException.badRequest("requested version for " + what + " is less than the minimum encryption key "
          + "version");
    }
    return requested;
  }

  /** Vault's {@code formatKeyPolicy} (keys sorted as Go marshals a map). */
  synchronized Map<String, Object> describe() {
    Map<String, Object> d = new TreeMap<>();
    d.put("allow_plaintext_backup", allowPlaintextBackup);
    d.put("auto_rotate_period", autoRotatePeriod.getSeconds());
    d.put("deletion_allowed", deletionAllowed);
    d.put("derived", derived);
    d.put("exportable", exportable);
    d.put("imported_key", false);
    d.put("latest_version", latestVersion);
    d.put("min_available_version", 0);
    d.put("min_decryption_version", minDecryptionVersion);
    d.put("min_encryption_version", minEncryptionVersion);
    d.put("name", name);
    d.put("supports_decryption", type.encryption());
    d.put("supports_derivation", type.derivation());
    d.put("supports_encryption", type.encryption());
    d.put("supports_signing", type.signing());
    d.put("type", type.wire);
    if (type == Type.HMAC) {
      d.put("key_size", keySize);
    }
    if (derived) {
      d.put("convergent_encryption", false);
      d.put("kdf", "hkdf_sha256");
    }
    Map<String, Object> keys = new TreeMap<>();
    versions.forEach((n, v) -> keys.put(String.valueOf(n), v.pair() == null ? (Object) v.created().getEpochSecond()
        : publicPart(v)));
    d.put("keys", keys);
    return d;
  }

  private Map<String, Object> publicPart(Version v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("certificate_chain", "");
    m.put("creation_time", Times.rfc3339Nano(v.created()));
    String curve = switch (type) {
      case ECDSA_P256 -> "P-256";
      case ECDSA_P384 -> "P-384";
      case ECDSA_P521 -> "P-521";
      default -> type.wire;
    };
    m.put("name", curve);
    m.put("public_key", type == Type.ED25519 ? Base64.getEncoder().encodeToString(TransitCrypto.ed25519Raw(
        v.pair().getPublic())) : TransitCrypto.publicPem(v.pair().getPublic()));
    return m;
  }

  private static byte[] secretFor(Type type, int keySize) {
    return switch (type) {
      case AES128_GCM96 -> random(16);
      case AES256_GCM96, CHACHA20_POLY1305 -> random(32);
      case HMAC -> random(keySize);
      default -> null;
    };
  }

  private static KeyPair pairFor(Type type) {
    try {
      KeyPairGenerator g;
      switch (type) {
        case ED25519:
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        case ECDSA_P256: case ECDSA_P384: case ECDSA_P521:
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec(type == Type.ECDSA_P256 ? "secp256r1"
              : type == Type.ECDSA_P384 ? "secp384r1" : "secp521r1"), RANDOM);
          return g.generateKeyPair();
        case RSA_2048: case RSA_3072: case RSA_4096:
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(type == Type.RSA_2048 ? 2048 : type == Type.RSA_3072 ? 3072 : 4096, RANDOM);
          return g.generateKeyPair();
        default:
          return null;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not generate a " + type.wire + " key: " + e.getMessage(), e);
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
