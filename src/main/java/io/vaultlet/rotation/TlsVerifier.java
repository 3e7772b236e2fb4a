package io.vaultlet.rotation;

import io.vaultlet.config.VerifyConfig.TlsCheck;
import io.vaultlet.pki.HostnameMatcher;
import io.vaultlet.pki.KeyMatch;
import io.vaultlet.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code verify { tls { ca_file, hostnames, key_file } }}: the rendered certificate parses, is valid now (the agent's
 * clock), matches its private key (in the rendered file, or {@code key_file}), chains to a CA of {@code ca_file}
 * (the other certificates of the rendered file serve as intermediates) and covers every name of {@code hostnames}.
 * The leaf is the first certificate that is not a CA. Checks run in that order; the first failure is the message.
 */
final class TlsVerifier implements Verifier.Blocking {

  static final String KEY = "tls";

  private final TlsCheck check;

  TlsVerifier(TlsCheck check) {
    this.check = check;
  }

  @Override
  public String name() {
    return KEY;
  }

  @Override
  public Result verify(Candidate c) {
    try {
      String pem = Files.readString(c.stagedFile());
      List<X509Certificate> certs = Pem.parseCertificates(pem, "the rendered file");
      X509Certificate leaf = certs.stream().filter(x -> x.getBasicConstraints() < 0).findFirst().orElse(certs.get(0));
      String failure = firstFailure(c, pem, leaf, certs);
      return failure == null ? Result.passed() : Result.failed(failure);
    } catch (IOException e) {
      return Result.failed(e.getMessage());
    }
  }

  private String firstFailure(Candidate c, String pem, X509Certificate leaf, List<X509Certificate> certs)
      throws IOException {
    String validity = validity(leaf, c);
    if (validity != null) {
      return validity;
    }
    String key = key(c, pem, leaf);
    if (key != null) {
      return key;
    }
    String chain = check.caFile().isPresent() ? chain(leaf, certs, c) : null;
    if (chain != null) {
      return chain;
    }
    for (String name : check.hostnames()) {
      if (!HostnameMatcher.matches(leaf, name)) {
        return "the certificate does not cover " + name + " (it covers " + HostnameMatcher.names(leaf) + ")";
      }
    }
    return null;
  }

  private static String validity(X509Certificate leaf, Candidate c) {
    try {
      leaf.checkValidity(Date.from(c.now()));
      return null;
    } catch (CertificateExpiredException e) {
      return "the certificate expired at " + leaf.getNotAfter().toInstant();
    } catch (CertificateNotYetValidException e) {
      return "the certificate is not valid before " + leaf.getNotBefore().toInstant();
    }
  }

  private String key(Candidate c, String pem, X509Certificate leaf) throws IOException {
    String keyPem;
    String source;
    if (check.keyFile().isPresent()) {
      Path file = c.current(Path.of(check.keyFile().get()));
      source = check.keyFile().get();
      keyPem = Files.readString(file);
    } else if (pem.contains("PRIVATE KEY-----")) {
      keyPem = pem;
      source = "the rendered file";
    } else {
      return "the rendered file holds no private key (set key_file when the key is rendered elsewhere)";
    }
    PrivateKey key = Pem.parsePrivateKey(keyPem, source);
    return KeyMatch.matches(key, leaf.getPublicKey()) ? null
        : "the private key in " + source + " does not belong to the certificate";
  }

  private String chain(X509Certificate leaf, List<X509Certificate> certs, Candidate c) throws IOException {
    String caFile = check.caFile().get();
    List<X509Certificate> cas = Pem.readCertificates(c.current(Path.of(caFile)));
    Set<TrustAnchor> anchors = new HashSet<>();
    cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
    try {
      List<X509Certificate> path = new ArrayList<>();
      path.add(leaf);
      certs.stream().filter(x -> x != leaf && !cas.contains(x) && !isSelfSigned(x)).forEach(path::add);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(c.now()));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return null;
    } catch (GeneralSecurityException e) {
      return "the certificate does not chain to a CA in " + caFile + ": " + e.getMessage();
    }
  }

  private static boolean isSelfSigned(X509Certificate x) {
    return x.getSubjectX500Principal().equals(x.getIssuerX500Principal());
  }
}
