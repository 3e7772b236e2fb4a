package io.vaultlet.vault;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 6125 name checks against a certificate's subject alternative names, as Go's {@code VerifyHostname} does: DNS
 * names with a single left-most wildcard label, IP addresses only against IP SANs, and no fallback to the common name.
 */
final class HostnameMatcher {

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HostnameMatcher() {}

  static boolean matches(X509Certificate cert, String name) {
    String host = normalise(name);
    if (host.isEmpty()) {
      return false;
    }
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (sans == null) {
      return false;
    }
    boolean ip = isIpLiteral(host);
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1));
      if (ip && type == SAN_IP && sameAddress(host, value)) {
        return true;
      }
      if (!ip && type == SAN_DNS && dnsMatches(normalise(value), host)) {
        return true;
      }
    }
    return false;
  }

  static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
  }

  private static String normalise(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    return n;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // Both are literals: getByName parses them without a DNS lookup.
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1); // ".example.com"
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(suffix) && suffix.indexOf('.', 1) > 0;
    }
    return pattern.equals(host);
  }
}
