package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.MountContext;
import io.vaultlet.dev.TtlLimits;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * {@code auth/cert}: {@code certs/<name>} trust a CA (or a single leaf) given as PEM; {@code login} takes the client
 * certificate the TLS handshake presented to the emulator's HTTPS listener ({@link DevRequest#clientCertificates()}),
 * checks it chains to a configured certificate, is valid now and may be used for client auth, and matches the entry's
 * {@code allowed_common_names} / {@code allowed_dns_sans}.
 */
final class CertBackend extends AuthBackend {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private final Clock clock;
  private final RoleTable<Entry> certs = new RoleTable<>("certs/", CertBackend::entry, CertBackend::describe);

  private record Entry(String name, X509Certificate certificate, String pem, List<String> allowedCommonNames,
      List<String> allowedDnsSans, TokenFields token, String displayName) {}

  CertBackend(Clock clock) {
    this.clock = clock;
  }

  public static CertBackend create(MountContext mount) {
    return new CertBackend(mount.clock());
  }

  @Override
  DevResponse route(DevRequest req) {
    String path = req.path();
    if (path.equals("login")) {
      Logins.requireWrite(req);
      return login(req);
    }
    if (certs.owns(path)) {
      return certs.route(req);
    }
    throw DevException.unsupportedPath();
  }

  private static Entry entry(String name, DevRequest req) {
    String pem = req.string("certificate", "");
    if (pem.isEmpty()) {
      throw DevException.badRequest("failed to parse certificate: certificate is empty");
    }
    X509Certificate cert;
    try {
      cert = Pem.parseCertificates(pem, "certificate").get(0);
    } catch (IOException e) {
      throw DevException.badRequest("failed to parse certificate");
    }
    return new Entry(name, cert, pem, req.strings("allowed_common_names"), req.strings("allowed_dns_sans"),
        TokenFields.of(req), req.string("display_name", name));
  }

  private static Map<String, Object> describe(Entry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allowed_common_names", e.allowedCommonNames());
    out.put("allowed_dns_sans", e.allowedDnsSans());
    out.put("certificate", e.pem());
    out.put("display_name", e.displayName());
    e.token().describeInto(out);
    return out;
  }

  private DevResponse login(DevRequest req) {
    if (!req.tls()) {
      throw DevException.badRequest("tls connection required");
    }
    List<X509Certificate> chain = req.clientCertificates();
    if (chain.isEmpty()) {
      throw DevException.badRequest("client certificate must be supplied");
    }
    X509Certificate leaf = chain.get(0);
    Instant now = clock.instant();
    if (!validAt(leaf, now) || !clientAuthAllowed(leaf)) {
      throw DevException.badRequest("invalid certificate or no client certificate supplied");
    }
    String only = req.string("name", "");
    List<Entry> candidates = new ArrayList<>();
    for (Entry e : certs.values()) {
      if (only.isEmpty() || only.equals(e.name())) {
        candidates.add(e);
      }
    }
    if (candidates.isEmpty()) {
      throw DevException.badRequest("no certificate was matched by this request");
    }
    Entry matched = null;
    for (Entry e : candidates) {
      if (trusted(e.certificate(), chain, now)) {
        matched = e;
        if (constraintsMatch(e, leaf)) {
          break;
        }
        matched = null;
      }
    }
    if (matched == null) {
      throw DevException.badRequest("no chain matching all constraints could be found for this login certificate");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("authority_key_id", keyId(leaf, true));
    metadata.put("cert_name", matched.name());
    metadata.put("common_name", commonName(leaf));
    metadata.put("serial_number", leaf.getSerialNumber().toString());
    metadata.put("subject_key_id", keyId(leaf, false));
    String name = matched.name();
    TokenFields token = matched.token();
    return Logins.answer(new LoginResult(matched.displayName(), token.policies(), metadata, token.ttl(),
        token.maxTtl(), token.period(), 0, leaf.getSerialNumber().toString()), () -> limits(name));
  }

  /** The configured certificate is the leaf itself, or signed (directly or via presented intermediates) the chain. */
  private static boolean trusted(X509Certificate anchor, List<X509Certificate> chain, Instant now) {
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      if (c.equals(anchor)) {
        return validAt(anchor, now);
      }
      if (signedBy(c, anchor)) {
        return validAt(anchor, now) && chainUpTo(chain, i, now);
      }
    }
    return false;
  }

  /** Each presented certificate up to index {@code top} is signed by the next one. */
  private static boolean chainUpTo(List<X509Certificate> chain, int top, Instant now) {
    for (int i = 0; i < top; i++) {
      if (!signedBy(chain.get(i), chain.get(i + 1)) || !validAt(chain.get(i + 1), now)) {
        return false;
      }
    }
    return true;
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean validAt(X509Certificate c, Instant now) {
    try {
      c.checkValidity(Date.from(now));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean clientAuthAllowed(X509Certificate leaf) {
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      return eku == null || eku.contains(CLIENT_AUTH) || eku.contains("2.5.29.37.0");
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean constraintsMatch(Entry e, X509Certificate leaf) {
    if (!e.allowedCommonNames().isEmpty() && e.allowedCommonNames().stream().noneMatch(p -> glob(p, commonName(leaf)))) {
      return false;
    }
    if (!e.allowedDnsSans().isEmpty()) {
      List<String> dns = dnsSans(leaf);
      return dns.stream().anyMatch(d -> e.allowedDnsSans().stream().anyMatch(p -> glob(p, d)));
    }
    return true;
  }

  private static boolean glob(String pattern, String value) {
    return value.matches(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q"));
  }

  private static List<String> dnsSans(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            out.add(san.get(1).toString());
          }
        }
      }
    } catch (GeneralSecurityException e) {
      return out;
    }
    return out;
  }

  static String commonName(X509Certificate c) {
    for (String rdn : c.getSubjectX500Principal().getName(X500Principal.RFC2253).split(",")) {
      if (rdn.startsWith("CN=")) {
        return rdn.substring(3);
      }
    }
    return "";
  }

  private static String keyId(X509Certificate c, boolean authority) {
    byte[] ext = c.getExtensionValue(authority ? "2.5.29.35" : "2.5.29.14");
    if (ext == null) {
      return "";
    }
    byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
    byte[] id = authority ? AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier()
        : SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
    if (id == null) {
      return "";
    }
    return HexFormat.ofDelimiter(":").formatHex(id);
  }

  private TtlLimits limits(String name) {
    Entry e = certs.get(name);
    if (e == null) {
      throw DevException.badRequest("no certificate was matched by this request");
    }
    return e.token().limits();
  }
}
