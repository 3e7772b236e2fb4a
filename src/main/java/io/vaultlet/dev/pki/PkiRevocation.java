package io.vaultlet.dev.pki;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Fields;
import io.vaultlet.dev.Times;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code revoke} (by {@code serial_number} or {@code certificate}), the CRLs ({@code crl}, {@code crl/pem},
 * {@code cert/crl}, {@code issuer/<ref>/crl[/pem|/der]}) and {@code crl/rotate}, as OpenBao's {@code path_revoke.go},
 * {@code crl_util.go} and {@code path_fetch.go}: an issuer cannot be put on its own CRL, revoking twice answers the
 * first revocation, an expired certificate is refused with a warning, and the CRL is rebuilt on every revocation.
 */
final class PkiRevocation {

  private final PkiEngine engine;

  PkiRevocation(PkiEngine engine) {
    this.engine = engine;
  }

  DevResponse revoke(Map<String, Object> data) {
    boolean haveSerial = data.get("serial_number") != null;
    boolean haveCert = data.get("certificate") != null;
    if (!haveSerial && !haveCert) {
      throw new IllegalArgumentException("The serial number or certificate to revoke must be provided.");
    }
    if (haveSerial && haveCert) {
      throw new IllegalArgumentException("Must provide either the certificate or the serial to revoke; not both.");
    }
    PkiEngine.StoredCert stored;
    String serial;
    if (haveCert) {
      X509Certificate cert = parse(Fields.string(data, "certificate"));
      serial = CertificateFactory.serial(cert.getSerialNumber());
      stored = engine.stored(serial);
      if (stored != null && !stored.cert().equals(cert)) {
        throw DevException.internal("certificate with same serial but unequal value already present in this "
            + "cluster's storage; refusing to revoke");
      }
      if (stored == null) {
        PkiIssuers.Issuer signer = engine.issuers.parentOf(cert);
        if (signer == null) {
          throw new IllegalArgumentException("unable to verify signature on presented cert from any present issuer "
              + "in this mount; certificates from previous CAs will need to have their issuing CA and key re-imported "
              + "if revocation is necessary");
        }
        engine.store(cert, signer.id);
        stored = engine.stored(serial);
      }
    } else {
      serial = PkiEngine.normalizeSerial(Fields.string(data, "serial_number"));
      if (serial.isEmpty()) {
        throw new IllegalArgumentException("The serial number must be provided");
      }
      stored = engine.stored(serial);
      if (stored == null) {
        throw new IllegalArgumentException("certificate with serial " + serial + " not found.");
      }
    }
    for (PkiIssuers.Issuer i : engine.issuers.all()) {
      if (i.serial.equals(serial)) {
        throw new IllegalArgumentException("adding issuer (id: " + i.id + ") to its own CRL is not allowed");
      }
    }
    PkiCrl.Revoked existing = engine.crl.revoked(serial);
    if (existing != null) {
      return DevResponse.of(answer(existing));
    }
    if (stored.cert().getNotAfter().toInstant().isBefore(engine.clock().instant().plus(Duration.ofSeconds(2)))) {
      return DevResponse.noContent().withWarning("certificate with serial " + serial + " already expired; refusing "
          + "to add to CRL");
    }
    PkiCrl.Revoked r = engine.crl.revoke(serial, stored.cert().getSerialNumber(), stored.issuerId());
    rebuild(stored.issuerId());
    return DevResponse.of(answer(r));
  }

  private static Map<String, Object> answer(PkiCrl.Revoked r) {
    Map<String, Object> d = new TreeMap<>();
    d.put("revocation_time", r.time().getEpochSecond());
    d.put("revocation_time_rfc3339", Times.rfc3339Nano(r.time()));
    d.put("state", "revoked");
    return d;
  }

  /** {@code crl/rotate}: rebuilds every issuer's CRL. */
  DevResponse rotate() {
    for (PkiIssuers.Issuer i : engine.issuers.all()) {
      if (!i.keyId.isEmpty()) {
        crl(i, true);
      }
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("success", true);
    return DevResponse.of(d);
  }

  /**
   * {@code crl} (DER, {@code application/pkix-crl}), {@code crl/pem} ({@code application/x-pem-file}) and
   * {@code cert/crl} (JSON) for the default issuer; an empty 204 when the mount has none, as Vault.
   */
  DevResponse defaultCrl(String path) {
    PkiIssuers.Issuer d = engine.issuers.defaultIssuer();
    X509CRL crl = d == null || d.keyId.isEmpty() ? null : crl(d, false);
    byte[] der = crl == null ? new byte[0] : encoded(crl);
    switch (path) {
      case "crl":
        return DevResponse.raw(200, "application/pkix-crl", der);
      case "crl/pem":
        return DevResponse.raw(200, "application/x-pem-file", crl == null ? new byte[0]
            : (pem(der) + "\n").getBytes(StandardCharsets.US_ASCII));
      default:
        Map<String, Object> out = new TreeMap<>();
        out.put("certificate", crl == null ? "" : pem(der));
        out.put("revocation_time", 0L);
        out.put("revocation_time_rfc3339", "");
        return DevResponse.of(out);
    }
  }

  /** {@code issuer/<ref>/crl} (JSON {@code crl}), {@code /crl/pem}, {@code /crl/der}. */
  DevResponse issuerCrl(PkiIssuers.Issuer issuer, String format) {
    byte[] der = encoded(crl(issuer, false));
    switch (format) {
      case "der":
        return DevResponse.raw(200, "application/pkix-crl", der);
      case "pem":
        return DevResponse.raw(200, "application/x-pem-file", (pem(der) + "\n").getBytes(StandardCharsets.US_ASCII));
      default:
        Map<String, Object> out = new TreeMap<>();
        out.put("crl", pem(der));
        return DevResponse.of(out);
    }
  }

  /** Every revoked serial ({@code certs/revoked}). */
  List<String> revokedSerials() {
    return engine.crl.all().keySet().stream().sorted().toList();
  }

  private void rebuild(String issuerId) {
    for (PkiIssuers.Issuer i : engine.issuers.all()) {
      if ((issuerId.isEmpty() || i.id.equals(issuerId)) && !i.keyId.isEmpty()) {
        crl(i, true);
      }
    }
  }

  private X509CRL crl(PkiIssuers.Issuer issuer, boolean rebuild) {
    PkiIssuers.Key key = engine.issuers.key(issuer.keyId);
    if (key == null) {
      throw new IllegalArgumentException("unable to fetch corresponding key for issuer " + issuer.id + "; unable to "
          + "use this issuer for signing");
    }
    PrivateKey signing = key.pair().getPrivate();
    return engine.crl.crl(issuer, signing, rebuild);
  }

  private static byte[] encoded(X509CRL crl) {
    try {
      return crl.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END X509 CRL-----";
  }

  /** OpenBao's {@code pathRevokeWriteHandleCertificate} parsing, with its texts. */
  private static X509Certificate parse(String pem) {
    if (pem.length() < 75) {
      throw new IllegalArgumentException("provided certificate data was too short; perhaps a path was passed to the "
          + "API rather than the contents of a PEM file");
    }
    if (!pem.contains("-----BEGIN")) {
      throw new IllegalArgumentException("certificate contains no PEM data");
    }
    try {
      return Pem.parseCertificates(pem, "certificate").get(0);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("certificate could not be parsed: " + e.getMessage());
    }
  }
}
