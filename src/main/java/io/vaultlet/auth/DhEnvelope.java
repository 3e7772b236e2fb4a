package io.vaultlet.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code dh_type = "curve25519"} (vault-agent.md §4.3, Vault's {@code dhutil}): X25519 with the client's public key
 * from {@code dh_path} (read on first use, then kept: trust on first use), optional HKDF-SHA256 key derivation,
 * AES-256-GCM with a random 12-byte nonce and {@code aad}. Output: {@code {"curve25519_public_key", "nonce",
 * "encrypted_payload"}}, standard base64.
 */
final class DhEnvelope {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dhPath;
  private final boolean deriveKey;
  private final byte[] aad;
  private KeyPair agent;
  private byte[] agentPublic;
  private byte[] clientPublic;

  DhEnvelope(Path dhPath, boolean deriveKey, String aad) {
    this.dhPath = dhPath;
    this.deriveKey = deriveKey;
    this.aad = aad.getBytes(StandardCharsets.UTF_8);
  }

  synchronized String encrypt(String plaintext) throws IOException {
    if (plaintext.isEmpty()) {
      throw new IOException("no plaintext to encrypt");
    }
    try {
      ensureKeys();
      byte[] key = sharedKey();
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad);
      byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      Map<String, String> out = new LinkedHashMap<>();
      Base64.Encoder b64 = Base64.getEncoder();
      out.put("curve25519_public_key", b64.encodeToString(agentPublic));
      out.put("nonce", b64.encodeToString(nonce));
      out.put("encrypted_payload", b64.encodeToString(sealed));
      return JSON.writeValueAsString(out);
    } catch (GeneralSecurityException e) {
      throw new IOException("error encrypting the token: " + e.getMessage(), e);
    }
  }

  private void ensureKeys() throws IOException, GeneralSecurityException {
    if (clientPublic == null) {
      String text;
      try {
        text = Files.readString(dhPath);
      } catch (NoSuchFileException e) {
        throw new IOException("no dh parameters file found at " + dhPath);
      }
      JsonNode n = JSON.readTree(text);
      byte[] pub = Base64.getDecoder().decode(n.path("curve25519_public_key").asText(""));
      if (pub.length != 32) {
        throw new IOException("dh parameters file " + dhPath + " has no 32-byte curve25519_public_key");
      }
      clientPublic = pub;
    }
    if (agent == null) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
      agent = g.generateKeyPair();
      agentPublic = rawPublic((XECPublicKey) agent.getPublic());
    }
  }

  private byte[] sharedKey() throws GeneralSecurityException, IOException {
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(agent.getPrivate());
    ka.doPhase(publicKey(clientPublic), true);
    byte[] shared = ka.generateSecret();
    if (!deriveKey) {
      return shared;
    }
    int cmp = Arrays.compareUnsigned(agentPublic, clientPublic);
    if (cmp == 0) {
      throw new IOException("identical public keys: refusing to derive a key");
    }
    byte[] lower = cmp < 0 ? agentPublic : clientPublic;
    byte[] higher = cmp < 0 ? clientPublic : agentPublic;
    return hkdfSha256(shared, lower, higher, 32);
  }

  /** RFC 5869 HKDF with SHA-256. */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int pos = 0;
    for (int i = 1; pos < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(t.length, length - pos);
      System.arraycopy(t, 0, out, pos, n);
      pos += n;
    }
    return out;
  }

  /** X25519 public keys travel little-endian (RFC 7748); Java's spec holds the u-coordinate as a number. */
  static byte[] rawPublic(XECPublicKey key) {
    byte[] be = key.getU().toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    byte[] be = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      be[i] = raw[raw.length - 1 - i];
    }
    be[0] &= 0x7f; // RFC 7748: mask the top bit of the last (little-endian) byte
    return KeyFactory.getInstance("X25519").generatePublic(
        new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
  }
}
