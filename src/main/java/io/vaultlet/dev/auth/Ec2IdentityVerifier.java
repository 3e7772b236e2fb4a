package io.vaultlet.dev.auth;

import io.vaultlet.dev.Fields;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultlet.dev.DevException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The EC2 login's proof: AWS's signature over the instance identity document, checked against the certificates
 * registered with {@code auth/aws/config/certificate/<name>}, as Vault's {@code verifyInstanceIdentitySignature}
 * ({@code identity} + {@code signature}: RSA-SHA256, {@code identity}-type certificates) and
 * {@code parseIdentityDocument} ({@code pkcs7}: a PKCS#7 signed-data blob holding the document, whose signer must be
 * one of the {@code pkcs7}-type certificates, verified with bcpkix). Vault also trusts the AWS certificates it ships;
 * the emulator ships none, so a login before any registration fails with Vault's "certificates … not found".
 * Failures of the check itself are Vault's internal errors (500); undecodable fields are 400s.
 */
final class Ec2IdentityVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, PublicCert> certs = new ConcurrentHashMap<>();

  /** {@code config/certificate/<name>}: a PEM certificate and whether it checks {@code pkcs7} or {@code identity}. */
  record PublicCert(String name, String pem, String type, X509Certificate certificate) {}

  /** The fields of the instance identity document Vault reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IdentityDocument(@JsonProperty("instanceId") String instanceId, @JsonProperty("accountId") String accountId,
      @JsonProperty("region") String region, @JsonProperty("imageId") String imageId,
      @JsonProperty("pendingTime") String pendingTime) {}

  /** A write to {@code config/certificate/<name>} ({@code type} defaults to {@code pkcs7} on create, as in Vault). */
  void writeCertificate(String name, Map<String, Object> data) {
    PublicCert old = certs.get(name);
    String type = data.containsKey("type") ? Fields.string(data, "type").toLowerCase(Locale.ROOT)
        : old == null ? "pkcs7" : old.type();
    if (!"pkcs7".equals(type) && !"identity".equals(type)) {
      throw AuthException.badRequest("invalid certificate type \"" + type + "\"");
    }
    if (!data.containsKey("aws_public_cert")) {
      throw AuthException.badRequest("missing aws_public_cert");
    }
    String pem = Fields.string(data, "aws_public_cert");
    try {
      pem = new String(Base64.getDecoder().decode(pem), StandardCharsets.UTF_8);
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
          .generateCertificate(new ByteArrayInputStream(trimmed.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw DevException.internal("x509: malformed certificate");
    }
  }

  /** Decodes the EC2 fields and verifies whichever signature was sent, as Vault's {@code pathLoginUpdateEc2}. */
  IdentityDocument verifiedDocument(Map<String, Object> data) {
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
      throw DevException.internal("error decoding the instance identity document: "
          + e.getMessage().lines().findFirst().orElse(""));
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
