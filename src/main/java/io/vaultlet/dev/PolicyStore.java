package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ACL policies by name, with Vault's built-ins: {@code root} (implicit), {@code default}, {@code response-wrapping}. */
final class PolicyStore {

  static final String DEFAULT_POLICY = String.join("\n",
      "# Allow tokens to look up their own properties",
      "path \"auth/token/lookup-self\" {",
      "    capabilities = [\"read\"]",
      "}",
      "",
      "# Allow tokens to renew themselves",
      "path \"auth/token/renew-self\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow tokens to revoke themselves",
      "path \"auth/token/revoke-self\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to look up its own capabilities on a path",
      "path \"sys/capabilities-self\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to renew a lease via lease_id in the request body",
      "path \"sys/leases/renew\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to look up a lease via lease_id in the request body",
      "path \"sys/leases/lookup\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to manage its own cubbyhole",
      "path \"cubbyhole/*\" {",
      "    capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"]",
      "}",
      "",
      "# Allow a token to wrap arbitrary values in a response-wrapping token",
      "path \"sys/wrapping/wrap\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to look up the creation time and TTL of a given response-wrapping token",
      "path \"sys/wrapping/lookup\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow a token to unwrap a response-wrapping token",
      "path \"sys/wrapping/unwrap\" {",
      "    capabilities = [\"update\"]",
      "}",
      "",
      "# Allow general purpose tools",
      "path \"sys/tools/hash\" {",
      "    capabilities = [\"update\"]",
      "}",
      "path \"sys/tools/hash/*\" {",
      "    capabilities = [\"update\"]",
      "}",
      "");

  static final String RESPONSE_WRAPPING_POLICY = String.join("\n",
      "path \"cubbyhole/response\" {",
      "    capabilities = [\"create\", \"read\"]",
      "}",
      "",
      "path \"sys/wrapping/unwrap\" {",
      "    capabilities = [\"update\"]",
      "}",
      "");

  private final Map<String, Policy> byName = new TreeMap<>();

  PolicyStore() {
    byName.put("default", Policy.parse("default", DEFAULT_POLICY));
    byName.put("response-wrapping", Policy.parse("response-wrapping", RESPONSE_WRAPPING_POLICY));
  }

  /** Vault's {@code sanitizeName}: policy names are trimmed and lower-cased on every write, read and delete. */
  static String sanitize(String name) {
    return name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
  }

  synchronized Policy get(String rawName) {
    String name = sanitize(rawName);
    if ("root".equals(name)) {
      return new Policy("root", "", List.of());
    }
    return byName.get(name);
  }

  synchronized boolean exists(String rawName) {
    String name = sanitize(rawName);
    return "root".equals(name) || byName.containsKey(name);
  }

  /** Stores a policy (400 for root and response-wrapping, and for text that does not parse). */
  synchronized void put(String rawName, String text) {
    String name = sanitize(rawName);
    if ("root".equals(name)) {
      throw DevException.badRequest("cannot update \"root\" policy");
    }
    if ("response-wrapping".equals(name)) {
      throw DevException.badRequest("cannot update \"response-wrapping\" policy");
    }
    byName.put(name, Policy.parse(name, text));
  }

  synchronized void delete(String rawName) {
    String name = sanitize(rawName);
    if ("root".equals(name) || "response-wrapping".equals(name)) {
      throw DevException.badRequest("cannot delete \"" + name + "\" policy");
    }
    if ("default".equals(name)) {
      throw DevException.badRequest("cannot delete default policy");
    }
    byName.remove(name);
  }

  /** Names as Vault lists them: stored ones plus root, without the internal response-wrapping policy. */
  synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (String n : byName.keySet()) {
      if (!"response-wrapping".equals(n)) {
        out.add(n);
      }
    }
    out.add("root");
    out.sort(null);
    return out;
  }

  /** The ACL for a set of policy names; unknown names grant nothing. */
  synchronized Acl acl(Collection<String> names) {
    if (names.stream().anyMatch(n -> "root".equals(sanitize(n)))) {
      return Acl.root();
    }
    List<Policy> ps = new ArrayList<>();
    for (String n : names) {
      Policy p = byName.get(sanitize(n));
      if (p != null) {
        ps.add(p);
      }
    }
    return Acl.of(ps);
  }
}
