package io.vaultlet.dev.pki;

import io.vaultlet.dev.Fields;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code pki/} mount: a single issuer (a generated root), roles, issue and sign, and the fetch paths. Certificates are
 * real X.509 from an in-memory CA; time comes from the injected clock; leaf certificates are back-dated 30 s as Vault
 * does. User errors throw {@link IllegalArgumentException} with Vault's text (HTTP 400).
 */
final class PkiEngine {

  static final Duration BACKDATE = Duration.ofSeconds(30);
  private static final Duration SYSTEM_TTL = Duration.ofHours(768);

  private final Clock clock;
  private final CertificateFactory factory = new CertificateFactory();
  private final Map<String, PkiRole> roles = new ConcurrentHashMap<>();
  private final Map<String, StoredCert> certs = new ConcurrentHashMap<>();
  final PkiIssuers issuers = new PkiIssuers();
  final PkiCrl crl;
  final PkiUrls urls = new PkiUrls();
  private volatile Duration mountDefaultTtl = SYSTEM_TTL;
  private volatile Duration mountMaxTtl = SYSTEM_TTL;

  /** The outcome of issue/sign: the response data, warnings, and the lease Vault would attach (generate_lease). */
  public record Issued(Map<String, Object> data, List<String> warnings, boolean lease, Duration leaseTtl,
      String serialNumber) {}

  /** A stored certificate and the id of the issuer that signed it. */
  record StoredCert(String pem, X509Certificate cert, String issuerId) {}

  public PkiEngine(Clock clock) {
    this.clock = clock;
    this.crl = new PkiCrl(clock);
  }

  Clock clock() {
    return clock;
  }

  Duration mountDefaultTtl() {
    return mountDefaultTtl;
  }

  Duration mountMaxTtl() {
    return mountMaxTtl;
  }

  CertificateFactory factory() {
    return factory;
  }

  StoredCert stored(String serial) {
    return certs.get(normalizeSerial(serial));
  }

  void store(X509Certificate cert, String issuerId) {
    certs.put(CertificateFactory.serial(cert.getSerialNumber()), new StoredCert(CertificateFactory.pem(cert), cert,
        issuerId));
  }

  /** Colon-separated lower-case hex, whichever separator the caller used. */
  static String normalizeSerial(String serial) {
    return serial.replace('-', ':').toLowerCase(java.util.Locale.ROOT);
  }

  /** The mount's tuned default and max lease TTLs (768h each unless tuned). */
  public void tune(Duration defaultTtl, Duration maxTtl) {
    this.mountDefaultTtl = defaultTtl.isZero() ? SYSTEM_TTL : defaultTtl;
    this.mountMaxTtl = maxTtl.isZero() ? SYSTEM_TTL : maxTtl;
  }

  // ---- root ---------------------------------------------------------------------------------------------------

  /** {@code pki/root/generate/(internal|exported)}: see {@link PkiRoots}. */
  public Issued generateRoot(boolean exported, Map<String, Object> data) {
    return new PkiRoots(this).generate(exported, data);
  }

  // ---- roles --------------------------------------------------------------------------------------------------

  public void writeRole(String name, Map<String, Object> d) {
    String keyType = d.containsKey("key_type") ? Fields.string(d, "key_type") : "rsa";
    if (!List.of("rsa", "ec", "any").contains(keyType)) {
      throw new IllegalArgumentException("unknown key_type " + keyType);
    }
    PkiRole role = new PkiRole(name, Fields.list(d, "allowed_domains"),
        Fields.bool(d, "allow_subdomains", false), Fields.bool(d, "allow_bare_domains", false),
        Fields.bool(d, "allow_glob_domains", false), Fields.bool(d, "allow_any_name", false),
        Fields.bool(d, "allow_localhost", true), Fields.bool(d, "allow_ip_sans", true),
        Fields.bool(d, "enforce_hostnames", true), Fields.bool(d, "require_cn", true),
        Fields.bool(d, "use_csr_common_name", true), Fields.bool(d, "use_csr_sans", true),
        Fields.bool(d, "server_flag", true), Fields.bool(d, "client_flag", true),
        Fields.bool(d, "generate_lease", false), Fields.bool(d, "no_store", false),
        Fields.duration(d, "ttl"), Fields.duration(d, "max_ttl"), keyType,
        "any".equals(keyType) ? 0 : keyBits(keyType, Fields.int32(d, "key_bits", 0)),
        d.containsKey("issuer_ref") ? Fields.string(d, "issuer_ref") : "default");
    if (!role.maxTtl().isZero() && role.ttl().compareTo(role.maxTtl()) > 0) {
      throw new IllegalArgumentException("\"ttl\" value must be less than \"max_ttl\" value");
    }
    roles.put(name, role);
  }

