package io.vaultlet.dev.pki;

import io.vaultlet.dev.Fields;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Root CA generation for a PKI mount ({@code root/generate/(internal|exported)}), with Vault's issuer naming rules. */
final class PkiRoots {

  private final PkiEngine engine;

  PkiRoots(PkiEngine engine) {
    this.engine = engine;
  }

  /**
   * {@code pki/root/generate/(internal|exported)}: a new key and a self-signed CA, added as an issuer (the default
   * when the mount has none, as Vault ≥ 1.11).
   */
  PkiEngine.Issued generate(boolean exported, Map<String, Object> data) {
    String cn = Fields.string(data, "common_name");
    if (cn.isEmpty()) {
      throw new IllegalArgumentException("the common_name field is required");
    }
    String issuerName = issuerName(data);
    String keyType = data.containsKey("key_type") ? Fields.string(data, "key_type") : "rsa";
    int keyBits = PkiEngine.keyBits(keyType, Fields.int32(data, "key_bits", 0));
    List<String> warnings = new ArrayList<>();
    Duration ttl = Fields.duration(data, "ttl");
    if (ttl.isZero()) {
      ttl = engine.mountMaxTtl();
    } else if (ttl.compareTo(engine.mountMaxTtl()) > 0) {
      warnings.add("TTL \"" + io.vaultlet.dev.GoDuration.goString(ttl) + "\" is longer than permitted maxTTL \""
          + io.vaultlet.dev.GoDuration.goString(engine.mountMaxTtl()) + "\", so maxTTL is being used");
      ttl = engine.mountMaxTtl();
    }
    Instant now = engine.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    KeyPair key = engine.factory().generateKey(keyType, keyBits);
    PkiUrls.Aia aia = engine.urls.aia();
    X509Certificate cert = engine.factory().create(new CertificateFactory.Template(cn, PkiEngine.dnsNamesOf(cn), List.of(), List.of(),
        now.minus(PkiEngine.BACKDATE), now.plus(ttl), true, false, false, aia), key.getPublic(), null, key.getPrivate());
    if (aia.isEmpty()) {
      warnings.add(NO_AIA);
    }
    PkiIssuers.Key stored = engine.issuers.addKey(key, keyType, Fields.string(data, "key_name"));
    PkiIssuers.Issuer issuer = engine.issuers.importIssuer(cert, issuerName).issuer();
    engine.store(cert, issuer.id);
    String pem = issuer.pem;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("certificate", pem);
    out.put("expiration", cert.getNotAfter().toInstant().getEpochSecond());
    out.put("issuer_id", issuer.id);
    out.put("issuer_name", issuer.name);
    out.put("issuing_ca", pem);
    out.put("key_id", stored.id());
    out.put("key_name", stored.name());
    if (exported) {
      out.put("private_key", CertificateFactory.privateKeyPem(key, "pkcs8".equals(Fields.string(data,
          "private_key_format"))));
      out.put("private_key_type", keyType);
    }
    out.put("serial_number", issuer.serial);
    return new PkiEngine.Issued(out, warnings, false, Duration.ZERO, issuer.serial);
  }

  static final String NO_AIA = "This mount hasn't configured any authority information access (AIA) fields; this may "
      + "make it harder for systems to find missing certificates in the chain or to validate revocation status of "
      + "certificates. Consider updating /config/urls or the newly generated issuer with this information.";

  /** Vault's {@code getIssuerName}: optional; not {@code default}; letters, digits, {@code -} and {@code _}. */
  static String issuerName(Map<String, Object> data) {
    String name = Fields.string(data, "issuer_name").trim();
    if (name.isEmpty()) {
      return "";
    }
    if (name.equals("default")) {
      throw new IllegalArgumentException("reserved keyword 'default' can not be used as issuer name");
    }
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("issuer name contained invalid characters");
    }
    return name;
  }
}
