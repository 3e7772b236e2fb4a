package io.vaultlet.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Private keys made on this machine: generation, the PEM encodings Vault returns, and the public half of a key read
 * back from a file. Nothing here logs, and no message carries key material.
 */
public final class LocalKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalKeys() {}

  /** A fresh key pair of {@code spec}. */
  public static KeyPair generate(KeySpec spec) {
    try {
      if (spec.type().equals("ec")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve(spec.bits())), RANDOM);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(spec.bits(), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not generate a " + spec + " key: " + e.getMessage(), e);
    }
  }

  private static String curve(int bits) {
    return switch (bits) {
      case 224 -> "secp224r1";
      case 384 -> "secp384r1";
      case 521 -> "secp521r1";
      default -> "secp256r1";
    };
  }

  /** Vault's {@code private_key_type} for a key: {@code rsa} or {@code ec}. */
  public static String typeName(PrivateKey key) {
    return key instanceof ECPrivateKey ? "ec" : key instanceof RSAPrivateCrtKey ? "rsa"
        : key.getAlgorithm().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The private key as Vault returns it, without a trailing newline: {@code private_key_format=der} (the default)
   * gives PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY} (with the public key, as Go's
   * {@code x509.MarshalECPrivateKey} writes it); {@code pkcs8} gives {@code PRIVATE KEY}.
   */
  public static String privateKeyPem(KeyPair pair, boolean pkcs8) {
    try {
      if (pkcs8) {
        return write(new JcaPKCS8Generator(pair.getPrivate(), null));
      }
      if (pair.getPrivate() instanceof ECPrivateKey ec) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
            ec.getParams().getOrder().bitLength(), ec.getS(), spki.getPublicKeyData(),
            spki.getAlgorithm().getParameters());
        return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      }
      return write(new JcaMiscPEMGenerator(pair));
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the private key", e);
    }
  }

  private static String write(PemObjectGenerator generator) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(generator);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode PEM", e);
    }
    return sw.toString().replace("\r\n", "\n").stripTrailing();
  }

  /** The key pair of a private key read from a file (RSA CRT or EC): its public half is recomputed. */
  public static KeyPair keyPair(PrivateKey key) {
    return new KeyPair(publicKey(key), key);
  }

  /** The public key belonging to {@code key}; {@link IllegalArgumentException} for other algorithms. */
  public static PublicKey publicKey(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (key instanceof ECPrivateKey ec) {
        org.bouncycastle.jce.spec.ECParameterSpec spec = EC5Util.convertSpec(ec.getParams());
        ECPoint q = new FixedPointCombMultiplier().multiply(spec.getG(), ec.getS()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        return KeyFactory.getInstance("EC")
            .generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(x, y), ec.getParams()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive the public key of a " + key.getAlgorithm() + " key", e);
    }
    throw new IllegalArgumentException("unsupported private key algorithm " + key.getAlgorithm()
        + " (vaultlet handles RSA and EC keys)");
  }
}
