package io.vaultlet.vault;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's {@code NO_PROXY} rules ({@code golang.org/x/net/http/httpproxy}) and its loopback rule: {@code localhost} and
 * loopback IPs never go through a proxy; the list holds {@code *}, IPs, CIDRs and domains ({@code example.com}: it and
 * its subdomains; {@code .example.com} or {@code *.example.com}: subdomains only), each with an optional
 * {@code :port}; entries are trimmed and lower-cased, malformed ones ignored. Names are never resolved.
 */
final class NoProxy {

  private final List<Entry> entries;
  private final boolean all;

  private NoProxy(List<Entry> entries, boolean all) {
    this.entries = List.copyOf(entries);
    this.all = all;
  }

  /** The rules of a {@code NO_PROXY} value (null: none, only the loopback rule). */
  static NoProxy parse(String value) {
    List<Entry> entries = new ArrayList<>();
    if (value != null) {
      for (String raw : value.split(",")) {
        String p = raw.trim().toLowerCase(Locale.ROOT);
        if (p.equals("*")) {
          return new NoProxy(List.of(), true);
        }
        Entry e = Entry.parse(p);
        if (e != null) {
          entries.add(e);
        }
      }
    }
    return new NoProxy(entries, false);
  }

  /** For a log line: {@code *} or how many entries. */
  String describe() {
    return all ? "*" : entries.size() + " entries";
  }

  /** Whether a request to {@code uri} goes through the proxy: not for localhost, loopback IPs or a match. */
  boolean useProxy(URI uri, String scheme) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return true;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    host = ascii(host);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    if (host.equals("localhost")) {
      return false;
    }
    byte[] ip = ipLiteral(host);
    if (ip != null && isLoopback(ip)) {
      return false;
    }
    if (all) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.matches(lower, port, ip)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopback(byte[] ip) {
    if (ip.length == 4) {
      return ip[0] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[15] == 1;
  }

  /** One NO_PROXY entry: an IP (with optional port), a CIDR, or a domain (with optional port). */
  private record Entry(byte[] ip, int prefix, String domain, boolean matchHost, int port) {

    static Entry parse(String p) {
      if (p.isEmpty()) {
        return null;
      }
      int slash = p.indexOf('/');
      if (slash >= 0) {
        byte[] net = ipLiteral(p.substring(0, slash));
        String bits = p.substring(slash + 1);
        if (net == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
          return null; // Go tries it as host:port next, which cannot hold a '/'
        }
        int n = Integer.parseInt(bits);
        if (n > net.length * 8) {
          return null;
        }
        return new Entry(net, n, null, false, -1);
      }
      String host = p;
      int port = -1;
      int colon = p.lastIndexOf(':');
      boolean bracketed = p.startsWith("[");
      if (bracketed ? p.indexOf("]:") > 0 : colon > 0 && p.indexOf(':') == colon) {
        String portText = p.substring(colon + 1);
        host = p.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        // Go compares the port as text: an empty one matches any port, one that is not a number none
        port = portText.isEmpty() ? -1 : !portText.chars().allMatch(Character::isDigit) || portText.length() > 5
            || (portText.length() > 1 && portText.charAt(0) == '0') ? -2 : Integer.parseInt(portText);
        if (host.isEmpty()) {
          return null;
        }
      } else if (colon == 0) {
        return null;
      }
      byte[] ip = ipLiteral(host);
      if (ip != null) {
        return new Entry(ip, -1, null, false, port);
      }
      if (host.startsWith("*.")) {
        host = host.substring(1);
      }
      boolean matchHost = !host.startsWith(".");
      String domain = ascii(matchHost ? "." + host : host);
      return new Entry(null, -1, domain, matchHost, port);
    }

    boolean matches(String host, int port, byte[] hostIp) {
      if (domain == null && prefix >= 0) {
        return hostIp != null && hostIp.length == ip.length && inPrefix(hostIp);
      }
      boolean portOk = this.port == -1 || this.port == port;
      if (domain == null) {
        return hostIp != null && java.util.Arrays.equals(ip, hostIp) && portOk;
      }
      return (host.endsWith(domain) || (matchHost && host.equals(domain.substring(1)))) && portOk;
    }

    private boolean inPrefix(byte[] a) {
      int bits = prefix;
      for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((a[i] & mask) != (ip[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The address bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6), or null; never resolves. */
  static byte[] ipLiteral(String s) {
    if (s.indexOf(':') < 0) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        String part = parts[i];
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
            || (part.length() > 1 && part.charAt(0) == '0')) {
          return null;
        }
        int v = Integer.parseInt(part);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return b;
    }
    if (s.indexOf('%') >= 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    try {
      return InetAddress.getByName("[" + s + "]").getAddress(); // a literal: parsed, never looked up
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String ascii(String host) {
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) >= 0x80) {
        try {
          return IDN.toASCII(host);
        } catch (IllegalArgumentException e) {
          return host;
        }
      }
    }
    return host;
  }
}
