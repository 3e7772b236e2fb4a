package io.vaultlet.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Reads PEM files: certificate bundles and private keys in the encodings Vault and OpenSSL write (PKCS#1
 * {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#8 {@code PRIVATE KEY}), where blocks of other types are
 * skipped; public keys and certificate requests, where they are not.
 *
 * <p>Error messages name the source and the problem, never the key material.
 */
public final class Pem {

  private Pem() {}

  /** Every certificate in a PEM file, in file order; at least one, or an {@link IOException} naming the file. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return parseCertificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /** Every certificate in PEM text; {@code source} names the text in error messages. */
  public static List<X509Certificate> parseCertificates(String pem, String source) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(reader(pem))) {
      Object o;
      while ((o = readObject(parser, source)) != null) {
        if (o instanceof X509CertificateHolder) {
          out.add(toCertificate((X509CertificateHolder) o, source));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no PEM certificate found in " + source);
    }
    return out;
  }

  /** The first private key in a PEM file. Encrypted keys are rejected with an actionable message. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /** The first private key in PEM text; {@code source} names the text in error messages. */
  public static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(reader(pem))) {
      Object o;
      while ((o = readObject(parser, source)) != null) {
        if (o instanceof PEMKeyPair) {
          // SEC1 keys may omit the public key, so convert only the private part
          return converter.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo) {
          return converter.getPrivateKey((PrivateKeyInfo) o);
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IOException("private key in " + source + " is encrypted; decrypt it first"
              + " (for example: openssl pkey -in KEY -out KEY.plain)");
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("unreadable private key in " + source + ": " + e.getClass().getSimpleName(), e);
    }
    throw new IOException("no PEM private key found in " + source
        + " (expected RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)");
  }

  /**
   * Every public key in PEM text: {@code PUBLIC KEY} and {@code RSA PUBLIC KEY} blocks, and the key of each
   * {@code CERTIFICATE}. Any other block is an error rather than skipped, so a private key pasted by mistake is
   * reported; {@code source} names the text in error messages.
   */
  public static List<PublicKey> parsePublicKeys(String pem, String source) throws IOException {
    List<PublicKey> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(reader(pem))) {
      Object o;
      while ((o = readObject(parser, source)) != null) {
        if (o instanceof SubjectPublicKeyInfo spki) {
          out.add(new JcaPEMKeyConverter().getPublicKey(spki));
        } else if (o instanceof X509CertificateHolder cert) {
          out.add(toCertificate(cert, source).getPublicKey());
        } else {
          throw new IOException("unsupported PEM block in " + source + ": expected a public key or a certificate");
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no PEM-encoded public key found in " + source);
    }
    return out;
  }

  /**
   * The certificate request (PKCS#10 {@code CERTIFICATE REQUEST}) that PEM text starts with; its signature is not
   * checked here. {@code source} names the text in error messages.
   */
  public static JcaPKCS10CertificationRequest parseCsr(String pem, String source) throws IOException {
    try (PEMParser parser = new PEMParser(reader(pem))) {
      Object o = readObject(parser, source);
      if (!(o instanceof PKCS10CertificationRequest csr)) {
        throw new IOException("no PEM certificate request at the start of " + source);
      }
      return new JcaPKCS10CertificationRequest(csr);
    }
  }

  private static Reader reader(String pem) {
    return new StringReader(pem);
  }

  private static Object readObject(PEMParser parser, String source) throws IOException {
    try {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle's messages describe the structure, not the content; keep only the type to be safe.
      throw new IOException("malformed PEM in " + source + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static X509Certificate toCertificate(X509CertificateHolder holder, String source) throws IOException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (CertificateException e) {
      throw new IOException("invalid certificate in " + source + ": " + e.getMessage(), e);
    }
  }
}
