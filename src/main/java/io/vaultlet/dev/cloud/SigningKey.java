package io.vaultlet.dev.cloud;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An RSA-2048 signing key of a cloud stand-in with its key id and a self-signed certificate, published the ways the
 * real services publish theirs: PEM certificates by key id (Google's {@code x509} endpoints) and JWKs.
 *
 * @param kid the key id tokens name in their header
 * @param keys the key pair
 * @param certificate a self-signed certificate for the public key
 */
public record SigningKey(String kid, KeyPair keys, X509Certificate certificate) {

  /** A new key valid for ten years from {@code now}; {@code kid} null means the certificate's SHA-1 thumbprint. */
  public static SigningKey generate(String kid, String commonName, Instant now) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new java.security.SecureRandom()).abs().add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
          pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      return new SigningKey(kid == null ? thumbprint(cert) : kid, pair, cert);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make an RSA signing key: " + e.getMessage(), e);
    }
  }

  public PrivateKey privateKey() {
    return keys.getPrivate();
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The certificate as PEM. */
  public String certificatePem() {
    return pem(certificate);
  }

  /** The private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), as Google's key files hold it. */
  public String privateKeyPem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(keys.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** The public key as a JWK ({@code kty, alg, use, kid, n, e}); {@code x5t} and {@code x5c} when asked. */
  public Map<String, Object> jwk(boolean withCertificate) {
    RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("alg", "RS256");
    jwk.put("use", "sig");
    jwk.put("kid", kid);
    jwk.put("n", Jws.b64url(unsigned(rsa.getModulus())));
    jwk.put("e", Jws.b64url(unsigned(rsa.getPublicExponent())));
    if (withCertificate) {
      jwk.put("x5t", thumbprint(certificate));
      try {
        jwk.put("x5c", java.util.List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return jwk;
  }

  @Override
  public String toString() {
    return "SigningKey{kid=" + kid + "}";
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String thumbprint(X509Certificate cert) {
    try {
      return Jws.b64url(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object o) {
    try (StringWriter out = new StringWriter(); JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
      w.flush();
      return out.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
