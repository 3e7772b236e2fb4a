package io.vaultlet.dev.transit;

import io.vaultlet.dev.DevException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * keysutil's {@code SignWithOptions}/{@code VerifySignatureWithOptions}: ECDSA over the digest (ASN.1 or JWS
 * {@code r||s} marshaling), Ed25519 over the raw input, RSA PSS (salt {@code auto} = as long as possible, {@code hash},
 * or a number; verification with {@code auto} recovers the salt length, as Go's {@code VerifyPSS}) and PKCS#1 v1.5
 * with a DigestInfo (raw for {@code hash_algorithm=none}). PSS is encoded here (RFC 8017 §9.1) over a raw RSA operation.
 */
final class TransitSigner {

  /** Vault's hash names → JCA digest names ({@code none} → null). */
  static final Map<String, String> HASHES = Map.of("none", "", "sha1", "SHA-1", "sha2-224", "SHA-224",
      "sha2-256", "SHA-256", "sha2-384", "SHA-384", "sha2-512", "SHA-512", "sha3-224", "SHA3-224", "sha3-256",
      "SHA3-256", "sha3-384", "SHA3-384", "sha3-512", "SHA3-512");

  private static final Map<String, ASN1ObjectIdentifier> OIDS = Map.of("SHA-1", OIWObjectIdentifiers.idSHA1,
      "SHA-224", NISTObjectIdentifiers.id_sha224, "SHA-256", NISTObjectIdentifiers.id_sha256,
      "SHA-384", NISTObjectIdentifiers.id_sha384, "SHA-512", NISTObjectIdentifiers.id_sha512,
      "SHA3-224", NISTObjectIdentifiers.id_sha3_224, "SHA3-256", NISTObjectIdentifiers.id_sha3_256,
      "SHA3-384", NISTObjectIdentifiers.id_sha3_384, "SHA3-512", NISTObjectIdentifiers.id_sha3_512);

  /** What a sign or verify request asked for. */
  record Options(String hash, boolean prehashed, boolean jws, String rsaScheme, String saltLength) {}

  private TransitSigner() {}

  static byte[] sign(TransitKey key, TransitKey.Version v, byte[] input, Options o) {
    try {
      if (key.type == TransitKey.Type.ED25519) {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(v.pair().getPrivate());
        s.update(input);
        return s.sign();
      }
      byte[] digest = digest(input, o);
      if (key.type.ecdsa()) {
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(v.pair().getPrivate());
        s.update(digest);
        byte[] der = s.sign();
        return o.jws() ? derToJws(der, fieldBytes(key.type)) : der;
      }
      RSAPrivateKey priv = (RSAPrivateKey) v.pair().getPrivate();
      if ("pkcs1v15".equals(o.rsaScheme())) {
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initSign(priv);
        s.update(o.hash().isEmpty() ? digest : digestInfo(o.hash(), digest));
        return s.sign();
      }
      int bits = priv.getModulus().bitLength();
      int hLen = MessageDigest.getInstance(o.hash()).getDigestLength();
      byte[] em = pssEncode(digest, bits - 1, o.hash(), saltLength(o.saltLength(), bits, hLen));
      Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
      raw.init(Cipher.DECRYPT_MODE, priv);
      return raw.doFinal(em);
    } catch (GeneralSecurityException e) {
      throw DevException.internal("failed to sign: " + e.getMessage());
    }
  }

  static boolean verify(TransitKey key, TransitKey.Version v, byte[] input, byte[] sig, Options o) {
    try {
      if (key.type == TransitKey.Type.ED25519) {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(v.pair().getPublic());
        s.update(input);
        return s.verify(sig);
      }
      byte[] digest = digest(input, o);
      if (key.type.ecdsa()) {
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initVerify(v.pair().getPublic());
        s.update(digest);
        byte[] der = o.jws() ? jwsToDer(sig, fieldBytes(key.type)) : sig;
        return der != null && s.verify(der);
      }
      RSAPublicKey pub = (RSAPublicKey) v.pair().getPublic();
      if ("pkcs1v15".equals(o.rsaScheme())) {
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(pub);
        s.update(o.hash().isEmpty() ? digest : digestInfo(o.hash(), digest));
        return s.verify(sig);
      }
      int bits = pub.getModulus().bitLength();
      int hLen = MessageDigest.getInstance(o.hash()).getDigestLength();
      BigInteger s = new BigInteger(1, sig);
      if (s.compareTo(pub.getModulus()) >= 0) {
        return false;
      }
      byte[] em = unsigned(s.modPow(pub.getPublicExponent(), pub.getModulus()), (bits - 1 + 7) / 8);
      Integer salt = "auto".equals(o.saltLength()) ? null : saltLength(o.saltLength(), bits, hLen);
      return pssVerify(digest, em, bits - 1, o.hash(), salt);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] digest(byte[] input, Options o) throws GeneralSecurityException {
    if (o.prehashed() || o.hash().isEmpty()) {
      return input;
    }
    return MessageDigest.getInstance(o.hash()).digest(input);
  }

  private static byte[] digestInfo(String hash, byte[] digest) {
    try {
      return new DigestInfo(new AlgorithmIdentifier(OIDS.get(hash), DERNull.INSTANCE), digest).getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code auto}: the largest salt (Go's PSSSaltLengthAuto when signing); {@code hash}: the digest length. */
  private static int saltLength(String spec, int modBits, int hLen) {
    int max = (modBits - 1 + 7) / 8 - hLen - 2;
    if (spec == null || spec.isEmpty() || spec.equals("auto")) {
      return max;
    }
    if (spec.equals("hash")) {
      return hLen;
    }
    int n;
    try {
      n = Integer.parseInt(spec);
    } catch (NumberFormatException e) {
      throw DevException.badRequest("salt length must be \"auto\", \"hash\", or an integer, got " + spec);
    }
    if (n < 0 || n > max) {
      throw DevException.badRequest("requested salt length " + n + " is invalid");
    }
    return n;
  }

  /** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of a message digest, MGF1 with the same hash. */
  private static byte[] pssEncode(byte[] mHash, int emBits, String hash, int sLen) throws GeneralSecurityException {
    int hLen = mHash.length;
    int emLen = (emBits + 7) / 8;
    byte[] salt = TransitKey.random(sLen);
    MessageDigest md = MessageDigest.getInstance(hash);
    md.update(new byte[8]);
    md.update(mHash);
    byte[] h = md.digest(salt);
    byte[] db = new byte[emLen - hLen - 1];
    db[db.length - sLen - 1] = 0x01;
    System.arraycopy(salt, 0, db, db.length - sLen, sLen);
    byte[] mask = mgf1(h, db.length, hash);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
    byte[] em = new byte[emLen];
    System.arraycopy(db, 0, em, 0, db.length);
    System.arraycopy(h, 0, em, db.length, hLen);
    em[emLen - 1] = (byte) 0xbc;
    return em;
  }

  /** EMSA-PSS-VERIFY; a null {@code sLen} recovers the salt length from the encoding. */
  private static boolean pssVerify(byte[] mHash, byte[] em, int emBits, String hash, Integer sLen)
      throws GeneralSecurityException {
    int hLen = mHash.length;
    int emLen = (emBits + 7) / 8;
    if (em.length != emLen || emLen < hLen + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
      return false;
    }
    byte[] db = Arrays.copyOf(em, emLen - hLen - 1);
    byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
    int topBits = 8 * emLen - emBits;
    if ((db[0] & 0xff & ~(0xff >>> topBits)) != 0) {
      return false;
    }
    byte[] mask = mgf1(h, db.length, hash);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xff >>> topBits);
    int i = 0;
    while (i < db.length && db[i] == 0) {
      i++;
    }
    if (i == db.length || db[i] != 0x01 || (sLen != null && db.length - i - 1 != sLen)) {
      return false;
    }
    byte[] salt = Arrays.copyOfRange(db, i + 1, db.length);
    MessageDigest md = MessageDigest.getInstance(hash);
    md.update(new byte[8]);
    md.update(mHash);
    return MessageDigest.isEqual(h, md.digest(salt));
  }

  private static byte[] mgf1(byte[] seed, int length, String hash) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance(hash);
    byte[] out = new byte[length];
    int done = 0;
    for (int counter = 0; done < length; counter++) {
      md.update(seed);
      md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
          (byte) counter});
      byte[] block = md.digest();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }

  private static int fieldBytes(TransitKey.Type type) {
    return type == TransitKey.Type.ECDSA_P256 ? 32 : type == TransitKey.Type.ECDSA_P384 ? 48 : 66;
  }

  private static byte[] derToJws(byte[] der, int size) {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    byte[] out = new byte[2 * size];
    byte[] r = unsigned(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), size);
    byte[] s = unsigned(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), size);
    System.arraycopy(r, 0, out, 0, size);
    System.arraycopy(s, 0, out, size, size);
    return out;
  }

  private static byte[] jwsToDer(byte[] jws, int size) {
    if (jws.length != 2 * size) {
      return null;
    }
    try {
      return new DERSequence(new ASN1Integer[] {
          new ASN1Integer(new BigInteger(1, Arrays.copyOf(jws, size))),
          new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(jws, size, 2 * size)))}).getEncoded("DER");
    } catch (IOException e) {
      return null;
    }
  }

  /** A non-negative integer as exactly {@code size} big-endian bytes. */
  private static byte[] unsigned(BigInteger n, int size) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }
}