  public Map<String, Object> readRole(String name) {
    PkiRole r = roles.get(name);
    return r == null ? null : r.toResponse();
  }

  public void deleteRole(String name) {
    roles.remove(name);
  }

  public List<String> listRoles() {
    return roles.keySet().stream().sorted().toList();
  }

  // ---- issue / sign -------------------------------------------------------------------------------------------

  /** {@code pki/issue/<role>}: a new key pair and a certificate for it, from the role's issuer. */
  public Issued issue(String roleName, Map<String, Object> data) {
    return issue(roleName, data, null);
  }

  /** {@code pki/issuer/<ref>/issue/<role>}: as {@link #issue(String, Map)} from the named issuer (null: the role's). */
  public Issued issue(String roleName, Map<String, Object> data, String issuerRef) {
    PkiRole role = role(roleName);
    String ref = issuerRef != null ? issuerRef : role.issuerRef();
    String keyType = role.keyType();
    int keyBits = role.keyBits();
    if ("any".equals(keyType)) {
      keyType = data.containsKey("key_type") ? Fields.string(data, "key_type") : "rsa";
      keyBits = keyBits(keyType, Fields.int32(data, "key_bits", 0));
    }
    KeyPair key = factory.generateKey(keyType, keyBits);
    Issued issued = createLeaf(ref, role, Fields.string(data, "common_name"), data, key.getPublic(), List.of(), false,
        () -> { });
    boolean pkcs8 = "pkcs8".equals(Fields.string(data, "private_key_format"));
    issued.data().put("private_key", CertificateFactory.privateKeyPem(key, pkcs8));
    issued.data().put("private_key_type", keyType);
    return issued;
  }

  /**
   * {@code pki/sign/<role>}: a certificate for the CSR's public key, with Vault's rules: the key must be of the role's
   * type and at least its size; {@code use_csr_common_name} (default true) takes the CN from the CSR, falling back to
   * {@code common_name}; {@code use_csr_sans} (default true) takes DNS, e-mail and IP SANs from the CSR instead of
   * {@code alt_names}/{@code ip_sans}; the request's signature is checked last, before signing.
   */
  public Issued sign(String roleName, Map<String, Object> data) {
    return sign(roleName, data, null);
  }

  /** {@code pki/issuer/<ref>/sign/<role>}. */
  public Issued sign(String roleName, Map<String, Object> data, String issuerRef) {
    PkiRole role = role(roleName);
    String ref = issuerRef != null ? issuerRef : role.issuerRef();
    String csrPem = Fields.string(data, "csr");
    if (csrPem.isEmpty()) {
      throw new IllegalArgumentException("\"csr\" is empty");
    }
    CsrRules.Request csr = CsrRules.parse(csrPem);
    CsrRules.checkKey(role, csr.publicKey());
    List<String> warnings = new ArrayList<>();
    if (role.useCsrCommonName() && !Fields.string(data, "common_name").isEmpty()) {
      warnings.add("the common_name field was provided but the role is set with \"use_csr_common_name\" set to true");
    }
    if (role.useCsrSans() && !Fields.list(data, "alt_names").isEmpty()) {
      warnings.add("the alt_names field was provided but the role is set with \"use_csr_sans\" set to true");
    }
    String cn = role.useCsrCommonName() ? csr.commonName() : "";
    if (cn.isEmpty()) {
      cn = Fields.string(data, "common_name");
    }
    Map<String, Object> effective = new LinkedHashMap<>(data);
    if (role.useCsrSans()) {
      if (!csr.uris().isEmpty()) {
        throw new IllegalArgumentException(
            "URI Subject Alternative Names are not allowed in this role, but were provided via CSR");
      }
      effective.put("alt_names", csr.names());
      effective.put("ip_sans", csr.ips());
    }
    return createLeaf(ref, role, cn, effective, csr.publicKey(), warnings, role.useCsrSans(), csr::verifySignature);
  }

