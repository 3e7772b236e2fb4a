package io.vaultlet.dev.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Revoked certificates and each issuer's CRL. As Vault with its default {@code config/crl} (no auto-rebuild, 72h
 * expiry), the CRL is rebuilt when a certificate is revoked and on {@code crl/rotate}; every build increments the CRL
 * number. A revoked certificate goes on the CRL of the issuer that signed it.
 */
final class PkiCrl {

  static final Duration EXPIRY = Duration.ofHours(72);

  /** A revocation: the certificate's serial, when, and the id of the issuer that signed it (may be empty). */
  record Revoked(BigInteger serial, Instant time, String issuerId) {}

  private final Clock clock;
  private final Map<String, Revoked> revoked = new LinkedHashMap<>();
  private final Map<String, X509CRL> crls = new HashMap<>();
  private final Map<String, Long> numbers = new HashMap<>();

  PkiCrl(Clock clock) {
    this.clock = clock;
  }

  synchronized Revoked revoked(String serial) {
    return revoked.get(serial);
  }

  synchronized Revoked revoke(String serial, BigInteger number, String issuerId) {
    Revoked r = new Revoked(number, clock.instant(), issuerId);
    revoked.put(serial, r);
    crls.remove(issuerId);
    return r;
  }

  synchronized Map<String, Revoked> all() {
    return new LinkedHashMap<>(revoked);
  }

  /** The issuer's CRL, built now if none is current (or {@code rebuild}). */
  synchronized X509CRL crl(PkiIssuers.Issuer issuer, PrivateKey key, boolean rebuild) {
    X509CRL current = crls.get(issuer.id);
    if (current != null && !rebuild) {
      return current;
    }
    long number = numbers.merge(issuer.id, 1L, Long::sum);
    X509CRL built = build(issuer, key, number);
    crls.put(issuer.id, built);
    return built;
  }

  private X509CRL build(PkiIssuers.Issuer issuer, PrivateKey key, long number) {
    X509Certificate ca = issuer.cert;
    Instant now = clock.instant();
    try {
      X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
          Date.from(now));
      b.setNextUpdate(Date.from(now.plus(EXPIRY)));
      for (Revoked r : revoked.values()) {
        if (r.issuerId().isEmpty() || r.issuerId().equals(issuer.id)) {
          b.addCRLEntry(r.serial(), Date.from(r.time()), (org.bouncycastle.asn1.x509.Extensions) null);
        }
      }
      b.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
      String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder(alg).build(key)));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("could not build the CRL: " + e.getMessage(), e);
    }
  }
}
