package io.vaultlet.dev.pki;

import io.vaultlet.dev.Fields;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * {@code config/urls}: the Authority Information Access URLs written into every certificate the mount issues
 * afterwards ({@code issuing_certificates} and {@code ocsp_servers} as AIA, {@code crl_distribution_points} as CRL
 * distribution points). Each URL needs a scheme and a host, as OpenBao's {@code validateURLs}; templated URLs are not
 * offered.
 */
final class PkiUrls {

  /** The URLs to embed; empty lists add nothing. */
  record Aia(List<String> issuingCertificates, List<String> crlDistributionPoints, List<String> ocspServers) {

    boolean isEmpty() {
      return issuingCertificates.isEmpty() && crlDistributionPoints.isEmpty() && ocspServers.isEmpty();
    }

    void addTo(X509v3CertificateBuilder b) throws CertIOException {
      List<AccessDescription> access = new ArrayList<>();
      ocspServers.forEach(u -> access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
          new GeneralName(GeneralName.uniformResourceIdentifier, u))));
      issuingCertificates.forEach(u -> access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
          new GeneralName(GeneralName.uniformResourceIdentifier, u))));
      if (!access.isEmpty()) {
        b.addExtension(Extension.authorityInfoAccess, false,
            new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
      }
      if (!crlDistributionPoints.isEmpty()) {
        List<DistributionPoint> points = new ArrayList<>();
        for (String u : crlDistributionPoints) {
          points.add(new DistributionPoint(new DistributionPointName(new GeneralNames(
              new GeneralName(GeneralName.uniformResourceIdentifier, u))), null, null));
        }
        b.addExtension(Extension.cRLDistributionPoints, false,
            new CRLDistPoint(points.toArray(DistributionPoint[]::new)));
      }
    }
  }

  private volatile Aia current = new Aia(List.of(), List.of(), List.of());
  private volatile List<String> deltaCrlDistributionPoints = List.of();

  Aia aia() {
    return current;
  }

  /** {@code POST config/urls}: fields not given keep their value; answers the configuration. */
  synchronized Map<String, Object> write(Map<String, Object> data) {
    if (Fields.bool(data, "enable_templating", false)) {
      throw new IllegalArgumentException("the vaultlet emulator does not offer templated AIA URLs");
    }
    List<String> issuing = data.containsKey("issuing_certificates") ? Fields.list(data, "issuing_certificates")
        : current.issuingCertificates();
    List<String> crl = data.containsKey("crl_distribution_points") ? Fields.list(data, "crl_distribution_points")
        : current.crlDistributionPoints();
    List<String> delta = data.containsKey("delta_crl_distribution_points")
        ? Fields.list(data, "delta_crl_distribution_points") : deltaCrlDistributionPoints;
    List<String> ocsp = data.containsKey("ocsp_servers") ? Fields.list(data, "ocsp_servers") : current.ocspServers();
    check("issuing_certificates", issuing);
    check("crl_distribution_points", crl);
    check("delta_crl_distribution_points", delta);
    check("ocsp_servers", ocsp);
    current = new Aia(List.copyOf(issuing), List.copyOf(crl), List.copyOf(ocsp));
    deltaCrlDistributionPoints = List.copyOf(delta);
    return read();
  }

  Map<String, Object> read() {
    Aia a = current;
    Map<String, Object> d = new TreeMap<>();
    d.put("crl_distribution_points", a.crlDistributionPoints());
    d.put("delta_crl_distribution_points", deltaCrlDistributionPoints);
    d.put("enable_templating", false);
    d.put("issuing_certificates", a.issuingCertificates());
    d.put("ocsp_servers", a.ocspServers());
    return d;
  }

  private static void check(String field, List<String> urls) {
    for (String u : urls) {
      boolean ok;
      try {
        URI uri = new URI(u);
        ok = uri.getScheme() != null && uri.getHost() != null;
      } catch (URISyntaxException e) {
        ok = false;
      }
      if (!ok) {
        throw new IllegalArgumentException("invalid URL found in Authority Information Access (AIA) parameter "
            + field + ": " + u);
      }
    }
  }
}
