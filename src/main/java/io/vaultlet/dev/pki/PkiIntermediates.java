package io.vaultlet.dev.pki;

import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Fields;
import io.vaultlet.dev.GoDuration;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intermediate CAs: {@code intermediate/generate/(internal|exported)} (a new key and a CSR; the key stays in the mount),
 * {@code intermediate/set-signed} (imports the signed certificate — and any parents appended to it — as issuers,
 * linking the one whose public key matches the generated key), and {@code root/sign-intermediate} /
 * {@code issuer/<ref>/sign-intermediate} (a CA certificate for a CSR), as OpenBao's {@code path_intermediate.go},
 * {@code path_manage_issuers.go} and {@code path_root.go}.
 */
final class PkiIntermediates {

  private final PkiEngine engine;

  PkiIntermediates(PkiEngine engine) {
    this.engine = engine;
  }

  DevResponse generate(boolean exported, Map<String, Object> data) {
    String cn = Fields.string(data, "common_name");
    if (cn.isEmpty()) {
      throw new IllegalArgumentException("the common_name field is required");
    }
    String keyType = data.containsKey("key_type") ? Fields.string(data, "key_type") : "rsa";
    int keyBits = PkiEngine.keyBits(keyType, Fields.int32(data, "key_bits", 0));
    KeyPair pair = engine.factory().generateKey(keyType, keyBits);
    PkiIssuers.Key key = engine.issuers.addKey(pair, keyType, Fields.string(data, "key_name"));
    Map<String, Object> d = new TreeMap<>();
    d.put("csr", CertificateFactory.csr(cn, pair));
    d.put("key_id", key.id());
    if (exported) {
      d.put("private_key", CertificateFactory.privateKeyPem(pair, "pkcs8".equals(Fields.string(data,
          "private_key_format"))));
      d.put("private_key_type", keyType);
    }
    DevResponse resp = DevResponse.of(d);
    if (engine.urls.aia().isEmpty()) {
      resp.withWarning("This mount hasn't configured any authority information access (AIA) fields; this may make "
          + "it harder for systems to find missing certificates in the chain or to validate revocation status of "
          + "certificates. Consider updating /config/urls or the newly generated issuer with this information. Since "
          + "this certificate is an intermediate, it might be useful to regenerate this certificate after fixing this "
          + "problem for the root mount.");
    }
    return resp;
  }

  /** {@code intermediate/set-signed} (and the same import for {@code issuers/import/cert}). */
  DevResponse setSigned(Map<String, Object> data) {
    String bundle = Fields.string(data, "certificate");
    if (bundle.isEmpty()) {
      bundle = Fields.string(data, "pem_bundle");
    }
    if (bundle.isEmpty()) {
      throw new IllegalArgumentException("'pem_bundle' and 'certificate' parameters were empty");
    }
    if (bundle.length() < 75) {
      throw new IllegalArgumentException("provided data for import was too short; perhaps a path was passed to the "
          + "API rather than the contents of a PEM file");
    }
    if (bundle.contains("PRIVATE KEY-----")) {
      throw new IllegalArgumentException("private keys found in the PEM bundle but not allowed by the path; use "
          + "/issuers/import/bundle");
    }
    List<X509Certificate> certs;
    try {
      certs = Pem.parseCertificates(bundle, "certificate");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("error when parsing block 1: invalid PEM data");
    }
    List<String> imported = new ArrayList<>();
    List<String> existing = new ArrayList<>();
    Map<String, Object> mapping = new TreeMap<>();
    for (int i = 0; i < certs.size(); i++) {
      PkiIssuers.Imported result;
      try {
        result = engine.issuers.importIssuer(certs.get(i), "");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Error parsing issuer " + i + ": " + e.getMessage() + "\n"
            + CertificateFactory.pem(certs.get(i)) + "\n");
      }
      mapping.put(result.issuer().id, result.issuer().keyId);
      (result.existing() ? existing : imported).add(result.issuer().id);
      if (engine.stored(result.issuer().serial) == null) {
        engine.store(certs.get(i), "");
      }
    }
    Map<String, Object> d = new TreeMap<>();
    d.put("existing_issuers", existing.isEmpty() ? null : existing);
    d.put("existing_keys", null);
    d.put("imported_issuers", imported.isEmpty() ? null : imported);
    d.put("imported_keys", null);
    d.put("mapping", mapping);
    return DevResponse.of(d);
  }

  /**
   * Signs a CSR as a CA: the CN from {@code common_name}, else from the CSR; the TTL from {@code ttl}, else the
   * mount's default, capped at the mount's max; the issuer's not-after is not enforced (Vault permits intermediates
   * outliving it, with a warning).
   */
  DevResponse signIntermediate(Map<String, Object> data, String issuerRef) {
    String csrPem = Fields.string(data, "csr");
    if (csrPem.isEmpty()) {
      throw new IllegalArgumentException("\"csr\" is empty");
    }
    CertificateFactory.Issuer ca = engine.issuers.signer(issuerRef);
    PkiIssuers.Issuer signer = engine.issuers.resolve(issuerRef);
    CsrRules.Request csr = CsrRules.parse(csrPem);
    String cn = Fields.string(data, "common_name");
    if (cn.isEmpty() || Fields.bool(data, "use_csr_values", false)) {
      cn = csr.commonName();
    }
    List<String> warnings = new ArrayList<>();
    Duration ttl = Fields.duration(data, "ttl");
    if (ttl.isZero()) {
      ttl = engine.mountDefaultTtl();
    }
    if (ttl.compareTo(engine.mountMaxTtl()) > 0) {
      warnings.add("TTL \"" + GoDuration.goString(ttl) + "\" is longer than permitted maxTTL \""
          + GoDuration.goString(engine.mountMaxTtl()) + "\", so maxTTL is being used");
      ttl = engine.mountMaxTtl();
    }
    csr.verifySignature();
    Instant now = engine.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert = engine.factory().create(new CertificateFactory.Template(cn, List.of(), List.of(),
        List.of(), now.minus(PkiEngine.BACKDATE), now.plus(ttl), true, false, false, engine.urls.aia()),
        csr.publicKey(), ca, null);
    engine.store(cert, signer.id);
    if (ca.certificate().getNotAfter().before(cert.getNotAfter())) {
      warnings.add("The expiration time for the signed certificate is after the CA's expiration time. If the new "
          + "certificate is not treated as a root, validation paths with the certificate past the issuing CA's "
          + "expiration time will fail.");
    }
    if (engine.urls.aia().isEmpty()) {
      warnings.add(PkiRoots.NO_AIA);
    }
    String pem = CertificateFactory.pem(cert);
    List<String> chain = new ArrayList<>();
    chain.add(pem);
    chain.addAll(engine.issuers.chain(signer));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("ca_chain", chain);
    d.put("certificate", pem);
    d.put("expiration", cert.getNotAfter().toInstant().getEpochSecond());
    d.put("issuing_ca", signer.pem);
    d.put("serial_number", CertificateFactory.serial(cert.getSerialNumber()));
    DevResponse resp = DevResponse.of(d);
    warnings.forEach(resp::withWarning);
    return resp;
  }
}
