package io.vaultlet.lease;

import io.vaultlet.pki.KeySpec;
import io.vaultlet.template.PemEncoded;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The bundle shaped like the {@code data} of an issue response ({@code certificate}, {@code private_key},
   * {@code issuing_ca}, {@code ca_chain}, {@code expiration}, {@code serial_number}), for a {@code secret} reused from
   * disk; {@code private_key_type} too when {@code withKeyType} (what a local-key sign answers).
   */
  Map<String, Object> issueData(boolean withKeyType) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("certificate", certPem.strip());
    data.put("private_key", keyPem.strip());
    if (withKeyType) {
      data.put("private_key_type", KeySpec.of(cert.getPublicKey()).type());
    }
    data.put("issuing_ca", caPem.strip());
    List<String> chain = new ArrayList<>();
    chainPems.forEach(c -> chain.add(c.strip()));
    data.put("ca_chain", chain);
    data.put("expiration", cert.getNotAfter().toInstant().getEpochSecond());
    data.put("serial_number", serial(cert));
    return data;
  }

  /** Vault's form of a certificate's serial number: colon-separated lower-case hex bytes. */
  static String serial(X509Certificate c) {
    String hex = c.getSerialNumber().toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
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

  /**
   * True while the certificate is before its rotation point ({@link LeaseTiming#certificateRotation} with
   * {@code renewBefore}) and was issued for {@code commonName} (any name when that is null or empty).
   */
  boolean freshFor(String commonName, LeaseTiming timing, Optional<Duration> renewBefore, Instant now) {
    Instant rotation = timing.certificateRotation(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
        renewBefore);
    if (!now.isBefore(rotation)) {
      return false;
    }
    return commonName == null || commonName.isEmpty() || commonName.equals(commonName());
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
