package io.vaultlet.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate request (bcpkix) for a key made here: the subject's common name, and the SANs in an
 * extension request, signed with the private key. Only the request leaves the process; it holds the public key.
 */
public final class Csr {

  private static final Pattern IP = Pattern.compile("[0-9a-fA-F:.]+");

  private Csr() {}

  /** The names a request asks for. Empty lists (and an empty common name) are left out of the request. */
  public record Names(String commonName, List<String> dnsNames, List<String> emails, List<String> ips,
      List<String> uris) {

    public Names {
      commonName = commonName == null ? "" : commonName;
      dnsNames = List.copyOf(dnsNames);
      emails = List.copyOf(emails);
      ips = List.copyOf(ips);
      uris = List.copyOf(uris);
    }

    boolean hasSans() {
      return !dnsNames.isEmpty() || !emails.isEmpty() || !ips.isEmpty() || !uris.isEmpty();
    }
  }

  /** The request for {@code key} and {@code names}, PEM-encoded ({@code CERTIFICATE REQUEST}). */
  public static String pem(KeyPair key, Names names) {
    try {
      JcaPKCS10CertificationRequestBuilder b =
          new JcaPKCS10CertificationRequestBuilder(subject(names.commonName()), key.getPublic());
      if (names.hasSans()) {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(Extension.subjectAlternativeName, false, sans(names));
        b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
      }
      PKCS10CertificationRequest csr = b.build(signer(key));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(csr);
      }
      return out.toString().replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the certificate request", e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("could not sign the certificate request: " + e.getMessage(), e);
    }
  }

  private static X500Name subject(String commonName) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    if (!commonName.isEmpty()) {
      nb.addRDN(BCStyle.CN, commonName);
    }
    return nb.build();
  }

  private static GeneralNames sans(Names names) {
    List<GeneralName> out = new ArrayList<>();
    names.dnsNames().forEach(n -> out.add(new GeneralName(GeneralName.dNSName, n)));
    names.emails().forEach(n -> out.add(new GeneralName(GeneralName.rfc822Name, n)));
    for (String ip : names.ips()) {
      if (!IP.matcher(ip).matches()) {
        throw new IllegalArgumentException("the value \"" + ip + "\" is not a valid IP address");
      }
      try {
        out.add(new GeneralName(GeneralName.iPAddress, ip));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the value \"" + ip + "\" is not a valid IP address");
      }
    }
    names.uris().forEach(u -> out.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
    return new GeneralNames(out.toArray(new GeneralName[0]));
  }

  /** SHA-256 with RSA; ECDSA with the hash that matches the curve (P-384: SHA-384, P-521: SHA-512), as Go does. */
  private static ContentSigner signer(KeyPair key) throws OperatorCreationException {
    String alg = "SHA256withRSA";
    if (key.getPublic() instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      alg = bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    return new JcaContentSignerBuilder(alg).build(key.getPrivate());
  }
}
