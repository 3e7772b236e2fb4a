package io.vaultlet.dev;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * CIDR blocks as Vault's {@code cidrutil} reads them ({@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code ::1/128}; a bare
 * address is a single-host block), for the auth methods' {@code *_bound_cidrs} fields.
 */
public final class Cidr {

  private final byte[] network;
  private final int bits;

  private Cidr(byte[] network, int bits) {
    this.network = network;
    this.bits = bits;
  }

  /** Parses a block; 400 {@code invalid CIDR block "…"} for anything else. */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    byte[] addr = literal(host);
    if (addr == null) {
      throw DevException.badRequest("invalid CIDR block \"" + text + "\"");
    }
    int bits = addr.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw DevException.badRequest("invalid CIDR block \"" + text + "\"");
      }
      if (bits < 0 || bits > addr.length * 8) {
        throw DevException.badRequest("invalid CIDR block \"" + text + "\"");
      }
    }
    return new Cidr(addr, bits);
  }

  /** Validates every block of a list (a role write). */
  public static List<String> validated(List<String> blocks) {
    blocks.forEach(Cidr::parse);
    return List.copyOf(blocks);
  }

  /** Whether {@code address} (an IP literal) lies in any of the blocks; false for an empty list. */
  public static boolean anyContains(List<String> blocks, String address) {
    byte[] ip = address == null ? null : literal(address);
    if (ip == null) {
      return false;
    }
    for (String b : blocks) {
      if (parse(b).contains(ip)) {
        return true;
      }
    }
    return false;
  }

  private boolean contains(byte[] ip) {
    if (ip.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (ip[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (ip[full] & mask) == (network[full] & mask);
  }

  /** The address bytes of an IPv4 or IPv6 literal (never a DNS lookup), or null. */
  private static byte[] literal(String host) {
    if (host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
