package io.vaultlet.template;

import io.vaultlet.template.gotmpl.ExecOptions;
import io.vaultlet.template.gotmpl.GoFormat;
import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.ParseOptions;
import io.vaultlet.template.gotmpl.TemplateException;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code sockaddr}: the commonly used part of go-sockaddr's template language over this host's interfaces, e.g.
 * {@code sockaddr "GetAllInterfaces | include \"flag\" \"loopback\" | include \"type\" \"IPv4\" | attr \"address\""}.
 * Sources: {@code GetAllInterfaces GetDefaultInterfaces GetPrivateInterfaces GetPublicInterfaces GetPrivateIP
 * GetPrivateIPs GetPublicIP GetPublicIPs GetInterfaceIP GetInterfaceIPs}; filters: {@code include exclude sort limit
 * offset unique}; output: {@code attr join}.
 */
final class Sockaddr {

  /** One address on one interface (go-sockaddr's {@code IfAddr}). */
  record IfAddr(String name, InetAddress address, int prefix, List<String> flags) implements GoStruct {
    String type() {
      return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    /** As Go prints an IP: IPv6 in RFC 5952 form (the longest run of zero groups as {@code ::}). */
    String addressString() {
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
      byte[] b = address.getAddress();
      int[] g = new int[8];
      for (int i = 0; i < 8; i++) {
        g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
      }
      int bestStart = -1;
      int bestLen = 1;
      for (int i = 0; i < 8; ) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j == i ? i + 1 : j;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          sb.append("::");
          i += bestLen - 1;
          continue;
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
          sb.append(':');
        }
        sb.append(Integer.toHexString(g[i]));
      }
      return sb.toString();
    }

