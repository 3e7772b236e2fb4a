package io.vaultlet.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate covers a host name or IP address — the one rule vaultlet applies, for the Vault client's
 * server check and for {@code verify { tls { hostnames } }} alike: RFC 6125 as Go's {@code VerifyHostname} decides
 * (Go clients since 1.15, Vault's own client). DNS names against the DNS subject alternative names, with a single
 * left-most wildcard label that never stands for a whole registrable suffix ({@code *.com} covers nothing);
 * IP addresses only against IP subject alternative names; and no fallback to the common name.
 */
public final class HostnameMatcher {

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HostnameMatcher() {}

  /** Whether {@code cert} covers {@code name} (case-insensitive, a trailing dot and IPv6 brackets ignored). */
  public static boolean matches(X509Certificate cert, String name) {
    String host = normalise(name);
    if (host.isEmpty()) {
      return false;
    }
    boolean ip = isIpLiteral(host);
    for (List<?> san : sans(cert)) {
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

  /**
   * The names {@code cert} covers (DNS and IP subject alternative names), for messages; says so when it has none, as
   * a certificate that names its host only in the common name covers nothing.
   */
  public static String names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    for (List<?> san : sans(cert)) {
      int type = (Integer) san.get(0);
      if (type == SAN_DNS || type == SAN_IP) {
        out.add(String.valueOf(san.get(1)));
      }
    }
    return out.isEmpty() ? "no subject alternative names; the common name is not used" : String.join(", ", out);
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal (then only IP subject alternative names can cover it). */
  public static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
  }

  private static Collection<List<?>> sans(X509Certificate cert) {
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      return sans == null ? List.of() : sans;
    } catch (CertificateParsingException e) {
      return List.of();
    }
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
      // The wildcard stands for exactly one label, and what it sits on must itself have two labels: "*.com" is refused.
      return dot > 0 && host.substring(dot).equals(suffix) && suffix.indexOf('.', 1) > 0;
    }
    return pattern.equals(host);
  }
}
