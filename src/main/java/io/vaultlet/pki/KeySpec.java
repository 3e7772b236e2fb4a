package io.vaultlet.pki;

import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A private key to generate, in Vault's terms: {@code key_type} {@code rsa} or {@code ec} and {@code key_bits} (RSA
 * modulus length; EC curve size: 256, 384, 521 for P-256, P-384, P-521; the JDK cannot make P-224 keys).
 *
 * @param type {@code rsa} or {@code ec}
 * @param bits the size
 */
public record KeySpec(String type, int bits) {

  private static final List<Integer> RSA_BITS = List.of(2048, 3072, 4096, 8192);
  private static final List<Integer> EC_BITS = List.of(256, 384, 521);

  /** What vaultlet generates when neither the template nor the role says: EC P-256 (Vault's default EC size). */
  public static final KeySpec DEFAULT = new KeySpec("ec", 256);

  public KeySpec {
    if (!type.equals("rsa") && !type.equals("ec")) {
      throw new IllegalArgumentException("key_type must be \"rsa\" or \"ec\", got \"" + type + "\"");
    }
    List<Integer> allowed = type.equals("rsa") ? RSA_BITS : EC_BITS;
    if (!allowed.contains(bits)) {
      throw new IllegalArgumentException("key_bits " + bits + " is not supported for " + type + " keys (one of "
          + allowed + ")");
    }
  }

  /**
   * The spec for {@code type} and {@code bits} as Vault reads them: {@code bits} 0 means the type's default (RSA 2048,
   * EC 256). Throws {@link IllegalArgumentException} naming the bad value.
   */
  public static KeySpec of(String type, int bits) {
    String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
    if (t.equals("rsa") && bits == 0) {
      return new KeySpec("rsa", 2048);
    }
    if (t.equals("ec") && bits == 0) {
      return new KeySpec("ec", 256);
    }
    return new KeySpec(t, bits);
  }

  /** The spec a public key has: {@code rsa} with its modulus length, {@code ec} with its curve's field size. */
  public static KeySpec of(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new KeySpec("rsa", rsa.getModulus().bitLength());
    }
    if (key instanceof ECPublicKey ec) {
      return new KeySpec("ec", ec.getParams().getCurve().getField().getFieldSize());
    }
    throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
  }

  /**
   * The signature algorithm vaultlet signs with a key of {@code key}'s algorithm (as Go's x509 does): SHA-256 with
   * RSA or ECDSA, or Ed25519; empty for another algorithm.
   */
  public static Optional<String> signatureAlgorithm(Key key) {
    return Optional.ofNullable(switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    });
  }

  /** True when {@code key} is of this type and size. */
  public boolean matches(PublicKey key) {
    try {
      return of(key).equals(this);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code ec 256}. */
  @Override
  public String toString() {
    return type + " " + bits;
  }
}
