package io.vaultlet.dev;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A token's merged ACL: path rules from all its policies, matched as Vault does (exact paths, {@code *} suffix globs,
 * {@code +} segment wildcards; the most specific matching rule decides; {@code deny} wins inside a rule).
 */
final class Acl {

  /** One path rule with the union of the capabilities policies grant on it. */
  record Rule(String pattern, Set<String> capabilities) {}

  private final boolean root;
  private final List<Rule> rules;

  private Acl(boolean root, List<Rule> rules) {
    this.root = root;
    this.rules = rules;
  }

  static Acl root() {
    return new Acl(true, List.of());
  }

  /** Merges the rules of several policies (same pattern: capabilities are unioned). */
  static Acl of(Collection<Policy> policies) {
    Map<String, Set<String>> merged = new LinkedHashMap<>();
    for (Policy p : policies) {
      for (Rule r : p.rules()) {
        merged.computeIfAbsent(r.pattern(), k -> new LinkedHashSet<>()).addAll(r.capabilities());
      }
    }
    List<Rule> out = new ArrayList<>();
    merged.forEach((k, v) -> out.add(new Rule(k, v)));
    return new Acl(false, out);
  }

  boolean isRoot() {
    return root;
  }

  /** The capabilities granted on a path (root: everything). Deny yields {@code [deny]}. */
  Set<String> capabilities(String path) {
    if (root) {
      return Set.of("create", "read", "update", "patch", "delete", "list", "sudo", "root");
    }
    Rule best = match(path);
    if (best == null) {
      return Set.of();
    }
    if (best.capabilities().contains("deny")) {
      return Set.of("deny");
    }
    return best.capabilities();
  }

  /** Whether {@code capability} is allowed on {@code path}; list operations also try the path without its slash. */
  boolean allows(String path, String capability) {
    if (root) {
      return true;
    }
    Set<String> caps = capabilities(path);
    if (caps.isEmpty() && "list".equals(capability) && path.endsWith("/")) {
      caps = capabilities(path.substring(0, path.length() - 1));
    }
    return !caps.contains("deny") && caps.contains(capability);
  }

  /** Whether any rule grants something at or below {@code prefix} (sys/internal/ui/mounts). */
  boolean anyUnder(String prefix) {
    if (root) {
      return true;
    }
    for (Rule r : rules) {
      if (r.capabilities().contains("deny") || r.capabilities().isEmpty()) {
        continue;
      }
      String literal = literalPrefix(r.pattern());
      if (literal.startsWith(prefix) || (prefix.startsWith(literal) && !literal.equals(r.pattern()))
          || r.pattern().equals(prefix.substring(0, Math.max(0, prefix.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  private Rule match(String path) {
    List<Rule> matching = new ArrayList<>();
    for (Rule r : rules) {
      if (matches(r.pattern(), path)) {
        matching.add(r);
      }
    }
    if (matching.isEmpty()) {
      return null;
    }
    for (Rule r : matching) {
      if (r.pattern().equals(path)) {
        return r;
      }
    }
    matching.sort(Comparator.comparing(Rule::pattern, Acl::comparePriority).reversed());
    return matching.get(0);
  }

  static boolean matches(String pattern, String path) {
    boolean glob = pattern.endsWith("*");
    String p = glob ? pattern.substring(0, pattern.length() - 1) : pattern;
    if (!p.contains("+")) {
      return glob ? path.startsWith(p) : path.equals(p);
    }
    String[] ps = p.split("/", -1);
    String[] xs = path.split("/", -1);
    if (xs.length < ps.length || (!glob && xs.length != ps.length)) {
      return false;
    }
    for (int i = 0; i < ps.length; i++) {
      boolean last = i == ps.length - 1;
      if (ps[i].equals("+")) {
        if (xs[i].isEmpty() && !last) {
          return false;
        }
        continue;
      }
      if (last && glob) {
        if (!xs[i].startsWith(ps[i])) {
          return false;
        }
      } else if (!ps[i].equals(xs[i])) {
        return false;
      }
    }
    return true;
  }

  /** Vault's priority rules for two matching non-exact patterns; greater means more specific. */
  static int comparePriority(String a, String b) {
    int wa = firstWildcard(a);
    int wb = firstWildcard(b);
    if (wa != wb) {
      return Integer.compare(wa, wb);
    }
    boolean ga = a.endsWith("*");
    boolean gb = b.endsWith("*");
    if (ga != gb) {
      return ga ? -1 : 1;
    }
    long pa = a.chars().filter(c -> c == '+').count();
    long pb = b.chars().filter(c -> c == '+').count();
    if (pa != pb) {
      return pa > pb ? -1 : 1;
    }
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static int firstWildcard(String p) {
    int plus = p.indexOf('+');
    int star = p.indexOf('*');
    if (plus < 0) {
      return star < 0 ? Integer.MAX_VALUE : star;
    }
    return star < 0 ? plus : Math.min(plus, star);
  }

  private static String literalPrefix(String pattern) {
    int w = firstWildcard(pattern);
    return w == Integer.MAX_VALUE ? pattern : pattern.substring(0, w);
  }
}
