package io.vaultlet.dev.pki;

import io.vaultlet.dev.DevException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The keys and issuers of one PKI mount (Vault ≥ 1.11's multi-issuer storage): issuers are CA certificates, linked to
 * a key when the mount holds the matching private key; one of them is the default. As OpenBao's {@code importIssuer},
 * the first issuer with a key becomes the default when none is set, and importing a certificate already present
 * answers the existing issuer. References are {@code default}, an issuer id, or an issuer name.
 */
final class PkiIssuers {

  /** A private key held by the mount. */
  record Key(String id, String name, KeyPair pair, String type) {}

  /** An issuer: a CA certificate, maybe with its key. */
  static final class Issuer {
    final String id = UUID.randomUUID().toString();
    String name = "";
    final X509Certificate cert;
    final String pem;
    final String serial;
    String keyId = "";
    String leafNotAfterBehavior = "err";
    String usage = "crl-signing,issuing-certificates,ocsp-signing,read-only";

    Issuer(X509Certificate cert) {
      this.cert = cert;
      this.pem = CertificateFactory.pem(cert);
      this.serial = CertificateFactory.serial(cert.getSerialNumber());
    }
  }

  /** The outcome of an import: the issuer, and whether it was there already. */
  record Imported(Issuer issuer, boolean existing) {}

  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final Map<String, Issuer> issuers = new LinkedHashMap<>();
  private String defaultId = "";
  private boolean defaultFollowsLatest;

  synchronized Key addKey(KeyPair pair, String type, String name) {
    for (Key k : keys.values()) {
      if (Arrays.equals(k.pair().getPublic().getEncoded(), pair.getPublic().getEncoded())) {
        return k;
      }
    }
    Key k = new Key(UUID.randomUUID().toString(), name == null ? "" : name, pair, type);
    keys.put(k.id(), k);
    return k;
  }

  synchronized Key key(String id) {
    return keys.get(id);
  }

  /** OpenBao's {@code importIssuer}. */
  synchronized Imported importIssuer(X509Certificate cert, String name) {
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("Refusing to import non-CA certificate");
    }
    boolean nameInUse = false;
    for (Issuer i : issuers.values()) {
      if (i.cert.equals(cert)) {
        return new Imported(i, true);
      }
      nameInUse |= name != null && !name.isEmpty() && name.equals(i.name);
    }
    if (nameInUse) {
      throw new IllegalArgumentException("another issuer is using the requested name: " + name);
    }
    Issuer issuer = new Issuer(cert);
    issuer.name = name == null ? "" : name;
    for (Key k : keys.values()) {
      if (Arrays.equals(k.pair().getPublic().getEncoded(), cert.getPublicKey().getEncoded())) {
        issuer.keyId = k.id();
        break;
      }
    }
    boolean noneBefore = issuers.isEmpty();
    issuers.put(issuer.id, issuer);
    if ((noneBefore || defaultId.isEmpty() || defaultFollowsLatest) && !issuer.keyId.isEmpty()) {
      defaultId = issuer.id;
    }
    return new Imported(issuer, false);
  }

  /** Resolves {@code default}, an id or a name; a reference that names nothing is Vault's 500. */
  synchronized Issuer resolve(String ref) {
    if ("default".equals(ref)) {
      Issuer i = issuers.get(defaultId);
      if (i == null) {
        throw DevException.internal("no default issuer currently configured");
      }
      return i;
    }
    Issuer byId = issuers.get(ref);
    if (byId != null) {
      return byId;
    }
    for (Issuer i : issuers.values()) {
      if (!i.name.isEmpty() && i.name.equals(ref)) {
        return i;
      }
    }
    throw DevException.internal("unable to find PKI issuer for reference: " + ref);
  }

  /** The issuer to sign with for issue/sign: its certificate and key (400s as Vault's {@code fetchCAInfo}). */
  synchronized CertificateFactory.Issuer signer(String ref) {
    Issuer i;
    if ("default".equals(ref) && defaultId.isEmpty()) {
      throw new IllegalArgumentException("could not fetch the CA certificate (was one set?): no default issuer "
          + "currently configured");
    }
    try {
      i = resolve(ref);
    } catch (DevException e) {
      throw new IllegalArgumentException("could not fetch the CA certificate (was one set?): unable to find PKI "
          + "issuer for reference: " + ref);
    }
    Key k = keys.get(i.keyId);
    if (k == null) {
      throw new IllegalArgumentException("could not fetch the CA certificate (was one set?): unable to fetch "
          + "corresponding key for issuer " + i.id + "; unable to use this issuer for signing");
    }
    return new CertificateFactory.Issuer(i.cert, k.pair().getPrivate());
  }

  synchronized Issuer defaultIssuer() {
    return issuers.get(defaultId);
  }

  synchronized String defaultId() {
    return defaultId;
  }

  synchronized boolean defaultFollowsLatest() {
    return defaultFollowsLatest;
  }

  synchronized void configure(String newDefault, Boolean followsLatest) {
    if (newDefault != null) {
      defaultId = resolve(newDefault).id;
    }
    if (followsLatest != null) {
      defaultFollowsLatest = followsLatest;
    }
  }

  synchronized List<Issuer> all() {
    return new ArrayList<>(issuers.values());
  }

  /** Removes an issuer; returns whether it was the default. */
  synchronized boolean delete(Issuer i) {
    issuers.remove(i.id);
    if (defaultId.equals(i.id)) {
      defaultId = "";
      return true;
    }
    return false;
  }

  /** The issuer whose certificate signed {@code cert} (other than the certificate itself), or null. */
  synchronized Issuer parentOf(X509Certificate cert) {
    for (Issuer i : issuers.values()) {
      if (!i.cert.equals(cert) && i.cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        try {
          cert.verify(i.cert.getPublicKey());
          return i;
        } catch (GeneralSecurityException e) {
          // another CA with the same name
        }
      }
    }
    return null;
  }

  /** Vault's {@code ca_chain} of an issuer: its certificate, then its parents among the mount's issuers. */
  synchronized List<String> chain(Issuer issuer) {
    List<String> out = new ArrayList<>();
    Issuer current = issuer;
    while (current != null && !out.contains(current.pem)) {
      out.add(current.pem);
      current = parentOf(current.cert);
    }
    return out;
  }
}
