package io.vaultlet.dev.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * What Vault checks in a certificate request before {@code sign/<role>} signs it (its {@code SignCert} and
 * {@code SignCertificate}): that it decodes, the key's type and size against the role, and — last, just before
 * signing — the request's own signature. Messages are Vault's; after "could not be parsed:" Go prints its parser's
 * own error, which this one approximates.
 */
final class CsrRules {

  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([^-\\n]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);
  private static final String EMPTY_KEY = "Refusing to sign CSR with empty PublicKey. This usually means the "
      + "SubjectPublicKeyInfo field has an OID not recognized by Go, such as 1.2.840.113549.1.1.10 for rsaPSS.";

  private CsrRules() {}

  /** A decoded request: its key, subject CN and SANs (DNS and e-mail names together, as {@code alt_names}). */
  record Request(JcaPKCS10CertificationRequest csr, PublicKey publicKey, String commonName, List<String> names,
      List<String> ips, List<String> uris) {

    /** Vault's signature check: {@code request signature invalid} when the CSR was not signed by its key. */
    void verifySignature() {
      try {
        if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
          throw new IllegalArgumentException("request signature invalid");
        }
      } catch (OperatorCreationException | PKCSException e) {
        throw new IllegalArgumentException("request signature invalid");
      }
    }
  }

  /** Go's {@code pem.Decode} then {@code x509.ParseCertificateRequest} on the first PEM block. */
  static Request parse(String pem) {
    Matcher m = PEM_BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("csr contains no data");
    }
    JcaPKCS10CertificationRequest csr;
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      csr = new JcaPKCS10CertificationRequest(der);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("certificate request could not be parsed: asn1: structure error: "
          + "malformed certificate request");
    }
    PublicKey key;
    try {
      key = csr.getPublicKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(EMPTY_KEY);
    }
    if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey) && !isEd25519(key)) {
      throw new IllegalArgumentException(EMPTY_KEY);
    }
    RDN[] cn = csr.getSubject().getRDNs(BCStyle.CN);
    List<String> names = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    sans(csr, names, ips, uris);
    return new Request(csr, key, cn.length == 0 ? "" : IETFUtils.valueToString(cn[0].getFirst().getValue()), names,
        ips, uris);
  }

  /**
   * The role's key rules: type {@code rsa}/{@code ec} must match (else {@code role requires keys of type X}); the
   * size must be at least the role's {@code key_bits} (for {@code any}: RSA 2048, EC 224), and RSA at least 2048.
   */
  static void checkKey(PkiRole role, PublicKey key) {
    String actual = key instanceof RSAPublicKey ? "rsa" : key instanceof ECPublicKey ? "ec" : "ed25519";
    int bits = key instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength()
        : key instanceof ECPublicKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 0;
    int minimum;
    if (role.keyType().equals("any")) {
      if (actual.equals("rsa") && bits < 2048) {
        throw new IllegalArgumentException("RSA keys < 2048 bits are unsafe and not supported");
      }
      minimum = actual.equals("rsa") ? 2048 : actual.equals("ec") ? 224 : 0;
    } else {
      if (!role.keyType().equals(actual)) {
        throw new IllegalArgumentException("role requires keys of type " + role.keyType());
      }
      minimum = role.keyBits();
    }
    if (!actual.equals("ed25519") && bits < minimum) {
      throw new IllegalArgumentException("role requires a minimum of a " + minimum + "-bit key, but CSR's key is "
          + bits + " bits");
    }
    if (actual.equals("rsa") && bits < 2048) {
      throw new IllegalArgumentException("Vault requires a minimum of a 2048-bit key, but CSR's key is " + bits
          + " bits");
    }
  }

  private static boolean isEd25519(PublicKey key) {
    return key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA");
  }

  private static void sans(JcaPKCS10CertificationRequest csr, List<String> names, List<String> ips, List<String> uris) {
    for (Attribute attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions exts = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
      GeneralNames gns = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
      if (gns == null) {
        continue;
      }
      for (GeneralName gn : gns.getNames()) {
        switch (gn.getTagNo()) {
          case GeneralName.dNSName, GeneralName.rfc822Name -> names.add(gn.getName().toString());
          case GeneralName.uniformResourceIdentifier -> uris.add(gn.getName().toString());
          case GeneralName.iPAddress -> {
            byte[] raw = DEROctetString.getInstance(gn.getName()).getOctets();
            try {
              ips.add(InetAddress.getByAddress(raw).getHostAddress());
            } catch (UnknownHostException e) {
              throw new IllegalArgumentException("certificate request could not be parsed: x509: invalid IP SAN");
            }
          }
          default -> { }
        }
      }
    }
  }
}
