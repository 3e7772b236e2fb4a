package io.vaultlet.lease;

import io.vaultlet.template.PemEncoded;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * The PEM blocks found in a rendered file (or an issue response), classified as consul-template's {@code pkiCert}
 * does: a block whose type ends in {@code PRIVATE KEY} is the key, the first CA certificate is {@code CA}, all CA
 * certificates form the chain, and the last non-CA certificate is the leaf.
 */
record PemBundle(String certPem, X509Certificate cert, String keyPem, String caPem, List<String> chainPems) {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s.*?-----END \\1-----", Pattern.DOTALL);

  /** Scans {@code text}; empty when it holds no leaf certificate. Unparsable certificate blocks count as none. */
  static Optional<PemBundle> scan(String text) {
    String cert = null;
    X509Certificate leaf = null;
    String key = "";
    String ca = "";
    List<String> chain = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String block = m.group().strip() + "\n";
      String type = m.group(1);
      if (type.endsWith("PRIVATE KEY")) {
        key = block;
      } else if (type.equals("CERTIFICATE")) {
        X509Certificate c = parse(block);
        if (c == null) {
          return Optional.empty();
        }
        if (c.getBasicConstraints() >= 0) {
          if (ca.isEmpty()) {
            ca = block;
          }
          if (!chain.contains(block)) {
            chain.add(block);
          }
        } else {
          cert = block;
          leaf = c;
        }
      }
    }
    return leaf == null ? Optional.empty() : Optional.of(new PemBundle(cert, leaf, key, ca, List.copyOf(chain)));
  }

  PemEncoded toPemEncoded() {
    return new PemEncoded(certPem, keyPem, caPem, chainPems.isEmpty() ? null : chainPems);
  }

  /** The leaf's subject common name, or "". */
  String commonName() {
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    for (String part : dn.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return "";
  }

  /** True when the private key belongs to the leaf (a signature made with it verifies); false without a key. */
  boolean keyMatches() {
    if (keyPem.isEmpty()) {
      return false;
    }
    try {
      PrivateKey k = io.vaultlet.pki.Pem.parsePrivateKey(keyPem, "rendered file");
      return io.vaultlet.pki.KeyMatch.matches(k, cert.getPublicKey());
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static X509Certificate parse(String block) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      return null;
    }
  }
}
