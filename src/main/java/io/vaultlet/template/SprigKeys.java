package io.vaultlet.template;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.DSAPrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Private keys for Sprig's crypto functions ({@link SprigCrypto}): {@code genPrivateKey} and the PEM blocks Sprig's
 * {@code pemBlockForKey} writes (PKCS#1 for RSA, SEC 1 with the public point for ECDSA, Sprig's own ASN.1 sequence
 * for DSA, PKCS#8 otherwise), and {@code parsePrivateKeyPEM} for the {@code …WithKey} functions.
 */
final class SprigKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SprigKeys() {}

  static String genPrivateKey(String type) throws Exception {
    KeyPair kp;
    switch (type) {
      case "", "rsa" -> kp = generator("RSA", 4096).generateKeyPair();
      case "dsa" -> {
        // Go: dsa.GenerateParameters(…, dsa.L2048N256)
        java.security.AlgorithmParameterGenerator pg = java.security.AlgorithmParameterGenerator.getInstance("DSA");
        pg.init(new java.security.spec.DSAGenParameterSpec(2048, 256), RANDOM);
        KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
        g.initialize(pg.generateParameters().getParameterSpec(java.security.spec.DSAParameterSpec.class), RANDOM);
        kp = g.generateKeyPair();
      }
      case "ecdsa" -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        kp = g.generateKeyPair();
      }
      case "ed25519" -> kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      default -> {
        return "Unknown type " + type;
      }
    }
    return pem(kp.getPrivate());
  }

  private static KeyPairGenerator generator(String alg, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    g.initialize(bits, RANDOM);
    return g;
  }

  static KeyPair rsa2048() throws Exception {
    return generator("RSA", 2048).generateKeyPair();
  }

  /** The PEM block Sprig's {@code pemBlockForKey} writes: PKCS#1, SEC 1, Sprig's DSA sequence, or PKCS#8. */
  static String pem(PrivateKey key) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    if (key instanceof RSAPrivateCrtKey) {
      return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
    }
    if (key instanceof ECPrivateKey) {
      return pem("EC PRIVATE KEY", ecWithCurve(info));
    }
    if (key instanceof DSAPrivateKey dsa) {
      var p = dsa.getParams();
      BigInteger y = p.getG().modPow(dsa.getX(), p.getP());
      ASN1EncodableVector v = new ASN1EncodableVector();
      for (BigInteger n : new BigInteger[] {BigInteger.ZERO, p.getP(), p.getQ(), p.getG(), y, dsa.getX()}) {
        v.add(new ASN1Integer(n));
      }
      return pem("DSA PRIVATE KEY", new DERSequence(v).getEncoded());
    }
    return pem("PRIVATE KEY", info.getEncoded());
  }

  /** Go's {@code MarshalECPrivateKey}: SEC 1 with the curve OID and the public point. */
  private static byte[] ecWithCurve(PrivateKeyInfo info) throws IOException {
    org.bouncycastle.asn1.sec.ECPrivateKey sec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
        info.parsePrivateKey());
    org.bouncycastle.asn1.ASN1ObjectIdentifier oid = org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(
        info.getPrivateKeyAlgorithm().getParameters());
    org.bouncycastle.asn1.x9.X9ECParameters curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(oid);
    byte[] q = curve.getG().multiply(sec.getKey()).normalize().getEncoded(false);
    return new org.bouncycastle.asn1.sec.ECPrivateKey(curve.getN().bitLength(), sec.getKey(),
        new org.bouncycastle.asn1.DERBitString(q), oid).getEncoded();
  }

  static String pem(String type, byte[] der) throws IOException {
    StringWriter w = new StringWriter();
    try (PemWriter pw = new PemWriter(w)) {
      pw.writeObject(new PemObject(type, der));
    }
    return w.toString().replace("\r\n", "\n");
  }

  /** Sprig's {@code parsePrivateKeyPEM}. */
  static KeyPair parseKey(String pem, String prefix) throws Exception {
    PemObject obj;
    try (PemReader r = new PemReader(new java.io.StringReader(pem))) {
      obj = r.readPemObject();
    } catch (IOException e) {
      obj = null;
    }
    if (obj == null) {
      throw new IllegalStateException(prefix + "no PEM data in input");
    }
    try {
      PrivateKey key;
      switch (obj.getType()) {
        case "PRIVATE KEY" -> {
          PrivateKeyInfo info = PrivateKeyInfo.getInstance(obj.getContent());
          key = new JcaPEMKeyConverter().getPrivateKey(info);
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> key = new JcaPEMKeyConverter().getKeyPair(
            new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem)).readObject() instanceof
                org.bouncycastle.openssl.PEMKeyPair kp ? kp : null).getPrivate();
        case "DSA PRIVATE KEY" -> {
          ASN1Sequence seq = ASN1Sequence.getInstance(obj.getContent());
          BigInteger[] n = new BigInteger[6];
          for (int i = 0; i < 6; i++) {
            n[i] = ASN1Integer.getInstance(seq.getObjectAt(i)).getValue();
          }
          key = KeyFactory.getInstance("DSA").generatePrivate(new java.security.spec.DSAPrivateKeySpec(n[5], n[1],
              n[2], n[3]));
          PublicKey pub = KeyFactory.getInstance("DSA").generatePublic(new java.security.spec.DSAPublicKeySpec(n[4],
              n[1], n[2], n[3]));
          return new KeyPair(pub, key);
        }
        default -> {
          if (!obj.getType().endsWith(" PRIVATE KEY")) {
            throw new IllegalStateException(prefix + "no private key data in PEM block of type " + obj.getType());
          }
          throw new IllegalStateException(prefix + "invalid private key type " + obj.getType());
        }
      }
      return new KeyPair(publicOf(key), key);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(prefix + "parsing private key from PEM: " + e.getMessage());
    }
  }

  private static PublicKey publicOf(PrivateKey key) throws Exception {
    if (key instanceof RSAPrivateCrtKey r) {
      return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(r.getModulus(),
          r.getPublicExponent()));
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    if (key instanceof ECPrivateKey) {
      var sec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
      SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), sec.getPublicKey().getBytes());
      return new JcaPEMKeyConverter().getPublicKey(spki);
    }
    // Ed25519: the public key follows from the private one
    var params = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(
        org.bouncycastle.asn1.ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets(), 0);
    SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(),
        params.generatePublicKey().getEncoded());
    return new JcaPEMKeyConverter().getPublicKey(spki);
  }
}