  /**
   * Validates the names and the TTL as Vault's {@code GenerateCreationBundle} does, runs {@code beforeSigning} (the
   * CSR's signature check), then creates the leaf. {@code sansFromCsr}: the SANs came from a CSR (Vault's error text
   * for IP SANs says so).
   */
  private Issued createLeaf(String issuerRef, PkiRole role, String commonName, Map<String, Object> data,
      PublicKey subjectKey, List<String> earlierWarnings, boolean sansFromCsr, Runnable beforeSigning) {
    CertificateFactory.Issuer ca = issuers.signer(issuerRef);
    PkiIssuers.Issuer issuerEntry = issuers.resolve(issuerRef);
    if (commonName.isEmpty() && role.requireCn()) {
      throw new IllegalArgumentException("the common_name field is required, or must be provided in a CSR with "
          + "\"use_csr_common_name\" set to true, unless \"require_cn\" is set to false");
    }
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    if (!commonName.isEmpty()) {
      String bad = NamePolicy.firstDisallowed(role, List.of(commonName));
      if (bad != null) {
        throw new IllegalArgumentException("common name " + bad + " not allowed by this role");
      }
      if (!Fields.bool(data, "exclude_cn_from_sans", false)) {
        (commonName.contains("@") ? emails : dns).addAll(dnsNamesOf(commonName).isEmpty() && !commonName.contains("@")
            ? List.of() : List.of(commonName));
      }
    }
    for (String a : Fields.list(data, "alt_names")) {
      List<String> target = a.contains("@") ? emails : dns;
      if (!target.contains(a)) {
        target.add(a);
      }
    }
    String bad = NamePolicy.firstDisallowed(role, dns);
    if (bad != null) {
      throw new IllegalArgumentException("subject alternate name " + bad + " not allowed by this role");
    }
    bad = NamePolicy.firstDisallowed(role, emails);
    if (bad != null) {
      throw new IllegalArgumentException("email address " + bad + " not allowed by this role");
    }
    List<String> ipTexts = Fields.list(data, "ip_sans");
    if (!ipTexts.isEmpty() && !role.allowIpSans()) {
      throw new IllegalArgumentException("IP Subject Alternative Names are not allowed in this role, but was provided "
          + (sansFromCsr ? "some via CSR" : "[" + String.join(" ", ipTexts) + "]"));
    }
    List<InetAddress> ips = new ArrayList<>();
    for (String ip : ipTexts) {
      ips.add(parseIp(ip));
    }
    List<String> warnings = new ArrayList<>(earlierWarnings);
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant notAfter = now.plus(leafTtl(role, Fields.duration(data, "ttl"), warnings));
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter) && "truncate".equals(issuerEntry.leafNotAfterBehavior)) {
      notAfter = caNotAfter;
    } else if (notAfter.isAfter(caNotAfter) && !"permit".equals(issuerEntry.leafNotAfterBehavior)) {
      throw new IllegalArgumentException("cannot satisfy request, as TTL would result in notAfter "
          + DateTimeFormatter.ISO_INSTANT.format(notAfter) + " that is beyond the expiration of the CA certificate at "
          + DateTimeFormatter.ISO_INSTANT.format(caNotAfter));
    }
    beforeSigning.run();
    X509Certificate cert = factory.create(new CertificateFactory.Template(commonName, dns, emails, ips,
        now.minus(BACKDATE), notAfter, false, role.serverFlag(), role.clientFlag(), urls.aia()), subjectKey, ca,
        null);
    String pem = CertificateFactory.pem(cert);
    String serial = CertificateFactory.serial(cert.getSerialNumber());
    if (!role.noStore()) {
      store(cert, issuerEntry.id);
    }
    String caPem = issuerEntry.pem;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ca_chain", issuers.chain(issuerEntry));
    out.put("certificate", pem);
    out.put("expiration", cert.getNotAfter().toInstant().getEpochSecond());
    out.put("issuing_ca", caPem);
    out.put("not_before", cert.getNotBefore().toInstant().getEpochSecond());
    out.put("serial_number", serial);
    Duration leaseTtl = Duration.between(now, cert.getNotAfter().toInstant());
    return new Issued(out, warnings, role.generateLease(), leaseTtl, serial);
  }

  /** Vault's PKI TTL ladder: request, else role, else mount default; capped at role max, else mount max. */
  private Duration leafTtl(PkiRole role, Duration requested, List<String> warnings) {
    Duration ttl = !requested.isZero() ? requested : !role.ttl().isZero() ? role.ttl() : mountDefaultTtl;
    Duration max = !role.maxTtl().isZero() ? role.maxTtl() : mountMaxTtl;
    if (ttl.compareTo(max) > 0) {
      warnings.add("TTL \"" + io.vaultlet.dev.GoDuration.goString(ttl) + "\" is longer than permitted maxTTL \""
          + io.vaultlet.dev.GoDuration.goString(max) + "\", so maxTTL is being used");
      ttl = max;
    }
    return ttl;
  }

  /** Lease revocation of a {@code generate_lease} certificate: recorded as revoked (and on its issuer's CRL). */
  public void revoke(String serial) {
    StoredCert c = stored(serial);
    if (c != null && crl.revoked(normalizeSerial(serial)) == null) {
      crl.revoke(normalizeSerial(serial), c.cert().getSerialNumber(), c.issuerId());
    }
  }

  // ---- fetch --------------------------------------------------------------------------------------------------

  /** {@code pki/ca/pem}: the default issuer's PEM, or null when there is none (Vault answers 204). */
  public String caPem() {
    PkiIssuers.Issuer d = issuers.defaultIssuer();
    return d == null ? null : d.pem;
  }

  /** {@code pki/ca}: DER. */
  public byte[] caDer() {
    PkiIssuers.Issuer d = issuers.defaultIssuer();
    try {
      return d == null ? null : d.cert.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code pki/ca_chain}: the default issuer's chain, PEM blocks joined by newlines; null when none. */
  public String caChainPem() {
    PkiIssuers.Issuer d = issuers.defaultIssuer();
    return d == null ? null : String.join("\n", issuers.chain(d));
  }

  /** {@code pki/cert/<serial>} (also {@code ca}, {@code ca_chain}); null when unknown. */
  public Map<String, Object> fetchCert(String serialOrName) {
    String pem;
    PkiCrl.Revoked revoked = null;
    if ("ca".equals(serialOrName) || "ca_chain".equals(serialOrName)) {
      pem = caPem();
    } else {
      StoredCert c = stored(serialOrName);
      pem = c == null ? null : c.pem();
      revoked = crl.revoked(normalizeSerial(serialOrName));
    }
    if (pem == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if ("ca_chain".equals(serialOrName)) {
      out.put("ca_chain", caChainPem());
    }
    out.put("certificate", pem);
    out.put("revocation_time", revoked == null ? 0L : revoked.time().getEpochSecond());
    out.put("revocation_time_rfc3339", revoked == null ? "" : DateTimeFormatter.ISO_INSTANT.format(revoked.time()));
    return out;
  }

  public List<String> listCerts() {
    return certs.keySet().stream().sorted().toList();
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private PkiRole role(String name) {
    PkiRole role = roles.get(name);
    if (role == null) {
      throw new IllegalArgumentException("unknown role: " + name);
    }
    return role;
  }

  static int keyBits(String keyType, int requested) {
    if ("ec".equals(keyType)) {
      int bits = requested == 0 ? 256 : requested;
      if (!List.of(224, 256, 384, 521).contains(bits)) {
        throw new IllegalArgumentException("unsupported bit length for EC key: " + bits);
      }
      return bits;
    }
    if ("rsa".equals(keyType)) {
      int bits = requested == 0 ? 2048 : requested;
      if (bits < 2048) {
        throw new IllegalArgumentException("RSA keys < 2048 bits are unsafe and not supported: got " + bits);
      }
      if (!List.of(2048, 3072, 4096, 8192).contains(bits)) {
        throw new IllegalArgumentException("unsupported bit length for RSA key: " + bits);
      }
      return bits;
    }
    throw new IllegalArgumentException("unknown key_type " + keyType);
  }

  static List<String> dnsNamesOf(String cn) {
    return NamePolicy.isHostname(cn) && !cn.contains(" ") ? List.of(cn) : List.of();
  }

  private static InetAddress parseIp(String text) {
    if (!text.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("the value \"" + text + "\" is not a valid IP address");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("the value \"" + text + "\" is not a valid IP address");
    }
  }
}
