package io.vaultlet.dev.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * {@code auth/aws} with {@code auth_type=ec2}: the instance identity document, signed by AWS, proves which instance
 * logs in. The document comes either as {@code identity} + {@code signature} (RSA-SHA256, checked against the
 * {@code identity}-type certificates) or inside a {@code pkcs7} signed-data blob (checked against the {@code pkcs7}-type
 * certificates). The emulator ships none of AWS's certificates: tests register their own with
 * {@code config/certificate/<name>}. Where Vault asks EC2 for the instance description ({@code DescribeInstances}),
 * the emulator uses the instances registered with {@code _dev/instances}, or else a running instance described by its
 * document alone. Repeat logins follow Vault's identity access list: the nonce of the first login, a {@code pendingTime}
 * that never goes back, {@code disallow_reauthentication} and {@code allow_instance_migration}.
 */
final class AwsEc2Auth {

  /** The nonce Vault stores when the client sent an empty one: re-authentication is off for that instance. */
  static final String REAUTHENTICATION_DISABLED_NONCE = "reauthentication-disabled-nonce";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SYSTEM_MAX_TTL = Duration.ofDays(32);

  private final Clock clock;
  private final Function<String, AwsRole> roles;
  private final Map<String, PublicCert> certs = new ConcurrentHashMap<>();
  private final Map<String, DevInstance> instances = new ConcurrentHashMap<>();
  private final Map<String, AccessListEntry> accessList = new ConcurrentHashMap<>();

  /** {@code config/certificate/<name>}: a PEM certificate and whether it checks {@code pkcs7} or {@code identity}. */
  record PublicCert(String name, String pem, String type, X509Certificate certificate) {}

  /** The emulator's stand-in for {@code DescribeInstances}: what EC2 would say about an instance. */
  record DevInstance(String instanceId, String state, String imageId, String subnetId, String vpcId,
      String iamInstanceProfileArn, String iamRoleArn) {}

  /** Vault's identity access list entry, one per instance ID. */
  record AccessListEntry(String role, String clientNonce, Instant creationTime, boolean disallowReauthentication,
      String pendingTime, Instant lastUpdatedTime, Instant expirationTime) {}

