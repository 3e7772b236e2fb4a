package io.vaultlet.rotation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a certificate covers a host name or IP address, as TLS clients decide (RFC 6125): DNS names against the
 * subject alternative names, a leading {@code *} matching exactly one label; the common name only when the
 * certificate has no DNS names; IP addresses against IP subject alternative names only.
 */
final class HostnameMatch {

  private static final int DNS = 2;
  private static final int IP = 7;

  private HostnameMatch() {}

  static boolean covers(X509Certificate cert, String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    if (isIpLiteral(wanted)) {
      return sans(cert, IP).stream().anyMatch(ip -> sameAddress(ip, wanted));
    }
    List<String> dns = sans(cert, DNS);
    List<String> candidates = dns.isEmpty() ? commonNames(cert) : dns;
    return candidates.stream().anyMatch(pattern -> matches(pattern.toLowerCase(Locale.ROOT), wanted));
  }

  /** What the certificate covers, for messages. */
  static String names(X509Certificate cert) {
    List<String> all = new ArrayList<>(sans(cert, DNS));
    all.addAll(sans(cert, IP));
    if (all.isEmpty()) {
      all.addAll(commonNames(cert));
    }
    return all.isEmpty() ? "no names" : String.join(", ", all);
  }

  private static boolean matches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  private static List<String> sans(X509Certificate cert, int type) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> all = cert.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> san : all) {
          if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable alternative names
    }
    return out;
  }

  private static List<String> commonNames(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          out.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // no common name
    }
    return out;
  }

  private static boolean isIpLiteral(String s) {
    return s.matches("[0-9.]+") && s.chars().filter(ch -> ch == '.').count() == 3 || s.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
