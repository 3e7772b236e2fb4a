package io.vaultlet.render;

import io.vaultlet.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The leaf certificate and key of a rendered PEM file. */
record Certs(String pem, X509Certificate leaf, PrivateKey key) {

  private static final Pattern KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----", Pattern.DOTALL);

  static Certs of(String pem) throws Exception {
    List<X509Certificate> certs = Pem.parseCertificates(pem, "rendered");
    X509Certificate leaf = certs.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().orElseThrow();
    Matcher m = KEY.matcher(pem);
    PrivateKey key = m.find() ? Pem.parsePrivateKey(m.group(), "rendered") : null;
    return new Certs(pem, leaf, key);
  }

  Instant notAfter() {
    return leaf.getNotAfter().toInstant();
  }

  boolean keyMatches() throws Exception {
    String alg = key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] msg = "check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(msg);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(leaf.getPublicKey());
    v.update(msg);
    return v.verify(sig);
  }
}