  /** The fields of the instance identity document Vault reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IdentityDocument(@JsonProperty("instanceId") String instanceId, @JsonProperty("accountId") String accountId,
      @JsonProperty("region") String region, @JsonProperty("imageId") String imageId,
      @JsonProperty("pendingTime") String pendingTime) {}

  AwsEc2Auth(Clock clock, Function<String, AwsRole> roles) {
    this.clock = clock;
    this.roles = roles;
  }

  // ---- config/certificate -----------------------------------------------------------------------------------------

  /** A write to {@code config/certificate/<name>} ({@code type} defaults to {@code pkcs7} on create, as in Vault). */
  void writeCertificate(String name, Map<String, Object> data) {
    PublicCert old = certs.get(name);
    String type = data.containsKey("type") ? Fields.string(data, "type").toLowerCase(java.util.Locale.ROOT)
        : old == null ? "pkcs7" : old.type();
    if (!"pkcs7".equals(type) && !"identity".equals(type)) {
      throw AuthException.badRequest("invalid certificate type \"" + type + "\"");
    }
    if (!data.containsKey("aws_public_cert")) {
      throw AuthException.badRequest("missing aws_public_cert");
    }
    String pem = Fields.string(data, "aws_public_cert");
    try {
      pem = new String(Base64.getDecoder().decode(pem), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      // Vault accepts the PEM text itself as well as base64 of it
    }
    if (pem.isEmpty()) {
      throw AuthException.badRequest("invalid aws_public_cert");
    }
    certs.put(name, new PublicCert(name, pem, type, parseCertificate(pem)));
  }

  Map<String, Object> readCertificate(String name) {
    PublicCert c = certs.get(name);
    if (c == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("aws_public_cert", c.pem());
    out.put("type", c.type());
    return out;
  }

  void deleteCertificate(String name) {
    certs.remove(name);
  }

  List<String> listCertificates() {
    return certs.keySet().stream().sorted().toList();
  }

  private static X509Certificate parseCertificate(String pem) {
    String trimmed = pem.strip();
    int blocks = trimmed.split("-----BEGIN ", -1).length - 1;
    if (blocks != 1 || !trimmed.endsWith("-----")) {
      throw DevException.internal("invalid certificate; should be one PEM block only");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(trimmed.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw DevException.internal("x509: malformed certificate");
    }
  }

  // ---- _dev/instances and identity-accesslist ---------------------------------------------------------------------

  void registerInstance(DevInstance instance) {
    instances.put(instance.instanceId(), instance);
  }

  Map<String, Object> readAccessListEntry(String instanceId) {
    AccessListEntry e = accessList.get(instanceId);
    if (e == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("creation_time", e.creationTime().toString());
    out.put("disallow_reauthentication", e.disallowReauthentication());
    out.put("expiration_time", e.expirationTime().toString());
    out.put("last_updated_time", e.lastUpdatedTime().toString());
    out.put("pending_time", e.pendingTime());
    out.put("role", e.role());
    return out;
  }

  void deleteAccessListEntry(String instanceId) {
    accessList.remove(instanceId);
  }

  List<String> listAccessList() {
    return accessList.keySet().stream().sorted().toList();
  }

  // ---- login ------------------------------------------------------------------------------------------------------

  /** {@code auth/aws/login} with the EC2 fields (the caller has checked that no {@code iam_*} field is present). */
  LoginResult login(Map<String, Object> data) {
    IdentityDocument doc = verifiedDocument(data);
    String roleName = Fields.string(data, "role").isEmpty() ? nullToEmpty(doc.imageId()) : Fields.string(data, "role");
    AwsRole role = roles.apply(roleName);
    if (role == null) {
      throw AuthException.badRequest("entry for role \"" + roleName + "\" not found");
    }
    if (!"ec2".equals(role.authType())) {
      throw AuthException.badRequest("auth method ec2 not allowed for role " + roleName);
    }
    DevInstance instance = describeInstance(doc);
    AwsRole.Ec2Bounds b = role.ec2();
    if (!b.regions().isEmpty() && !b.regions().contains(doc.region())) {
      throw AuthException.badRequest("Region \"" + doc.region() + "\" does not satisfy the constraint on role \""
          + roleName + "\"");
    }
    Ec2Bindings.check(b, instance, doc, roleName);
    return admit(data, doc, role, roleName);
  }

  /** The nonce and access-list rules, then the token. */
  private synchronized LoginResult admit(Map<String, Object> data, IdentityDocument doc, AwsRole role, String roleName) {
    AccessListEntry stored = accessList.get(doc.instanceId());
    boolean disallow = role.disallowReauthentication();
    boolean nonceSupplied = data.containsKey("nonce") && data.get("nonce") != null;
    String nonce = nonceSupplied ? Fields.string(data, "nonce") : "";
    if (nonceSupplied && nonce.isEmpty()) {
      nonce = REAUTHENTICATION_DISABLED_NONCE;
      disallow = true;
    }
    if (stored != null) {
      validateRepeatLogin(nonce, doc.pendingTime(), stored, role);
      disallow = disallow || stored.disallowReauthentication();
    }
    if (!nonceSupplied) {
      nonce = UUID.randomUUID().toString();
    }
    Instant now = clock.instant();
    Duration longestMaxTtl = role.maxTtl().compareTo(SYSTEM_MAX_TTL) > 0 ? role.maxTtl() : SYSTEM_MAX_TTL;
    String storedNonce = disallow ? "" : stored == null ? nonce : stored.clientNonce();
    if (nonce.length() > 128 && !disallow) {
      throw AuthException.badRequest("client nonce exceeding the limit of 128 characters");
    }
    accessList.put(doc.instanceId(), new AccessListEntry(stored == null ? roleName : stored.role(), storedNonce,
        stored == null ? now : stored.creationTime(), disallow, nullToEmpty(doc.pendingTime()), now,
        now.plus(longestMaxTtl)));
    io.vaultlet.support.Redactor.register(nonce);

    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("account_id", nullToEmpty(doc.accountId()));
    metadata.put("ami_id", nullToEmpty(doc.imageId()));
    metadata.put("auth_type", "ec2");
    metadata.put("instance_id", doc.instanceId());
    metadata.put("region", nullToEmpty(doc.region()));
    metadata.put("role", roleName);
    metadata.put("role_tag_max_ttl", "0s");
    if (!disallow && !nonceSupplied) {
      metadata.put("nonce", nonce);
    }
    return new LoginResult(doc.instanceId(), role.policies(), metadata, role.ttl(), role.maxTtl(), role.period(), 0,
        doc.instanceId());
  }

  /** Vault's {@code validateMetadata}: what a second login from the same instance must satisfy. */
  private static void validateRepeatLogin(String nonce, String pendingTime, AccessListEntry stored, AwsRole role) {
    if (!stored.disallowReauthentication() && stored.clientNonce().isEmpty()) {
      throw AuthException.badRequest("client nonce missing in stored identity");
    }
    if (stored.disallowReauthentication() || constantTimeEquals(REAUTHENTICATION_DISABLED_NONCE, nonce)) {
      throw AuthException.badRequest("reauthentication is disabled");
    }
    Instant given = rfc3339(pendingTime);
    Instant previous = rfc3339(stored.pendingTime());
    if (!constantTimeEquals(nonce, stored.clientNonce())) {
      if (!role.allowInstanceMigration()) {
        throw AuthException.badRequest("client nonce mismatch");
      }
      if (!given.isAfter(previous)) {
        throw AuthException.badRequest("client nonce mismatch and instance meta-data incorrect");
      }
    }
    if (given.isBefore(previous)) {
      throw AuthException.badRequest("instance meta-data is older than the one used for previous login");
    }
  }

  private static Instant rfc3339(String value) {
    try {
      return OffsetDateTime.parse(nullToEmpty(value)).toInstant();
    } catch (DateTimeParseException e) {
      throw AuthException.badRequest("parsing time \"" + nullToEmpty(value)
          + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse as RFC 3339");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** What EC2 would answer for the instance: registered with {@code _dev/instances}, or the document's own data. */
  private DevInstance describeInstance(IdentityDocument doc) {
    DevInstance registered = instances.get(doc.instanceId());
    DevInstance instance = registered != null ? registered
        : new DevInstance(doc.instanceId(), "running", nullToEmpty(doc.imageId()), "", "", "", "");
    if (!"running".equals(instance.state())) {
      throw AuthException.badRequest("failed to verify instance ID: instance is not in 'running' state");
    }
    return instance;
  }

  // ---- signatures -------------------------------------------------------------------------------------------------

  /** Decodes the EC2 fields and verifies whichever signature was sent, as Vault's {@code pathLoginUpdateEc2}. */
  private IdentityDocument verifiedDocument(Map<String, Object> data) {
    byte[] identity = new byte[0];
    String identityB64 = Fields.string(data, "identity");
    if (!identityB64.isEmpty()) {
      identity = goBase64(identityB64);
      if (identity == null || identity.length == 0) {
        throw AuthException.badRequest("failed to base64 decode the instance identity document");
      }
    }
    byte[] signature = new byte[0];
    String signatureB64 = Fields.string(data, "signature");
    if (!signatureB64.isEmpty()) {
      signature = goBase64(signatureB64);
      if (signature == null) {
        throw AuthException.badRequest(
            "failed to base64 decode the SHA256 RSA signature of the instance identity document");
      }
    }
    String pkcs7 = Fields.string(data, "pkcs7");
    if (pkcs7.isEmpty() && identity.length == 0 && signature.length == 0) {
      throw AuthException.badRequest("either pkcs7 or a tuple containing the instance identity document and its "
          + "SHA256 RSA signature needs to be provided");
    }
    if (!pkcs7.isEmpty() && identity.length != 0 && signature.length != 0) {
      throw AuthException.badRequest("both pkcs7 and a tuple containing the instance identity document and its "
          + "SHA256 RSA signature is supplied; provide only one");
    }
    IdentityDocument doc = pkcs7.isEmpty() ? verifySignature(identity, signature) : verifyPkcs7(pkcs7);
    if (doc.instanceId() == null || doc.instanceId().isEmpty()) {
      throw AuthException.badRequest("instance ID missing from the instance identity document");
    }
    return doc;
  }

  private IdentityDocument verifySignature(byte[] identity, byte[] signature) {
    if (identity.length == 0) {
      throw DevException.internal("missing instance identity document");
    }
    if (signature.length == 0) {
      throw DevException.internal("missing SHA256 RSA signature of the instance identity document");
    }
    for (X509Certificate cert : certificates("identity")) {
      try {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(cert.getPublicKey());
        rsa.update(identity);
        if (rsa.verify(signature)) {
          return parseDocument(identity);
        }
      } catch (GeneralSecurityException e) {
        // not this certificate (wrong key type, malformed signature): try the next one, as Vault does
      }
    }
    throw DevException.internal("instance identity verification using SHA256 RSA signature is unsuccessful");
  }

  private IdentityDocument verifyPkcs7(String pkcs7) {
    byte[] der = goBase64(pkcs7);
    if (der == null || der.length == 0) {
      throw DevException.internal("failed to decode the PEM encoded PKCS#7 signature");
    }
    CMSSignedData signed;
    try {
      signed = new CMSSignedData(der);
    } catch (CMSException | RuntimeException e) {
      throw DevException.internal("failed to parse the BER encoded PKCS#7 signature: " + e.getMessage());
    }
    List<X509Certificate> trusted = certificates("pkcs7");
    Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
    if (signers.isEmpty()) {
      throw DevException.internal("failed to verify the signature: pkcs7: Message has no signers");
    }
    for (SignerInformation signer : signers) {
      X509Certificate cert = trusted.stream().filter(c -> matches(signer, c)).findFirst().orElseThrow(() ->
          DevException.internal("failed to verify the signature: pkcs7: No certificate for signer"));
      try {
        if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))) {
          throw DevException.internal("failed to verify the signature: x509: signature verification failure");
        }
      } catch (CMSException | OperatorCreationException e) {
        throw DevException.internal("failed to verify the signature: " + e.getMessage());
      }
    }
    Object content = signed.getSignedContent() == null ? null : signed.getSignedContent().getContent();
    if (!(content instanceof byte[] bytes) || bytes.length == 0) {
      throw DevException.internal("instance identity document could not be found in the signature");
    }
    return parseDocument(bytes);
  }

  private static boolean matches(SignerInformation signer, X509Certificate cert) {
    try {
      return signer.getSID().match(new X509CertificateHolder(cert.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private List<X509Certificate> certificates(String type) {
    List<X509Certificate> out = certs.values().stream().filter(c -> c.type().equals(type))
        .map(PublicCert::certificate).toList();
    if (out.isEmpty()) {
      throw DevException.internal("certificates to verify the signature are not found");
    }
    return out;
  }

  private static IdentityDocument parseDocument(byte[] json) {
    try {
      return JSON.readValue(json, IdentityDocument.class);
    } catch (IOException e) {
      throw DevException.internal("error decoding the instance identity document: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Go's {@code base64.StdEncoding.DecodeString}: padded standard alphabet, CR and LF ignored; null if invalid. */
  static byte[] goBase64(String s) {
    try {
      return Base64.getDecoder().decode(s.replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
