package io.vaultlet.dev;

/**
 * Vault's {@code PathsSpecial.Unauthenticated} matching for {@link Backend#unauthenticatedPaths()}: an exact path, a
 * prefix ending in {@code *} ({@code login/*}), and {@code +} for one whole segment ({@code issuer/+/pem}).
 */
final class UnauthenticatedPaths {

  private UnauthenticatedPaths() {}

  /** Vault's {@code PathsSpecial.Unauthenticated}: exact paths, a trailing {@code *} prefix, {@code +} segments. */
  static boolean matches(Backend backend, String rest) {
    String p = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    for (String u : backend.unauthenticatedPaths()) {
      String pattern = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      if (pattern.endsWith("*") ? segmentsMatch(pattern.substring(0, pattern.length() - 1), p, true)
          : segmentsMatch(pattern, p, false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean segmentsMatch(String pattern, String path, boolean prefix) {
    if (!pattern.contains("+")) {
      return prefix ? path.startsWith(pattern) : path.equals(pattern);
    }
    String[] want = pattern.split("/", -1);
    String[] have = path.split("/", -1);
    if (prefix ? have.length < want.length : have.length != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean last = i == want.length - 1;
      if (want[i].equals("+") ? have[i].isEmpty()
          : !(prefix && last ? have[i].startsWith(want[i]) : have[i].equals(want[i]))) {
        return false;
      }
    }
    return true;
  }
}
