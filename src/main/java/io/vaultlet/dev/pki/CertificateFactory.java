package io.vaultlet.dev.pki;

import io.vaultlet.pki.KeySpec;
import io.vaultlet.pki.LocalKeys;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys, certificates and PEM text, with BouncyCastle's builders over the JDK's crypto providers. */
final class CertificateFactory {

  private final SecureRandom random = new SecureRandom();

  /** What a certificate should say; {@code issuer == null} means self-signed. */
  record Template(String commonName, List<String> dnsNames, List<String> emails, List<InetAddress> ips,
      Instant notBefore, Instant notAfter, boolean ca, boolean serverAuth, boolean clientAuth, PkiUrls.Aia aia) {}

  /** The issuer: its certificate and signing key. */
  record Issuer(X509Certificate certificate, PrivateKey key) {}

  /** A key pair for {@code keyType}/{@code keyBits} (already validated by the engine). */
  KeyPair generateKey(String keyType, int keyBits) {
    try {
      return LocalKeys.generate(KeySpec.of(keyType, keyBits));
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("could not generate a " + keyType + " key of " + keyBits + " bits", e);
    }
  }

  X509Certificate create(Template t, PublicKey subjectKey, Issuer issuer, PrivateKey selfKey) {
    try {
      X500Name subject = name(t.commonName());
      X500Name issuerName = issuer == null ? subject
          : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      BigInteger serial = new BigInteger(159, random).add(BigInteger.ONE);
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(t.notBefore()),
          Date.from(t.notAfter()), subject, subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
          ? ext.createAuthorityKeyIdentifier(subjectKey)
          : ext.createAuthorityKeyIdentifier(issuer.certificate()));
      if (t.ca()) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
            | KeyUsage.digitalSignature));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature | KeyUsage.keyAgreement;
        if (subjectKey instanceof RSAPublicKey) {
          usage |= KeyUsage.keyEncipherment;
        }
        b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (t.serverAuth()) {
          purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (t.clientAuth()) {
          purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        if (!purposes.isEmpty()) {
          b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
        }
      }
      if (t.aia() != null) {
        t.aia().addTo(b);
      }
      List<GeneralName> sans = new ArrayList<>();
      t.dnsNames().forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
      t.emails().forEach(n -> sans.add(new GeneralName(GeneralName.rfc822Name, n)));
      t.ips().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      PrivateKey signingKey = issuer == null ? selfKey : issuer.key();
      X509CertificateHolder holder = b.build(signer(signingKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("could not create certificate: " + e.getMessage(), e);
    }
  }

  private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaContentSignerBuilder(alg).build(key);
  }

  private static X500Name name(String commonName) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    if (commonName != null && !commonName.isEmpty()) {
      nb.addRDN(BCStyle.CN, commonName);
    }
    return nb.build();
  }

  /** A PKCS#10 request for {@code commonName}, signed with {@code pair} (intermediate/generate). */
  static String csr(String commonName, KeyPair pair) {
    try {
      PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(name(commonName), pair.getPublic())
          .build(signer(pair.getPrivate()));
      return writePem(new org.bouncycastle.util.io.pem.PemObject("CERTIFICATE REQUEST", req.getEncoded()));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not create the CSR: " + e.getMessage(), e);
    }
  }

  // ---- encoding ---------------------------------------------------------------------------------------------------

  /** PEM without the trailing newline, as Vault returns it. */
  static String pem(X509Certificate cert) {
    try {
      return writePem(new JcaMiscPEMGenerator(cert));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Vault's default {@code private_key_format=der}: PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY});
   * {@code pkcs8}: {@code PRIVATE KEY}.
   */
  static String privateKeyPem(KeyPair pair, boolean pkcs8) {
    return LocalKeys.privateKeyPem(pair, pkcs8);
  }

  private static String writePem(Object generator) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString().replace("\r\n", "\n").stripTrailing();
  }

  static String keyType(PublicKey key) {
    return key instanceof ECPublicKey ? "ec" : key instanceof RSAPublicKey ? "rsa" : key.getAlgorithm().toLowerCase();
  }

  /** Vault's serial format: colon-separated lower-case hex bytes. */
  static String serial(BigInteger serial) {
    byte[] bytes = serial.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < bytes.length; i++) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format("%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }
}