    boolean isPrivate() {
      byte[] b = address.getAddress();
      if (address instanceof Inet4Address) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return a0 == 10 || a0 == 172 && a1 >= 16 && a1 < 32 || a0 == 192 && a1 == 168 || a0 == 100 && a1 >= 64 && a1 < 128;
      }
      return (b[0] & 0xfe) == 0xfc;
    }

    boolean isPublic() {
      return !isPrivate() && !address.isLoopbackAddress() && !address.isLinkLocalAddress()
          && !address.isAnyLocalAddress() && !address.isMulticastAddress();
    }

    @Override public String typeName() { return "sockaddr.IfAddr"; }
    @Override public boolean pointer() { return false; }
    @Override public Object field(String n) { throw new IllegalArgumentException("no field " + n); }

    @Override
    public String toString() {
      return addressString() + "/" + prefix;
    }
  }

  private Sockaddr() {}

  static String evaluate(List<Object> args, Supplier<List<IfAddr>> interfaces) throws TemplateException {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      parts.add(Args.string(args, i));
    }
    Map<String, TemplateFunction> fns = functions(interfaces);
    io.vaultlet.template.gotmpl.Template t = io.vaultlet.template.gotmpl.Template.parse("sockaddr",
        "{{ " + String.join(" ", parts) + " }}", ParseOptions.defaults().withFunctionNames(fns.keySet()));
    return t.execute(null, ExecOptions.defaults().withFunctions(fns));
  }

  /** Every address of every interface of this host. */
  static List<IfAddr> hostInterfaces() {
    List<IfAddr> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        List<String> flags = new ArrayList<>();
        if (ni.isUp()) {
          flags.add("up");
        }
        if (ni.isLoopback()) {
          flags.add("loopback");
        }
        if (ni.isPointToPoint()) {
          flags.add("point-to-point");
        }
        if (ni.supportsMulticast()) {
          flags.add("multicast");
        }
        for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
          List<String> f = new ArrayList<>(flags);
          if (ia.getBroadcast() != null) {
            f.add("broadcast");
          }
          out.add(new IfAddr(ni.getName(), ia.getAddress(), ia.getNetworkPrefixLength(), List.copyOf(f)));
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException("unable to list network interfaces: " + e.getMessage(), e);
    }
    return out;
  }

  private static Map<String, TemplateFunction> functions(Supplier<List<IfAddr>> host) {
    Map<String, TemplateFunction> f = new LinkedHashMap<>();
    Predicate<IfAddr> usable = a -> a.flags().contains("up") && !a.flags().contains("loopback");
    f.put("GetAllInterfaces", a -> host.get());
    f.put("GetDefaultInterfaces", a -> filter(host.get(), usable));
    f.put("GetPrivateInterfaces", a -> filter(host.get(), x -> usable.test(x) && x.isPrivate()));
    f.put("GetPublicInterfaces", a -> filter(host.get(), x -> usable.test(x) && x.isPublic()));
    f.put("GetPrivateIP", a -> first(sorted(filter(host.get(), x -> usable.test(x) && x.isPrivate()), "type")));
    f.put("GetPrivateIPs", a -> joinAddresses(filter(host.get(), x -> usable.test(x) && x.isPrivate())));
    f.put("GetPublicIP", a -> first(sorted(filter(host.get(), x -> usable.test(x) && x.isPublic()), "type")));
    f.put("GetPublicIPs", a -> joinAddresses(filter(host.get(), x -> usable.test(x) && x.isPublic())));
    f.put("GetInterfaceIP", a -> {
      String name = Args.string(a, 0);
      return first(sorted(filter(host.get(), x -> x.name().equals(name)), "type"));
    });
    f.put("GetInterfaceIPs", a -> {
      String name = Args.string(a, 0);
      return joinAddresses(filter(host.get(), x -> x.name().equals(name)));
    });
    f.put("include", a -> select(a, false));
    f.put("exclude", a -> select(a, true));
    f.put("sort", a -> { Args.count("sort", a, 2); return sorted(addrs(a.get(1)), Args.string(a, 0)); });
    f.put("limit", a -> {
      Args.count("limit", a, 2);
      List<IfAddr> in = addrs(a.get(1));
      return new ArrayList<>(in.subList(0, (int) Math.min(in.size(), Math.max(0, Args.integer(a, 0)))));
    });
    f.put("offset", a -> {
      Args.count("offset", a, 2);
      List<IfAddr> in = addrs(a.get(1));
      long off = Args.integer(a, 0);
      int from = (int) (off < 0 ? Math.max(0, in.size() + off) : Math.min(in.size(), off));
      return new ArrayList<>(in.subList(from, in.size()));
    });
    f.put("unique", a -> {
      Args.count("unique", a, 2);
      String attr = Args.string(a, 0);
      Map<String, IfAddr> seen = new LinkedHashMap<>();
      for (IfAddr x : addrs(a.get(1))) {
        seen.putIfAbsent(attr(x, attr), x);
      }
      return new ArrayList<>(seen.values());
    });
    f.put("attr", a -> {
      Args.count("attr", a, 2);
      List<IfAddr> in = addrs(a.get(1));
      return in.isEmpty() ? "" : attr(in.get(0), Args.string(a, 0));
    });
    f.put("join", a -> {
      Args.count("join", a, 3);
      List<String> out = new ArrayList<>();
      for (IfAddr x : addrs(a.get(2))) {
        out.add(attr(x, Args.string(a, 0)));
      }
      return String.join(Args.string(a, 1), out);
    });
    return f;
  }

  private static String first(List<IfAddr> in) {
    return in.isEmpty() ? "" : in.get(0).addressString();
  }

  private static String joinAddresses(List<IfAddr> in) {
    List<String> out = new ArrayList<>();
    for (IfAddr a : in) {
      out.add(a.addressString());
    }
    return String.join(" ", out);
  }

  private static List<IfAddr> filter(List<IfAddr> in, Predicate<IfAddr> p) {
    return in.stream().filter(p).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<IfAddr> addrs(Object v) {
    if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof IfAddr)) {
      return (List<IfAddr>) l;
    }
    throw Args.wrongType(v, "sockaddr.IfAddrs");
  }

  private static Object select(List<Object> a, boolean exclude) {
    Args.count(exclude ? "exclude" : "include", a, 3);
    String selector = Args.string(a, 0).toLowerCase(Locale.ROOT);
    String param = Args.string(a, 1);
    Predicate<IfAddr> p;
    switch (selector) {
      case "flag": case "flags": {
        List<String> wanted = List.of(param.toLowerCase(Locale.ROOT).split("\\|"));
        p = x -> wanted.stream().allMatch(w -> hasFlag(x, w));
        break;
      }
      case "type": {
        List<String> types = List.of(param.toLowerCase(Locale.ROOT).split("\\|"));
        p = x -> types.contains(x.type().toLowerCase(Locale.ROOT)) || types.contains("ip");
        break;
      }
      case "name": {
        Pattern re = GoRegex.compile(param);
        p = x -> re.matcher(x.name()).find();
        break;
      }
      case "address": {
        Pattern re = GoRegex.compile(param);
        p = x -> re.matcher(x.addressString()).find();
        break;
      }
      case "size": {
        int size = Integer.parseInt(param);
        p = x -> x.prefix() == size;
        break;
      }
      default:
        throw new IllegalArgumentException("invalid include/exclude selector " + GoFormat.quote(selector));
    }
    List<IfAddr> in = addrs(a.get(2));
    return filter(in, exclude ? p.negate() : p);
  }

  private static boolean hasFlag(IfAddr x, String flag) {
    InetAddress ip = x.address();
    switch (flag) {
      case "down": return !x.flags().contains("up");
      case "forwardable":
        return !ip.isLoopbackAddress() && !ip.isLinkLocalAddress() && !ip.isAnyLocalAddress()
            && !ip.isMulticastAddress();
      case "global unicast":
        return !ip.isLoopbackAddress() && !ip.isLinkLocalAddress() && !ip.isAnyLocalAddress()
            && !ip.isMulticastAddress();
      case "link-local unicast": return ip.isLinkLocalAddress();
      case "unspecified": return ip.isAnyLocalAddress();
      default: return x.flags().contains(flag);
    }
  }

  private static List<IfAddr> sorted(List<IfAddr> in, String keys) {
    Comparator<IfAddr> cmp = null;
    for (String raw : keys.split(",")) {
      String k = raw.strip();
      boolean reverse = k.startsWith("-");
      if (k.startsWith("-") || k.startsWith("+")) {
        k = k.substring(1);
      }
      Comparator<IfAddr> c;
      switch (k.toLowerCase(Locale.ROOT)) {
        case "address": c = Comparator.comparing(x -> new java.math.BigInteger(1, x.address().getAddress())); break;
        case "name": c = Comparator.comparing(IfAddr::name); break;
        case "size": c = Comparator.comparingInt(IfAddr::prefix); break;
        case "type": c = Comparator.comparing(x -> x.address() instanceof Inet6Address ? 1 : 0); break;
        case "private": c = Comparator.comparing(x -> x.isPrivate() ? 0 : 1); break;
        case "default": case "port": c = (x, y) -> 0; break;
        default: throw new IllegalArgumentException("invalid sort key " + GoFormat.quote(k));
      }
      if (reverse) {
        c = c.reversed();
      }
      cmp = cmp == null ? c : cmp.thenComparing(c);
    }
    List<IfAddr> out = new ArrayList<>(in);
    if (cmp != null) {
      out.sort(cmp);
    }
    return out;
  }

  private static String attr(IfAddr x, String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "address": case "ip": case "host": return x.addressString();
      case "name": return x.name();
      case "type": return x.type();
      case "size": return Integer.toString(x.prefix());
      case "flags": return String.join("|", new LinkedHashSet<>(x.flags()));
      case "string": return x.toString();
      case "network": {
        byte[] b = x.address().getAddress();
        int bits = x.prefix();
        for (int i = 0; i < b.length; i++) {
          int keep = Math.max(0, Math.min(8, bits - i * 8));
          b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
          return InetAddress.getByAddress(b).getHostAddress() + "/" + bits;
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      default: throw new IllegalArgumentException("unsupported attribute name " + GoFormat.quote(name));
    }
  }
}
