package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The encryption half of keysutil: AES-GCM and ChaCha20-Poly1305 with a random 96-bit nonce ({@code nonce ||
 * ciphertext || tag}), RSA-OAEP with SHA-256 for both the hash and MGF1 (as Go's {@code rsa.EncryptOAEP(sha256)}),
 * HKDF-SHA256 key derivation from a context, Go-compatible base64, and public key encodings.
 */
final class TransitCrypto {

  private static final int NONCE = 12;

  private TransitCrypto() {}

  static byte[] encrypt(TransitKey key, TransitKey.Version v, byte[] context, byte[] plaintext) {
    try {
      if (key.type.rsa()) {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, v.pair().getPublic(), oaep());
        return c.doFinal(plaintext);
      }
      byte[] nonce = TransitKey.random(NONCE);
      Cipher c = aead(key, v, context, Cipher.ENCRYPT_MODE, nonce);
      byte[] sealed = c.doFinal(plaintext);
      byte[] out = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw DevException.internal("failed to encrypt: " + e.getMessage());
    }
  }

  /** Decrypts; a tampered or foreign ciphertext is Vault's internal error {@code cipher: message authentication failed}. */
  static byte[] decrypt(TransitKey key, TransitKey.Version v, byte[] context, byte[] ciphertext) {
    try {
      if (key.type.rsa()) {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, v.pair().getPrivate(), oaep());
        return c.doFinal(ciphertext);
      }
      if (ciphertext.length < NONCE) {
        throw DevException.badRequest("invalid ciphertext length");
      }
      Cipher c = aead(key, v, context, Cipher.DECRYPT_MODE, Arrays.copyOf(ciphertext, NONCE));
      return c.doFinal(ciphertext, NONCE, ciphertext.length - NONCE);
    } catch (javax.crypto.AEADBadTagException e) {
      throw DevException.internal("cipher: message authentication failed");
    } catch (GeneralSecurityException e) {
      throw DevException.internal(key.type.rsa() ? "failed to RSA decrypt the ciphertext: crypto/rsa: decryption error"
          : "cipher: message authentication failed");
    }
  }

  private static Cipher aead(TransitKey key, TransitKey.Version v, byte[] context, int mode, byte[] nonce)
      throws GeneralSecurityException {
    byte[] secret = keyBytes(key, v, context, key.type == TransitKey.Type.AES128_GCM96 ? 16 : 32);
    if (key.type == TransitKey.Type.CHACHA20_POLY1305) {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(mode, new SecretKeySpec(secret, "ChaCha20"), new IvParameterSpec(nonce));
      return c;
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, nonce));
    return c;
  }

  /** The version's key, or (derived keys) HKDF-SHA256 of it with the context as info, as keysutil's DeriveKey. */
  static byte[] keyBytes(TransitKey key, TransitKey.Version v, byte[] context, int length) {
    if (!key.derived) {
      return v.secret();
    }
    if (context == null || context.length == 0) {
      throw DevException.badRequest("missing 'context' for key derivation; the key was created using a derived key, "
          + "which means additional, per-request information must be included in order to perform operations with "
          + "the key");
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(v.secret(), null, context));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  private static OAEPParameterSpec oaep() {
    return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  /**
   * Go's {@code base64.StdEncoding.DecodeString}: padding required; a bad input is {@code illegal base64 data at input
   * byte N}.
   */
  static byte[] base64(String text) {
    String s = text.replace("\r", "").replace("\n", "");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
          || (c == '=' && i >= s.length() - 2);
      if (!ok) {
        throw new IllegalArgumentException("illegal base64 data at input byte " + i);
      }
    }
    if (s.length() % 4 != 0) {
      throw new IllegalArgumentException("illegal base64 data at input byte " + (s.length() - s.length() % 4));
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("illegal base64 data at input byte " + Math.max(0, s.length() - 1));
    }
  }

  static String b64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  /** PKIX {@code PUBLIC KEY} PEM with a trailing newline, as Go's {@code pem.EncodeToMemory}. */
  static String publicPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** The 32 raw bytes of an Ed25519 public key (the tail of its X.509 encoding). */
  static byte[] ed25519Raw(PublicKey key) {
    byte[] enc = key.getEncoded();
    return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
  }
}
