package io.vaultlet.dev.auth;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A stand-in for AWS's instance identity signing: an RSA key pair and a self-signed certificate (registered with the
 * emulator's {@code config/certificate/<name>}), and the three forms IMDS serves: the document, its RSA-SHA256
 * signature (base64, wrapped at 64 columns like IMDS), and a PKCS#7 signed-data blob holding the document.
 */
public final class TestEc2Identity {

  public final KeyPair keys;
  public final X509Certificate certificate;

  public TestEc2Identity(String commonName) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      keys = g.generateKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
      certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
          BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)),
          Date.from(now.plusSeconds(365L * 86400)), name, keys.getPublic()).build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String certificatePem() {
    try (StringWriter out = new StringWriter(); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(certificate);
      pem.flush();
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An identity document as IMDS serves it (pretty-printed JSON). */
  public static String document(String instanceId, String accountId, String region, String imageId,
      String pendingTime) {
    return "{\n  \"accountId\" : \"" + accountId + "\",\n  \"architecture\" : \"x86_64\",\n"
        + "  \"availabilityZone\" : \"" + region + "a\",\n  \"billingProducts\" : null,\n"
        + "  \"imageId\" : \"" + imageId + "\",\n  \"instanceId\" : \"" + instanceId + "\",\n"
        + "  \"instanceType\" : \"t3.micro\",\n  \"pendingTime\" : \"" + pendingTime + "\",\n"
        + "  \"privateIp\" : \"10.0.0.12\",\n  \"region\" : \"" + region + "\",\n  \"version\" : \"2017-09-30\"\n}";
  }

  /** Base64 of the RSA-SHA256 signature over the document, with a newline every 64 characters as IMDS sends it. */
  public String signature(String document) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(document.getBytes(StandardCharsets.UTF_8));
      return new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(rsa.sign()),
          StandardCharsets.US_ASCII);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PKCS#7 signed data holding the document, base64 without newlines (what the login's {@code pkcs7} takes). */
  public String pkcs7(String document) {
    try {
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()), certificate));
      gen.addCertificates(new JcaCertStore(List.of(certificate)));
      byte[] der = gen.generate(new CMSProcessableByteArray(document.getBytes(StandardCharsets.UTF_8)), true)
          .getEncoded();
      return Base64.getEncoder().encodeToString(der);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
